import assert from 'node:assert/strict';
import { useMarkdownPage } from './suiteHooks';

/** Each payload sets window.__pwned (or opens a dialog) if any part of it ever runs. */
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=\'img onerror\'">',
  '<script>window.__pwned = "script"</script>',
  'inline <script>window.__pwned = "inline script"</script> in a paragraph',
  '[markdown js link](javascript:window.__pwned=\'md link\')',
  '[spaced js link]( javascript:alert(1) )',
  '<a href="javascript:window.__pwned=\'html link\'">html js link</a>',
  '<a href="jav&#x09;ascript:window.__pwned=\'entity link\'">entity js link</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  '<svg onload="window.__pwned=\'svg\'"><circle r="5"/></svg>',
  '<svg><script>window.__pwned="svg script"</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
  '<iframe src="javascript:window.__pwned=\'iframe\'"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=\'srcdoc\'</script>"></iframe>',
  '<object data="javascript:window.__pwned=\'object\'"></object><embed src="javascript:alert(1)">',
  '<div id="clicky" onclick="window.__pwned=\'onclick\'" onmouseover="window.__pwned=\'hover\'">click me</div>',
  '<details open ontoggle="window.__pwned=\'ontoggle\'"><summary>toggle</summary>x</details>',
  '<p style="background:url(javascript:alert(1))">styled</p><style>body { display: none }</style>',
  '<form action="javascript:alert(1)"><input type="submit" value="go"><button formaction="javascript:alert(1)">b</button></form>',
  '![md js image](javascript:window.__pwned=\'md image\')',
  '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" alt="data html image">',
  '<video poster="javascript:alert(1)" src="x" onerror="window.__pwned=\'video\'"></video>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">',
  '<input autofocus onfocus="window.__pwned=\'autofocus\'">',
  // Highlighted code is built as spans and text from the highlighter's tokens, never parsed as HTML.
  '```html\n<img src=x onerror="window.__pwned=\'code img\'"><script>window.__pwned="code script"</script>\n<style>body { display: none }</style>\n```',
  '```ts\nconst html = `<img src=x onerror="window.__pwned=\'ts img\'">`; // <script>window.__pwned = 1</script>\n```',
].join('\n\n');

/** Evaluated in the page: what of the payload survived in a container. */
function inspect(id: string) {
  const root = document.getElementById(id)!;
  const all = Array.from(root.querySelectorAll('*'));
  return {
    html: root.innerHTML,
    forbiddenTags: all.map((el) => el.tagName.toLowerCase()).filter((tag) =>
      ['script', 'style', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'video', 'meta', 'base', 'link', 'textarea'].includes(tag)),
    eventAttributes: all.flatMap((el) => el.getAttributeNames().filter((name) => name.startsWith('on')).map((name) => `${el.tagName}[${name}]`)),
    styleAttributes: all.filter((el) => el.hasAttribute('style')).length,
    badUrls: all.flatMap((el) => ['href', 'src', 'action', 'formaction', 'data', 'poster'].map((name) => el.getAttribute(name) ?? ''))
      .filter((url) => /^\s*(javascript|vbscript|data:text)/i.test(url) || /^\s*data:(?!image\/)/i.test(url)),
    // The code blocks' own Copy, Insert and New File buttons are the renderer's, not the model's.
    buttons: Array.from(root.querySelectorAll('button:not(.md-code-action)')).map((b) => b.className),
    codeText: Array.from(root.querySelectorAll('pre code')).map((c) => c.textContent ?? ''),
    inputs: Array.from(root.querySelectorAll('input')).map((i) => `${i.type}${i.disabled ? ':disabled' : ''}`),
  };
}

