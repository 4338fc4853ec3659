// The key store as activation uses it: the demo-key import runs without holding up activate(), and
// a key read made meanwhile waits for it instead of seeing the store before the import.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KeyStore } from '../../src/keys/keyStore';

/** SecretStorage in memory, as VS Code's behaves within one window. */
class MemorySecrets implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

describe('KeyStore while the demo keys are imported', () => {
  it('lets a read made during the import wait for the imported key', async () => {
    const keys = new KeyStore(new MemorySecrets());
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const importing = keys.update(async (store) => {
      assert.equal(await store.get('helyx'), undefined, 'the import itself reads without waiting for itself');
      await gate;
      await store.set('helyx', 'sk-helyx-demo');
      return ['helyx'];
    });
    const read = keys.get('helyx');
    release();
    assert.equal(await read, 'sk-helyx-demo');
    assert.deepEqual(await importing, ['helyx']);
    keys.dispose();
  });

  it('still answers reads when the import fails', async () => {
    const keys = new KeyStore(new MemorySecrets());
    await keys.set('heytoken', 'sk-heytoken');
    await assert.rejects(keys.update(async () => Promise.reject(new Error('SecretStorage unavailable'))), /unavailable/);
    assert.equal(await keys.get('heytoken'), 'sk-heytoken');
    keys.dispose();
  });
});
