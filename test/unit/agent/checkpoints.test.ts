import * as assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Checkpoint } from '../../../src/agent/checkpoints';

describe('agent checkpoints', () => {
  let base: string;
  let root: string;
  let storage: string;

  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'sb-checkpoint-')));
    root = path.join(base, 'workspace');
    storage = path.join(base, 'storage', 'task-1');
    await mkdir(root);
  });
  afterEach(async () => rm(base, { recursive: true, force: true }));

  it('restores modified files byte for byte and removes created ones, from a fresh instance', async () => {
    const edited = path.join(root, 'a.bin');
    const original = Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 0x80]);
    await writeFile(edited, original);
    const created = path.join(root, 'sub', 'new.ts');

    const checkpoint = new Checkpoint(storage, root);
    await checkpoint.record(edited);
    await writeFile(edited, 'changed once');
    await checkpoint.record(edited); // second change: the first recording stays
    await writeFile(edited, 'changed twice');
    await checkpoint.record(created);
    await mkdir(path.dirname(created));
    await writeFile(created, 'new file');

    // A new instance reads the manifest from storage, as after a window reload.
    const reloaded = new Checkpoint(storage, root);
    assert.deepEqual(await reloaded.files(), [
      { file: edited, created: false },
      { file: created, created: true },
    ]);
    await reloaded.restore();
    assert.deepEqual(await readFile(edited), original);
    await assert.rejects(access(created));
  });

  it('skips entries outside the workspace folder when the manifest was tampered with', async () => {
    const outside = path.join(base, 'outside.txt');
    await writeFile(outside, 'keep');
    await mkdir(storage, { recursive: true });
    await writeFile(path.join(storage, 'checkpoint.json'), JSON.stringify({ version: 1, root, entries: [{ file: outside }] }));
    await new Checkpoint(storage, root).restore();
    assert.equal(await readFile(outside, 'utf8'), 'keep');
  });

  it('discard forgets the recording', async () => {
    const file = path.join(root, 'x.txt');
    await writeFile(file, 'x');
    const checkpoint = new Checkpoint(storage, root);
    await checkpoint.record(file);
    await checkpoint.discard();
    assert.deepEqual(await new Checkpoint(storage, root).files(), []);
  });
});
