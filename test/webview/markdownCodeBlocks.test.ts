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
