import assert from 'node:assert/strict';
import { eventually } from './chatHarness';
import { assistantMessage, chatState, helyxCredits, LONG_ANSWER, randomSplits, userMessage } from './chatHarnessFixtures';
import { useChatPage } from './suiteHooks';

describe('chat webview: transcript, streaming and composer (headless Chromium)', function () {
  this.timeout(60_000);
  const suite = useChatPage();

  it('posts ready exactly once and shows nothing it could get wrong before the state arrives', async () => {
    const posted = await suite.chat.posted();
    assert.deepEqual(posted, [{ type: 'ready' }]);
    assert.equal(await suite.chat.page.getByRole('article').count(), 0);
    assert.equal(await suite.chat.page.getByRole('textbox', { name: 'Message' }).isVisible(), false);
  });

  it('renders the host state: each message an article named for its author', async () => {
    await suite.chat.deliver({
      type: 'state',
      state: chatState({ messages: [userMessage('u1', 'How do I sort?'), assistantMessage('a1', 'Use **sort()**.')] }),
    });
    const you = suite.chat.page.getByRole('article', { name: 'You' });
    const reply = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    assert.match(await you.innerText(), /How do I sort\?/);
    assert.match(await reply.innerText(), /Use sort\(\)\./);
    assert.equal(await reply.locator('strong').innerText(), 'sort()', 'assistant text is markdown');
    assert.equal(await suite.chat.page.getByRole('article').count(), 2);
  });

  it('a model refresh, a key change and a credits update leave the rendered messages alone; a switch replaces them', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'How do I sort?'), assistantMessage('a1', 'Use **sort()**.')] }) });
    // Tag the first message's element: a rebuild would create a new one without the tag.
    await suite.chat.page.evaluate(() => {
      (document.querySelector('article') as HTMLElement & { __tag?: string }).__tag = 'first';
    });
    const firstTag = (): Promise<string | undefined> => suite.chat.page.evaluate(() => (document.querySelector('article') as HTMLElement & { __tag?: string }).__tag);
    const models = chatState().models;
    await suite.chat.deliver({ type: 'models', models: [...models].reverse(), modelId: models.at(-1)?.id ?? 'helyx-3.5', reasoningSupported: false, hasKey: true, providerLabel: 'HelyxAI' });
    await suite.chat.deliver({ type: 'credits', credits: helyxCredits(Date.now(), { balance: 42 }) });
    await suite.chat.page.getByRole('status', { name: /^Credits/ }).filter({ hasText: '42' }).waitFor();
    assert.equal(await suite.chat.page.getByRole('combobox', { name: 'Model' }).inputValue(), models.at(-1)?.id);
    assert.equal(await firstTag(), 'first', 'the model refresh and the credits update did not re-render the transcript');
    await suite.chat.deliver({ type: 'models', models, modelId: 'helyx-3.5', reasoningSupported: false, hasKey: false, providerLabel: 'HeyToken' });
    await suite.chat.page.getByRole('heading', { name: 'No HeyToken API key' }).waitFor();
    assert.equal(await firstTag(), 'first', 'a key change updates the key notice only');
    await suite.chat.deliver({ type: 'transcript', transcript: { conversationId: 'c2', title: 'Other', messages: [userMessage('u9', 'Another chat')], context: [], busy: false, reasoning: false } });
    await suite.chat.page.getByRole('article', { name: 'You' }).filter({ hasText: 'Another chat' }).waitFor();
    assert.equal(await suite.chat.page.getByRole('article').count(), 1);
    assert.equal(await firstTag(), undefined, 'a switch replaces the transcript');
  });

  it('shows what the user typed as typed: markdown and HTML in a user message stay text', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', '**not bold** <b>nor this</b>')] }) });
    const you = suite.chat.page.getByRole('article', { name: 'You' });
    assert.match(await you.innerText(), /\*\*not bold\*\* <b>nor this<\/b>/);
    assert.equal(await you.locator('b, strong').count(), 0);
  });

  for (const seed of [7, 2024]) {
    it(`streams deltas into one message and ends with the DOM of a one-shot render (seed ${seed})`, async () => {
      await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'Sort objects?'), assistantMessage('a0', 'Earlier *answer*.')] }) });
      // Tag the earlier reply's DOM: if streaming re-rendered other messages the tag would vanish.
      await suite.chat.page.evaluate(() => {
        const earlier = document.querySelector('article[aria-label^="Switchboard"] .message-body') as HTMLElement & { __tag?: string };
        earlier.__tag = 'untouched';
      });
      await suite.chat.deliver({ type: 'busy', busy: true }, { type: 'messageAdded', message: userMessage('u2', 'And stable?') });
      await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
      for (const piece of randomSplits(LONG_ANSWER, 60, seed)) {
        await suite.chat.deliver({ type: 'messageDelta', id: 'a1', text: piece });
      }
      const streaming = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' }).last();
      assert.equal(await streaming.getAttribute('aria-busy'), 'true');
      await suite.chat.deliver(
        { type: 'messageUpdated', id: 'a1', status: 'done', cost: { credits: 1.73, estimated: false } },
        { type: 'busy', busy: false },
      );
      const streamed = await streaming.locator('.message-body').innerHTML();
      assert.equal(streamed, await suite.chat.renderOnce(LONG_ANSWER));
      assert.equal(await streaming.getAttribute('aria-busy'), null);
      assert.match(await streaming.innerText(), /1\.73 credits/);
      const tag = await suite.chat.page.evaluate(() =>
        (document.querySelector('article[aria-label^="Switchboard"] .message-body') as HTMLElement & { __tag?: string }).__tag);
      assert.equal(tag, 'untouched', 'the earlier reply was not re-rendered');
    });
  }

  it('streams reasoning into a collapsible "Thinking" block, separate from the answer', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'Why?')], busy: true }) });
    await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', model: 'deepseek-r1' }) });
    await suite.chat.deliver({ type: 'messageDelta', id: 'a1', reasoning: 'The user asks why. ' });
    await suite.chat.deliver({ type: 'messageDelta', id: 'a1', reasoning: 'I should explain.', text: 'Because ' });
    await suite.chat.deliver({ type: 'messageDelta', id: 'a1', text: 'it is stable.' });
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, deepseek-r1' });
    const thinking = article.getByRole('group', { name: 'Thinking' });
    assert.equal(await thinking.count(), 1);
    await thinking.locator('summary').click();
    assert.match(await thinking.innerText(), /The user asks why\. I should explain\./);
    assert.equal(await article.locator('.message-body').innerText(), 'Because it is stable.');
  });

  it('Send posts the text with the reasoning flag and clears the composer', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    const box = suite.chat.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Explain closures');
    await suite.chat.page.getByRole('button', { name: 'Send' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('send'), { type: 'send', text: 'Explain closures', reasoning: false });
    assert.equal(await box.inputValue(), '');
  });

  it('Enter sends; Shift+Enter starts a new line and sends nothing', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    const box = suite.chat.page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await box.pressSequentially('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    assert.deepEqual(await suite.chat.postedOfType('send'), []);
    assert.equal(await box.inputValue(), 'line one\nline two');
    await box.press('Enter');
    assert.deepEqual(await suite.chat.waitForPosted('send'), { type: 'send', text: 'line one\nline two', reasoning: false });
    assert.equal(await box.inputValue(), '');
  });

  it('Stop is offered only while busy; Stop and Escape post stop and keep the partial answer', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'Long story please')] }) });
    const stop = suite.chat.page.getByRole('button', { name: 'Stop' });
    assert.equal(await stop.isVisible(), false);
    await suite.chat.deliver({ type: 'busy', busy: true }, { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
    await suite.chat.deliver({ type: 'messageDelta', id: 'a1', text: 'Once upon a time' });
    assert.equal(await stop.isVisible(), true);
    assert.equal(await suite.chat.page.getByRole('button', { name: 'Send' }).getAttribute('aria-disabled'), 'true');

    await suite.chat.page.getByRole('textbox', { name: 'Message' }).press('Escape');
    await suite.chat.waitForPosted('stop');
    await suite.chat.clearPosted();
    await stop.click();
    await suite.chat.waitForPosted('stop');

    await suite.chat.deliver({ type: 'messageUpdated', id: 'a1', status: 'stopped' }, { type: 'busy', busy: false });
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    assert.match(await article.innerText(), /Once upon a time/);
    assert.match(await article.innerText(), /Stopped/);
    assert.equal(await stop.isVisible(), false);
    await suite.chat.clearPosted();
    await suite.chat.page.getByRole('textbox', { name: 'Message' }).press('Escape');
    assert.deepEqual(await suite.chat.postedOfType('stop'), [], 'Escape does nothing when nothing runs');
  });

  it('shows an error under its message with the explanation, the gateway words and its action', async () => {
    await suite.chat.deliver({
      type: 'state',
      state: chatState({
        messages: [
          userMessage('u1', 'Hello'),
          assistantMessage('a1', '', {
            status: 'error',
            error: {
              kind: 'auth',
              explanation: 'The gateway rejected the API key.',
              gatewayMessage: 'Invalid API key provided',
              action: 'set-key',
              actionLabel: 'Set API Key',
            },
          }),
        ],
      }),
    });
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    assert.match(await article.innerText(), /The gateway rejected the API key\./);
    assert.match(await article.innerText(), /Invalid API key provided/);
    await article.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('runAction'), { type: 'runAction', action: 'set-key' });
    await article.getByRole('button', { name: 'Retry' }).click();
    await suite.chat.waitForPosted('retry');
  });

  it('announces an error that arrives live, keeping the partial text and offering one Retry', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'Go')], busy: true }) });
    await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
    await suite.chat.deliver({ type: 'messageDelta', id: 'a1', text: 'Partial text before the cut' });
    await suite.chat.deliver(
      {
        type: 'messageUpdated', id: 'a1', status: 'error',
        error: { kind: 'connection', explanation: 'The connection was reset mid-answer.', action: 'retry' },
      },
      { type: 'busy', busy: false },
    );
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    assert.match(await article.getByRole('alert').innerText(), /The connection was reset mid-answer\./);
    assert.match(await article.innerText(), /Partial text before the cut/);
    assert.equal(await article.getByRole('button', { name: 'Retry' }).count(), 1);
  });

  it('Edit & Resend puts the last message back in the composer and posts editResend', async () => {
    await suite.chat.deliver({
      type: 'state',
      state: chatState({ messages: [userMessage('u1', 'Old question'), assistantMessage('a1', 'Old answer'), userMessage('u2', 'Typo questoin'), assistantMessage('a2', 'Answer')] }),
    });
    assert.equal(await suite.chat.page.getByRole('button', { name: 'Edit & Resend' }).count(), 1, 'only on the last user message');
    const last = suite.chat.page.getByRole('article', { name: 'You' }).last();
    await last.getByRole('button', { name: 'Edit & Resend' }).click();
    const box = suite.chat.page.getByRole('textbox', { name: 'Message' });
    assert.equal(await box.inputValue(), 'Typo questoin');
    await box.fill('Typo question');
    await box.press('Enter');
    assert.deepEqual(await suite.chat.waitForPosted('editResend'), { type: 'editResend', messageId: 'u2', text: 'Typo question' });
    assert.deepEqual(await suite.chat.postedOfType('send'), []);
  });

  it('an edit in progress survives a recreated view, but never targets a message that is gone', async () => {
    const state = chatState({ messages: [userMessage('u1', 'Frist'), assistantMessage('a1', 'Answer')] });
    await suite.chat.deliver({ type: 'state', state });
    await suite.chat.page.getByRole('button', { name: 'Edit & Resend' }).click();
    await suite.chat.page.getByRole('textbox', { name: 'Message' }).fill('First');
    await suite.chat.load();
    await suite.chat.deliver({ type: 'state', state });
    assert.equal(await suite.chat.page.getByRole('textbox', { name: 'Message' }).inputValue(), 'First');
    assert.equal(await suite.chat.page.getByRole('button', { name: 'Cancel Edit' }).isVisible(), true);

    // Meanwhile the user switched to another conversation: the edit no longer applies.
    await suite.chat.deliver({ type: 'state', state: chatState({ conversationId: 'conv-2', messages: [userMessage('x1', 'Other')] }) });
    await suite.chat.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    assert.deepEqual(await suite.chat.waitForPosted('send'), { type: 'send', text: 'First', reasoning: false });
    assert.deepEqual(await suite.chat.postedOfType('editResend'), []);
  });

  it('restores identically after the view is recreated (reload + the host state again)', async () => {
    const state = chatState({
      messages: [userMessage('u1', 'Sort objects?'), assistantMessage('a1', LONG_ANSWER, { cost: { credits: 3.5, estimated: false } })],
    });
    await suite.chat.deliver({ type: 'state', state });
    await suite.chat.page.getByRole('textbox', { name: 'Message' }).fill('a draft I was typing');
    const snapshot = async () => ({
      articles: await suite.chat.page.getByRole('article').evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label'), (e as HTMLElement).innerText])),
      credits: await suite.chat.page.getByRole('status', { name: /^Credits/ }).getAttribute('aria-label'),
      model: await suite.chat.page.getByRole('combobox', { name: 'Model' }).inputValue(),
    });
    const before = await snapshot();

    await suite.chat.load();
    assert.deepEqual((await suite.chat.posted()).filter((m) => m.type === 'ready').length, 1, 'the new page posts ready');
    assert.equal(await suite.chat.page.getByRole('article').count(), 0, 'nothing is shown from a stale copy');
    await suite.chat.deliver({ type: 'state', state });
    assert.deepEqual(await snapshot(), before);
    assert.equal(await suite.chat.page.getByRole('textbox', { name: 'Message' }).inputValue(), 'a draft I was typing');
  });

  it('asks the host for an estimate while typing and shows it, warning when it exceeds the balance', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    const box = suite.chat.page.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('How much?');
    const lastEstimate = async () => (await suite.chat.postedOfType('estimate')).at(-1)?.text;
    assert.equal(await eventually(lastEstimate, (t) => t === 'How much?'), 'How much?');
    await suite.chat.deliver({ type: 'estimate', estimate: { label: '≈ 12–420 credits', maxCredits: 420, exceedsBalance: false } });
    const shown = suite.chat.page.locator('.estimate');
    assert.equal(await shown.innerText(), '≈ 12–420 credits');
    assert.equal(await shown.evaluate((e) => e.classList.contains('exceeds')), false);
    await suite.chat.deliver({ type: 'estimate', estimate: { label: '≈ 12–20,000 credits', maxCredits: 20000, exceedsBalance: true } });
    assert.equal(await shown.evaluate((e) => e.classList.contains('exceeds')), true);
    assert.equal(await shown.evaluate((e) => getComputedStyle(e).fontWeight), '600', 'the warning style applies');
  });

  it('gives a declined send back to the composer', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    const box = suite.chat.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Write a novel');
    await box.press('Enter');
    await suite.chat.waitForPosted('send');
    assert.equal(await box.inputValue(), '');
    await suite.chat.deliver({ type: 'restoreDraft', text: 'Write a novel' });
    assert.equal(await box.inputValue(), 'Write a novel');
  });

  it('reasoning switch: disabled for models without it, posts setReasoning, and rides along with send', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    const toggle = suite.chat.page.getByRole('switch', { name: 'Reasoning' });
    assert.equal(await toggle.isDisabled(), true);
    await suite.chat.deliver({ type: 'models', models: chatState().models, modelId: 'deepseek-r1', reasoningSupported: true, hasKey: true, providerLabel: 'HelyxAI' });
    assert.equal(await toggle.isDisabled(), false);
    // The switch's own input sits under its label, as in VS Code: people click the label.
    await suite.chat.page.getByText('Reasoning', { exact: true }).click();
    assert.equal(await toggle.isChecked(), true);
    assert.deepEqual(await suite.chat.waitForPosted('setReasoning'), { type: 'setReasoning', enabled: true });
    const box = suite.chat.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Think first');
    await box.press('Enter');
    assert.deepEqual(await suite.chat.waitForPosted('send'), { type: 'send', text: 'Think first', reasoning: true });
  });

  it('context chips show with a remove button each; Add Selection and Add File ask the host', async () => {
    await suite.chat.deliver({
      type: 'state',
      state: chatState({ context: [{ id: 'c1', label: 'app.ts:10-24', path: '/w/app.ts', language: 'typescript', startLine: 10, endLine: 24 }] }),
    });
    await suite.chat.page.getByRole('button', { name: 'Remove app.ts:10-24' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('removeContext'), { type: 'removeContext', id: 'c1' });
    await suite.chat.deliver({ type: 'context', context: [] });
    assert.equal(await suite.chat.page.getByRole('button', { name: 'Remove app.ts:10-24' }).count(), 0);
    await suite.chat.page.getByRole('button', { name: 'Add Selection' }).click();
    await suite.chat.waitForPosted('addSelection');
    await suite.chat.page.getByRole('button', { name: 'Add File' }).click();
    await suite.chat.waitForPosted('addFile');
  });

  it('without a key shows a friendly start with a Set API Key button', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState({ hasKey: false, credits: undefined }) });
    assert.match(await suite.chat.page.locator('.empty-state').innerText(), /HelyxAI API key/);
    await suite.chat.page.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('runAction'), { type: 'runAction', action: 'set-key' });
  });

  it('keeps model output inert: no script runs, no handler fires, javascript: links go nowhere', async () => {
    const hostile = [
      'Look: <img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=2</script>',
      '[click me](javascript:window.__pwned=3)',
      '<svg><script>window.__pwned=4</script><a xlink:href="javascript:window.__pwned=5"><text>svg</text></a></svg>',
      '<iframe src="javascript:window.__pwned=6"></iframe>',
    ].join('\n\n');
    // Parsing the payload for sanitizing makes Chromium report (and block) its inline handler:
    // the CSP backing up the sanitizer, which is expected here and nowhere else.
    suite.expectReports(/^csp: script-src-attr /, /inline event handler violates/);
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'hi'), assistantMessage('a1', hostile)] }) });
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    await article.getByText('click me').click();
    await suite.chat.page.waitForTimeout(50);
    assert.equal(await suite.chat.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await article.locator('script, iframe, [onerror]').count(), 0);
    assert.deepEqual((await suite.chat.postedOfType('openLink')).filter((m) => m.href.startsWith('javascript')), []);
  });

  it('sends links and code-block actions to the host', async () => {
    await suite.chat.deliver({
      type: 'state',
      state: chatState({ messages: [userMessage('u1', 'hi'), assistantMessage('a1', 'See [the docs](https://example.com/docs).\n\n```ts\nconst x = 1;\n```\n')] }),
    });
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    await article.getByRole('link', { name: 'the docs' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('openLink'), { type: 'openLink', href: 'https://example.com/docs' });
    await article.getByRole('button', { name: /^Copy/ }).click();
    assert.deepEqual(await suite.chat.waitForPosted('copyCode'), { type: 'copyCode', code: 'const x = 1;' });
    await article.getByRole('button', { name: /^Insert/ }).click();
    assert.deepEqual(await suite.chat.waitForPosted('insertCode'), { type: 'insertCode', code: 'const x = 1;', language: 'ts' });
    await article.getByRole('button', { name: /^New File/ }).click();
    assert.deepEqual(await suite.chat.waitForPosted('newFile'), { type: 'newFile', code: 'const x = 1;', language: 'ts' });
  });

  it('loads remote images only after the user allows them, through the host', async () => {
    const src = `${suite.origin}/pixel.png`;
    await suite.chat.deliver({ type: 'state', state: chatState({ messages: [userMessage('u1', 'hi'), assistantMessage('a1', `A chart: ![sales chart](${src})`)] }) });
    const article = suite.chat.page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    assert.equal(await article.locator('img').count(), 0, 'no request leaves before the user agrees');
    await article.getByRole('button', { name: /Load image/ }).click();
    await suite.chat.waitForPosted('allowRemoteImages');
    await suite.chat.deliver({ type: 'remoteImagesAllowed' });
    const img = article.getByRole('img', { name: 'sales chart' });
    assert.equal(await img.getAttribute('src'), src);
    assert.equal(await eventually(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), (w) => w === 1), 1);
    // Answers arriving afterwards show their images straight away.
    await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('a2', `Again: ![second](${src})`) });
    assert.equal(await suite.chat.page.getByRole('img', { name: 'second' }).getAttribute('src'), src);
  });

  it('focuses the composer when the host asks (Add Selection from the editor, New Chat)', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    await suite.chat.page.getByRole('combobox', { name: 'Model' }).focus();
    await suite.chat.deliver({ type: 'focusComposer' });
    assert.equal(await suite.chat.page.getByRole('textbox', { name: 'Message' }).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true);
  });

  it('keeps following a stream at the bottom, but not after the user scrolls up', async () => {
    await suite.chat.deliver({
      type: 'state',
      state: chatState({
        messages: [userMessage('u0', 'Earlier'), assistantMessage('a0', LONG_ANSWER), userMessage('u1', 'Tell me a lot')],
        // Enough chips to wrap: the composer grows after the transcript was laid out.
        context: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `c${n}`, label: `src/feature${n}/component${n}.ts:10-24`, path: `/w/f${n}.ts`, language: 'typescript' })),
        busy: true,
      }),
    });
    const transcript = suite.chat.page.getByRole('main', { name: 'Conversation' });
    const distanceFromBottom = () => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    assert.ok(await eventually(distanceFromBottom, (d) => d < 2) < 2, 'a restored conversation opens at its end');
    await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
    for (let i = 0; i < 40; i++) await suite.chat.deliver({ type: 'messageDelta', id: 'a1', text: `Paragraph ${i} with some words.\n\n` });
    assert.ok(await eventually(distanceFromBottom, (d) => d < 2) < 2, 'pinned to the bottom while streaming');
    await transcript.evaluate((el) => {
      el.scrollTop = 0;
    });
    await eventually(() => transcript.evaluate((el) => el.scrollTop), (t) => t === 0);
    for (let i = 0; i < 10; i++) await suite.chat.deliver({ type: 'messageDelta', id: 'a1', text: `More ${i}.\n\n` });
    await suite.chat.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    assert.equal(await transcript.evaluate((el) => el.scrollTop), 0, 'the user’s scroll position is respected');
  });
});
