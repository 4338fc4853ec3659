import assert from 'node:assert/strict';
import { RemoteImageGate, type RemoteImagePolicy } from '../../../src/chat/remoteImageGate';

describe('chat/remoteImageGate: switchboard.chat.loadRemoteImages on the host', () => {
  it('"ask": allows the one image asked for, by its URL, and lists only those', () => {
    const gate = new RemoteImageGate(() => 'ask');
    assert.deepEqual(gate.allow('https://cdn.example/a.png'), { type: 'remoteImagesAllowed', urls: ['https://cdn.example/a.png'] });
    assert.deepEqual(gate.view(), { policy: 'ask', urls: ['https://cdn.example/a.png'] });
  });

  it('refuses anything that is not an http(s) URL, and a request without one', () => {
    const gate = new RemoteImageGate(() => 'ask');
    for (const url of [undefined, '', 'javascript:alert(1)', 'file:///etc/passwd', 'data:image/png;base64,AA', 'https://']) assert.equal(gate.allow(url), undefined, String(url));
  });

  it('"never": refuses every image and forgets what was allowed before', () => {
    let policy: RemoteImagePolicy = 'ask';
    const gate = new RemoteImageGate(() => policy);
    gate.allow('https://cdn.example/a.png');
    policy = 'never';
    assert.equal(gate.allow('https://cdn.example/b.png'), undefined);
    assert.deepEqual(gate.view(), { policy: 'never', urls: [] });
  });
});
