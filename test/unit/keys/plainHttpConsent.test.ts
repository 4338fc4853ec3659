import assert from 'node:assert/strict';
import { PlainHttpConsent, type ConsentMemory } from '../../../src/keys/plainHttpConsent';

class Memory implements ConsentMemory {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('keys/plainHttpConsent: a key over plain http to another machine asks first, once per host', () => {
  it('asks for a remote http host once, remembers a yes, and does not ask again (nor for another base path)', async () => {
    const asked: string[] = [];
    const consent = new PlainHttpConsent(new Memory(), async (host) => (asked.push(host), true));
    assert.equal(await consent.allows('http://203.0.113.5:8000/v1'), true);
    assert.equal(await consent.allows('http://203.0.113.5:8000/other/v1'), true);
    assert.deepEqual(asked, ['203.0.113.5:8000']);
    assert.equal(await consent.allows('http://gw.example/v1'), true);
    assert.deepEqual(asked, ['203.0.113.5:8000', 'gw.example']);
  });

  it('never asks for https or loopback', async () => {
    const asked: string[] = [];
    const consent = new PlainHttpConsent(new Memory(), async (host) => (asked.push(host), false));
    for (const url of ['https://gw.example/v1', 'http://localhost:11434/v1', 'http://127.0.0.1:8080/v1', 'http://[::1]:8080/v1']) {
      assert.equal(await consent.allows(url), true, url);
    }
    assert.deepEqual(asked, []);
  });

  it('a no is not remembered: the key is withheld and the next request asks again', async () => {
    let asks = 0;
    const consent = new PlainHttpConsent(new Memory(), async () => (asks++, false));
    assert.equal(await consent.allows('http://10.0.0.2:8000/v1'), false);
    assert.equal(await consent.allows('http://10.0.0.2:8000/v1'), false);
    assert.equal(asks, 2);
  });

  it('two requests at once ask once', async () => {
    let asks = 0;
    let answer: (yes: boolean) => void = () => undefined;
    const consent = new PlainHttpConsent(new Memory(), () => (asks++, new Promise<boolean>((resolve) => (answer = resolve))));
    const both = Promise.all([consent.allows('http://gw.example/v1'), consent.allows('http://gw.example/v1')]);
    await new Promise((resolve) => setImmediate(resolve));
    answer(true);
    assert.deepEqual(await both, [true, true]);
    assert.equal(asks, 1);
  });
});
