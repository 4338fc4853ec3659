import assert from 'node:assert/strict';
import { newConversation, toMarkdown } from '../../../src/chat/conversation';
import {
  isUnderImageRoot,
  parseImageRoots,
  parseWorkspaceImageReference,
  resolveWorkspaceImage,
  workspaceImageReference,
} from '../../../src/shared/workspaceImages';

const ROOTS = [
  { name: 'shop', base: 'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop' },
  { name: 'my docs (old)', base: 'https://file%2B.vscode-resource.vscode-cdn.net/home/me/docs/' },
];

describe('shared/workspaceImages: images in the transcript by workspace path, not by bytes', () => {
  it('a reference names the folder and the path only: short, whatever the image weighs', () => {
    const ref = workspaceImageReference('shop', 'generated/images/a-lighthouse-at-dusk-20260101-120000.png');
    assert.equal(ref, 'switchboard-image:shop/generated/images/a-lighthouse-at-dusk-20260101-120000.png');
    const answer = `![a lighthouse at dusk](${ref})\n\nSaved to \`generated/images/a-lighthouse-at-dusk-20260101-120000.png\``;
    assert.ok(answer.length < 300, `the transcript entry is ${answer.length} characters`);
    assert.ok(!answer.includes('data:'));
  });

  it('encodes what would break a markdown link target, and decodes it back', () => {
    const ref = workspaceImageReference('my docs (old)', 'img/a (1) b.png');
    assert.ok(!/[\s()]/.test(ref), ref);
    assert.deepEqual(parseWorkspaceImageReference(ref), { folder: 'my docs (old)', segments: ['img', 'a (1) b.png'] });
    assert.equal(resolveWorkspaceImage(ref, ROOTS), 'https://file%2B.vscode-resource.vscode-cdn.net/home/me/docs/img/a%20(1)%20b.png');
  });

  it('resolves only into an open workspace folder, never out of it', () => {
    assert.equal(resolveWorkspaceImage('switchboard-image:shop/a.png', ROOTS), 'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop/a.png');
    for (const bad of [
      'switchboard-image:elsewhere/a.png',
      'switchboard-image:shop/../secret.png',
      'switchboard-image:shop/%2E%2E/secret.png',
      'switchboard-image:shop/img%2F..%2F..%2Fsecret.png',
      'switchboard-image:shop/img%5C..%5Csecret.png',
      'switchboard-image:shop/',
      'switchboard-image:shop',
      'switchboard-image:shop/%E0%A4%A.png',
      `switchboard-image:shop/${'a'.repeat(5000)}.png`,
      'https://example.com/a.png',
    ]) assert.equal(resolveWorkspaceImage(bad, ROOTS), undefined, bad);
    assert.throws(() => workspaceImageReference('shop', '../outside.png'));
  });

  it('a URL counts as a workspace image only under a root, without dot segments or queries', () => {
    assert.equal(isUnderImageRoot('https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop/a.png', ROOTS), true);
    for (const url of [
      'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shopping/a.png',
      'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop/../x.png',
      'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop/%2e%2e/x.png',
      'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop/a%2F..%2Fx.png',
      'https://file%2B.vscode-resource.vscode-cdn.net/home/me/shop/a.png?x=1',
      'https://example.com/home/me/shop/a.png',
    ]) assert.equal(isUnderImageRoot(url, ROOTS), false, url);
  });

  it('reads the page\'s roots defensively: malformed, non-http or oversized input gives none', () => {
    assert.deepEqual(parseImageRoots(JSON.stringify(ROOTS)), ROOTS);
    assert.deepEqual(parseImageRoots(undefined), []);
    assert.deepEqual(parseImageRoots('{not json'), []);
    assert.deepEqual(parseImageRoots(JSON.stringify({ name: 'x', base: 'https://a' })), []);
    assert.deepEqual(parseImageRoots(JSON.stringify([{ name: 'x', base: 'javascript:alert(1)' }, { name: 1, base: 'https://a' }])), []);
    assert.equal(parseImageRoots(JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ name: `f${i}`, base: `https://a/${i}` })))).length, 64);
  });
});

describe('chat/conversation toMarkdown: an exported conversation links its workspace images', () => {
  it('replaces each reference with the link given for it, and keeps one it cannot place', () => {
    const conversation = newConversation('c1', 'helyx', 'helyx-3.5', 0);
    const ref = workspaceImageReference('shop', 'generated/images/a (1).png');
    conversation.messages.push({ id: 'a1', role: 'assistant', status: 'done', createdAt: 0, text: `![a](${ref})\n\n![b](switchboard-image:gone/b.png)` });
    const exported = toMarkdown(conversation, (r) => (r === ref ? 'file:///home/me/shop/generated/images/a%20(1).png' : undefined));
    assert.ok(exported.includes('![a](file:///home/me/shop/generated/images/a%20(1).png)'), exported);
    assert.ok(exported.includes('![b](switchboard-image:gone/b.png)'), exported);
  });
});
