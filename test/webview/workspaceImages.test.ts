import assert from 'node:assert/strict';
import { workspaceImageReference } from '../../src/shared/workspaceImages';
import { eventually, WORKSPACE_FOLDER_NAME, WORKSPACE_ROOT_PATH } from './chatHarness';
import { assistantMessage, chatState, userMessage } from './chatHarnessFixtures';
import { useChatPage } from './suiteHooks';

/** A 1×1 PNG as an old conversation stored it, before images were kept by path. */
const PIXEL_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('chat webview: images saved in the workspace (headless Chromium)', function () {
  this.timeout(60_000);
  const suite = useChatPage();
  const reference = (path: string): string => workspaceImageReference(WORKSPACE_FOLDER_NAME, path);
  const reply = () => suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });

  it('shows a /image result from its workspace file through the webview resource origin, without asking', async () => {
    // Under "never" too: a workspace image is local, not a remote one held back by the gate.
    await suite.chat.deliver({
      type: 'state',
      state: chatState({
        remoteImages: { policy: 'never', urls: [] },
        messages: [userMessage('u1', '/image a lighthouse'), assistantMessage('a1', `![a lighthouse](${reference('generated/images/pixel.png')})\n\nSaved to \`generated/images/pixel.png\``)],
      }),
    });
    const img = reply().getByRole('img', { name: 'a lighthouse' });
    assert.equal(await img.getAttribute('src'), `${suite.origin}${WORKSPACE_ROOT_PATH}/generated/images/pixel.png`);
    assert.equal(await eventually(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), (w) => w === 1), 1);
    assert.equal(await reply().getByRole('button', { name: /Load image/ }).count(), 0, 'a workspace image was treated as remote');
    assert.deepEqual(await suite.chat.postedOfType('allowRemoteImages'), []);
  });

  it('keeps only webview-resource images (and data: images) and drops every other scheme', async () => {
    const sources = [
      reference('generated/images/pixel.png'),
      'switchboard-image:fixture%20workspace/../secret.png',
      'switchboard-image:fixture%20workspace/generated%2F..%2F..%2Fsecret.png',
      'file:///etc/passwd',
      'vscode-resource:/etc/passwd',
      'vscode-webview://abc/index.html',
      'blob:https://example.com/0b2c',
      'javascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      PIXEL_DATA_URL,
    ];
    const text = sources.map((src, i) => `![image ${i}](${src})`).join('\n\n');
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'show me'), assistantMessage('a1', text)] }) });
    await reply().getByRole('img', { name: 'image 0' }).waitFor();
    const kept = await reply().locator('img[src]').evaluateAll((imgs) => imgs.map((img) => [img.getAttribute('alt'), img.getAttribute('src')]));
    assert.deepEqual(kept, [
      ['image 0', `${suite.origin}${WORKSPACE_ROOT_PATH}/generated/images/pixel.png`],
      ['image 9', PIXEL_DATA_URL],
    ]);
    // A reference that climbs out of its folder names nothing: it shows the notice, not an image.
    assert.equal(await reply().getByRole('img', { name: /^Image not found/ }).count(), 2);
  });

  it('a deleted file or a folder not open here shows a notice naming the path, not a broken image', async () => {
    suite.expectReports(/404 \(Not Found\)/);
    await suite.chat.deliver({
      type: 'state',
      state: chatState({
        messages: [
          userMessage('u1', '/image a kite'),
          assistantMessage('a1', `![a kite](${reference('generated/images/a-kite.png')})\n\n![a boat](${workspaceImageReference('other project', 'images/a-boat.png')})`),
        ],
      }),
    });
    const deleted = reply().getByRole('img', { name: 'Image not found: a kite, generated/images/a-kite.png is not in this workspace (moved or deleted?)' });
    await deleted.waitFor();
    assert.match(await deleted.innerText(), /Image not found: generated\/images\/a-kite\.png/);
    await reply().getByRole('img', { name: /^Image not found: a boat, images\/a-boat\.png/ }).waitFor();
    assert.equal(await reply().locator('img').count(), 0, 'a broken image is still on the page');
  });

  it('still shows the data: URL images of conversations saved before', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', '/image a dot'), assistantMessage('a1', `![a dot](${PIXEL_DATA_URL})`)] }) });
    const img = reply().getByRole('img', { name: 'a dot' });
    assert.equal(await eventually(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), (w) => w === 1), 1);
  });
});
