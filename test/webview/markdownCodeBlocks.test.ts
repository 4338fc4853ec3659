import assert from 'node:assert/strict';
import { useMarkdownPage } from './suiteHooks';

const TS_CODE = 'const ok = 1 < 2 && "a" !== \'b\';\nif (ok) console.log(`<b>${ok}</b> & done`);';
const PLAIN_CODE = '<script>alert("not run")</script>\n  indented & <escaped>';
const MARKDOWN = `Here you go:

\`\`\`ts
${TS_CODE}
\`\`\`

And without a language:

\`\`\`
${PLAIN_CODE}
\`\`\`
`;

describe('streaming markdown: code blocks (Chromium)', function () {
  const suite = useMarkdownPage();
  beforeEach(async function () {
    await suite.tp.page.evaluate((text) => {
      const h = window.markdownHarness;
      h.startStream('out');
      const md = h.stream('out');
      for (let i = 0; i < text.length; i += 4) md.append(text.slice(i, i + 4));
      md.finish();
    }, MARKDOWN);
  });

  const calls = () => suite.tp.page.evaluate(() => window.markdownHarness.calls);

  it('each block has Copy, Insert at Cursor and New File buttons', async function () {
    for (const name of ['Copy', 'Insert at Cursor', 'New File']) {
      assert.equal(await suite.tp.page.getByRole('button', { name, exact: true }).count(), 2, name);
    }
  });

  it('the buttons hand the hooks the raw code and its language, not highlighted HTML', async function () {
    const first = suite.tp.page.locator('.md-code').nth(0);
    const second = suite.tp.page.locator('.md-code').nth(1);
    await first.getByRole('button', { name: 'Copy' }).click();
    await first.getByRole('button', { name: 'Insert at Cursor' }).click();
    await first.getByRole('button', { name: 'New File' }).click();
    await second.getByRole('button', { name: 'Copy' }).click();
    await second.getByRole('button', { name: 'New File' }).click();
    assert.deepEqual(await calls(), [
      { hook: 'onCopy', args: [TS_CODE] },
      { hook: 'onInsert', args: [TS_CODE, 'ts'] },
      { hook: 'onNewFile', args: [TS_CODE, 'ts'] },
      { hook: 'onCopy', args: [PLAIN_CODE] },
      { hook: 'onNewFile', args: [PLAIN_CODE, undefined] },
    ]);
  });

  it('finished code is highlighted; code text shows exactly as written', async function () {
    const first = suite.tp.page.locator('.md-code').nth(0);
    assert.ok(await first.locator('.hljs-keyword').count() > 0, 'no keyword highlighted');
    assert.equal(await first.locator('code').textContent(), `${TS_CODE}\n`);
    assert.equal(await suite.tp.page.locator('.md-code').nth(1).locator('code').textContent(), `${PLAIN_CODE}\n`);
  });

  it('a block still streaming already has working buttons', async function () {
    await suite.tp.page.evaluate(() => {
      const h = window.markdownHarness;
      h.calls.length = 0;
      h.startStream('out');
      h.stream('out').append('```py\nprint("partial');
    });
    await suite.tp.page.locator('#out').getByRole('button', { name: 'Copy' }).click();
    assert.deepEqual(await calls(), [{ hook: 'onCopy', args: ['print("partial'] }]);
  });
});

describe('streaming markdown: long code blocks in chunks (Chromium)', function () {
  const suite = useMarkdownPage();

  it('a long block streams into chunks of eight pieces, skipped off screen; a short one has no box of its own; both copy exactly', async function () {
    const lines = (n: number, name: string) => Array.from({ length: n }, (_, i) => `export const ${name}${i} = compute(${i}, "<b>&</b>"); // line ${i}`).join('\n');
    const long = lines(410, 'long');
    const short = lines(30, 'short');
    const text = `Long:\n\n\`\`\`ts\n${long}\n\`\`\`\n\nShort:\n\n\`\`\`ts\n${short}\n\`\`\`\n`;
    const result = await suite.tp.page.evaluate((t) => {
      const h = window.markdownHarness;
      h.startStream('out');
      const md = h.stream('out');
      for (let at = 0; at < t.length; at += 7) md.append(t.slice(at, at + 7));
      md.finish();
      const [long, short] = Array.from(document.querySelectorAll('#out code')).map((code) => Array.from(code.children).map((chunk) => ({
        pieces: chunk.querySelectorAll(':scope > .md-code-piece').length,
        visibility: getComputedStyle(chunk).contentVisibility,
      })));
      return { long, short, streamed: document.getElementById('out')!.innerHTML, once: h.renderOnce('once', t) };
    }, text);
    // 410 lines: twenty 20-line pieces and the last 10 lines, in chunks of 8, 8 and 5.
    assert.deepEqual(result.long, [8, 8, 5].map((pieces) => ({ pieces, visibility: 'auto' })));
    assert.deepEqual(result.short, [{ pieces: 2, visibility: 'visible' }]);
    assert.equal(result.streamed, result.once, 'the streamed block differs from its one-shot render');
    const blocks = suite.tp.page.locator('#out .md-code');
    await blocks.nth(0).getByRole('button', { name: 'Copy' }).click();
    await blocks.nth(1).getByRole('button', { name: 'Copy' }).click();
    const copied = await suite.tp.page.evaluate(() => window.markdownHarness.calls.filter((c) => c.hook === 'onCopy').map((c) => c.args[0]));
    assert.deepEqual(copied, [long, short]);
  });
});