describe('streaming markdown: model output stays inert (Chromium)', function () {
  const suite = useMarkdownPage();

  /**
   * Waits until an image with inline handlers in a separate element has loaded and fired its
   * handler: an image (or handler) of the payload would have been requested and fired by then too.
   */
  async function settle(): Promise<void> {
    await suite.tp.page.evaluate(() => {
      const w = window as unknown as { __controlFired?: boolean };
      w.__controlFired = false;
      const control = document.createElement('div');
      // Deliberately unsafe: this is the detector, not model output.
      control.innerHTML = `<img src="/img/control.png?${Date.now()}" onload="window.__controlFired = true" onerror="window.__controlFired = true">`;
      document.body.append(control);
    });
    await suite.tp.page.waitForFunction(() => (window as unknown as { __controlFired?: boolean }).__controlFired === true);
  }

  it('the detector works: the same payload without the renderer runs', async function () {
    await suite.tp.page.evaluate((payload) => {
      const el = document.createElement('div');
      el.innerHTML = payload; // unsanitized on purpose
      document.body.append(el);
    }, PAYLOADS);
    await settle();
    assert.notEqual(await suite.tp.page.evaluate(() => window.__pwned), undefined);
  });

  for (const mode of ['streamed', 'one-shot'] as const) {
    it(`${mode}: no payload runs, no dangerous tag, attribute or URL reaches the DOM`, async function () {
      await suite.tp.page.evaluate(([payload, m]) => {
        const h = window.markdownHarness;
        if (m === 'one-shot') {
          h.renderOnce('out', payload);
          return;
        }
        h.startStream('out');
        const md = h.stream('out');
        for (let i = 0; i < payload.length; i += 3) md.append(payload.slice(i, i + 3));
        md.finish();
      }, [PAYLOADS, mode] as const);
      await settle();

      // Try to trigger whatever handlers might have survived.
      await suite.tp.page.getByText('click me').click();
      await suite.tp.page.getByText('click me').hover();
      for (const name of ['markdown js link', 'spaced js link', 'html js link', 'entity js link', 'data link']) {
        await suite.tp.page.getByText(name).click();
      }
      await settle();

      const found = await suite.tp.page.evaluate(inspect, 'out');
      assert.equal(await suite.tp.page.evaluate(() => window.__pwned), undefined, 'a payload ran');
      assert.deepEqual(suite.tp.dialogs, [], 'a payload opened a dialog');
      assert.deepEqual(found.forbiddenTags, []);
      assert.deepEqual(found.eventAttributes, []);
      assert.equal(found.styleAttributes, 0);
      assert.deepEqual(found.badUrls, []);
      assert.deepEqual(found.buttons, [], 'model output produced buttons');
      assert.ok(found.codeText.some((t) => t.includes('<script>window.__pwned="code script"</script>')), 'the HTML in a highlighted block is shown as its text');
      assert.ok(found.inputs.every((i) => i === 'checkbox:disabled'), `inputs: ${found.inputs.join(', ')}`);
      assert.equal(suite.tp.page.url(), `${suite.server.url}/`, 'the page navigated');
      assert.deepEqual(
        await suite.tp.page.evaluate(() => window.markdownHarness.calls.filter((c) => c.hook === 'onOpenLink')),
        [],
        'a non-http(s) link reached onOpenLink',
      );
      assert.deepEqual(suite.tp.blockedRequests, []);
      // The harmless text around the payloads is still shown.
      assert.match(found.html, /click me/);
      assert.match(found.html, /in a paragraph/);
    });
  }

  it('does not load remote images until the user allows them', async function () {
    const markdown = [
      `![a cat](${suite.server.url}/img/cat.png)`,
      `<img src="${suite.server.url}/img/raw.png" alt="raw html image">`,
      `A reference image ![logo][logo].`,
      `[logo]: ${suite.server.url}/img/logo.png`,
    ].join('\n\n');
    await suite.tp.page.evaluate((text) => {
      const h = window.markdownHarness;
      h.startStream('out');
      const md = h.stream('out');
      for (let i = 0; i < text.length; i += 5) md.append(text.slice(i, i + 5));
      md.finish();
    }, markdown);
    const controlRequests = suite.server.hits('/img/control.png');
    await settle();
    // The control image went through the same server, so any request the renderer made came first.
    assert.equal(suite.server.hits('/img/control.png'), controlRequests + 1, 'the request counter works');
    assert.equal(suite.server.hits('/img/cat.png'), 0);
    assert.equal(suite.server.hits('/img/raw.png'), 0);
    assert.equal(suite.server.hits('/img/logo.png'), 0);

    await suite.tp.page.getByRole('button', { name: `Load image from ${new URL(suite.server.url).host}` }).first().click();
    assert.deepEqual(await suite.tp.page.evaluate(() => window.markdownHarness.calls.map((c) => c.hook)), ['onRequestRemoteImages']);
    assert.equal(suite.server.hits('/img/cat.png'), 0, 'clicking only asks; the host decides');

    await suite.tp.page.evaluate(() => {
      window.markdownHarness.remoteImagesAllowed = true;
      window.markdownHarness.stream('out').showRemoteImages();
    });
    await suite.tp.page.locator('#out img[alt="a cat"]').evaluate((img: HTMLImageElement) => img.decode());
    await suite.tp.page.locator('#out img[alt="raw html image"]').evaluate((img: HTMLImageElement) => img.decode());
    await suite.tp.page.locator('#out img[alt="logo"]').evaluate((img: HTMLImageElement) => img.decode());
    assert.equal(suite.server.hits('/img/cat.png'), 1);
    assert.equal(suite.server.hits('/img/raw.png'), 1);
    assert.equal(suite.server.hits('/img/logo.png'), 1);
    assert.equal(await suite.tp.page.getByRole('button', { name: /^Load image/ }).count(), 0);
  });

  it('renders remote images directly once they are allowed', async function () {
    await suite.tp.page.evaluate((url) => {
      window.markdownHarness.remoteImagesAllowed = true;
      window.markdownHarness.renderOnce('out', `![allowed](${url}/img/allowed.png)`);
    }, suite.server.url);
    await suite.tp.page.locator('#out img[alt="allowed"]').evaluate((img: HTMLImageElement) => img.decode());
    assert.equal(suite.server.hits('/img/allowed.png'), 1);
  });

  it('links: clicks open http(s) through the hook and nothing else; the page never navigates', async function () {
    const markdown = [
      '[site](https://example.com/path?q=1) and <https://example.net/auto> and http://example.org/bare',
      '[mail](mailto:someone@example.com) [relative](./file.md) [anchor](#top) [js](javascript:void(0))',
      '<a href="https://example.com/raw">raw html link</a>',
    ].join('\n\n');
    await suite.tp.page.evaluate((text) => window.markdownHarness.renderOnce('out', text), markdown);

    await suite.tp.page.getByRole('link', { name: 'site' }).click();
    await suite.tp.page.getByRole('link', { name: 'https://example.net/auto' }).click();
    await suite.tp.page.getByRole('link', { name: 'http://example.org/bare' }).click();
    await suite.tp.page.getByRole('link', { name: 'raw html link' }).click({ button: 'middle' });
    await suite.tp.page.getByRole('link', { name: 'raw html link' }).click();
    for (const inert of ['mail', 'relative', 'anchor', 'js']) {
      assert.equal(await suite.tp.page.getByRole('link', { name: inert, exact: true }).count(), 0, `${inert} is still a link`);
      await suite.tp.page.getByText(inert, { exact: true }).click();
    }

    const opened = await suite.tp.page.evaluate(() => window.markdownHarness.calls.filter((c) => c.hook === 'onOpenLink').map((c) => c.args[0]));
    assert.deepEqual(opened, [
      'https://example.com/path?q=1',
      'https://example.net/auto',
      'http://example.org/bare',
      'https://example.com/raw',
      'https://example.com/raw',
    ]);
    assert.equal(suite.tp.page.url(), `${suite.server.url}/`);
    assert.equal(suite.tp.context.pages().length, 1, 'a link opened a window');
    assert.deepEqual(suite.tp.blockedRequests, [], 'a click tried to reach the network');
  });
});
