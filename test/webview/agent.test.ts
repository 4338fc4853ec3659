import assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/shared/protocol';
import { agentState, card, task, taskMessages } from './agentFixtures';
import { eventually } from './chatHarness';
import { assistantMessage, chatState, userMessage } from './chatHarnessFixtures';
import { useChatPage } from './suiteHooks';

describe('chat webview: agent mode (headless Chromium)', function () {
  this.timeout(60_000);
  const suite = useChatPage();

  async function pickMode(name: 'Ask' | 'Agent'): Promise<void> {
    const page = suite.chat.page;
    await page.getByRole('combobox', { name: 'Mode', exact: true }).click();
    await page.getByRole('option', { name }).click();
  }

  it('has no Mode control until the host reports agent settings', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    await suite.chat.page.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.equal(await suite.chat.page.getByRole('combobox', { name: 'Mode', exact: true }).isVisible(), false);
    await suite.chat.deliver({ type: 'agentSettings', agent: { mode: 'ask', defaultBudget: 500, maxSteps: 25 } });
    await suite.chat.page.getByRole('combobox', { name: 'Mode', exact: true }).waitFor();
  });

  it('Mode: picking Agent posts setMode, shows the Budget (the host default) and says Send starts a task', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState() });
    const page = suite.chat.page;
    const budget = page.getByRole('spinbutton', { name: /^Budget/ });
    assert.equal(await budget.isVisible(), false, 'no budget in Ask mode');
    assert.equal(await page.getByRole('button', { name: 'Send' }).count(), 1);
    await pickMode('Agent');
    assert.deepEqual(await suite.chat.waitForPosted('setMode'), { type: 'setMode', mode: 'agent' });
    await budget.waitFor();
    assert.equal(await budget.inputValue(), '1000');
    await page.getByRole('button', { name: 'Start Task' }).waitFor();
    assert.match(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder') ?? '', /task/i);
    await pickMode('Ask');
    assert.deepEqual((await suite.chat.postedOfType('setMode')).map((m) => m.mode), ['agent', 'ask']);
    await page.getByRole('button', { name: 'Send' }).waitFor();
    assert.equal(await budget.isVisible(), false);
  });

  it('the host has the last word on the mode: agentSettings switches the composer', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState() });
    await suite.chat.deliver({ type: 'agentSettings', agent: { mode: 'agent', defaultBudget: 300, maxSteps: 10 } });
    const budget = suite.chat.page.getByRole('spinbutton', { name: /^Budget/ });
    await budget.waitFor();
    assert.equal(await budget.inputValue(), '300');
    assert.deepEqual(await suite.chat.postedOfType('setMode'), [], 'a host change is not echoed back');
  });

  it('in Agent mode the budget goes with send; an invalid budget keeps the text and sends nothing', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState({ agent: { mode: 'agent', defaultBudget: 1000, maxSteps: 25 } }) });
    const page = suite.chat.page;
    const box = page.getByRole('textbox', { name: 'Message' });
    const budget = page.getByRole('spinbutton', { name: /^Budget/ });
    await box.fill('rename calcTotal');
    await budget.fill('');
    await page.getByRole('button', { name: 'Start Task' }).click();
    assert.deepEqual(await suite.chat.postedOfType('send'), []);
    assert.equal(await box.inputValue(), 'rename calcTotal');
    await budget.fill('250');
    await page.getByRole('button', { name: 'Start Task' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('send'), { type: 'send', text: 'rename calcTotal', reasoning: false, budget: 250 });
    assert.equal(await box.inputValue(), '');
    assert.equal(await budget.inputValue(), '1000', 'the next task starts from the default again');
    await box.fill('and again');
    await box.press('Enter');
    await eventually(() => suite.chat.postedOfType('send'), (sends) => sends.length === 2);
    assert.equal((await suite.chat.postedOfType('send'))[1].budget, 1000);
  });

  it('tool cards render under the step by role and name, with their state in words and the result collapsed', async () => {
    const cards = [
      card('c1', 'search_text', 'calcTotal', { state: 'done', result: 'src/a.ts:3: calcTotal()\nsrc/b.ts:9: calcTotal()' }),
      card('c2', 'read_file', 'src/a.ts', { state: 'running' }),
      card('c3', 'edit_file', 'src/a.ts', { state: 'failed', result: 'oldText matched 2 times' }),
      card('c4', 'run_command', 'npm run check', { state: 'denied', result: 'The user denied this command.' }),
    ];
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages(cards), tasks: [task()] }) });
    const page = suite.chat.page;
    const step = page.getByRole('article', { name: 'Switchboard, helyx-3.5' });
    const search = step.getByRole('group', { name: /^search_text calcTotal/ });
    assert.match(await search.innerText(), /Done/);
    assert.match(await step.getByRole('group', { name: /^read_file src\/a\.ts/ }).innerText(), /Running/);
    assert.match(await step.getByRole('group', { name: /^edit_file src\/a\.ts/ }).innerText(), /Failed/);
    assert.match(await step.getByRole('group', { name: /^run_command npm run check/ }).innerText(), /Denied/);
    const result = search.locator('details');
    assert.equal(await result.getAttribute('open'), null, 'collapsed');
    assert.equal(await search.getByText('src/b.ts:9: calcTotal()').isVisible(), false);
    await search.getByText(/^Result/).click();
    assert.equal(await search.getByText(/src\/b\.ts:9: calcTotal\(\)/).isVisible(), true);
  });

  it('a toolCard message adds or replaces one card by id, touching neither the other cards nor the text', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages([card('c1', 'read_file', 'src/a.ts', { state: 'done', result: 'one' })]), tasks: [task()] }) });
    const page = suite.chat.page;
    await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll('.tool-card, .message-body'))) (el as HTMLElement & { __tag?: string }).__tag = 'kept';
    });
    await suite.chat.deliver({ type: 'toolCard', messageId: 's1', card: card('c2', 'read_file', 'src/b.ts', { state: 'running' }) });
    const second = page.getByRole('group', { name: /^read_file src\/b\.ts/ });
    assert.match(await second.innerText(), /Running/);
    await suite.chat.deliver({ type: 'toolCard', messageId: 's1', card: card('c2', 'read_file', 'src/b.ts', { state: 'done', result: 'export const b = 1;' }) });
    assert.match(await second.innerText(), /Done/);
    assert.equal(await page.getByRole('group', { name: /^read_file/ }).count(), 2, 'replaced, not added');
    const tags = await page.evaluate(() => Array.from(document.querySelectorAll('.tool-card, .message-body')).map((el) => (el as HTMLElement & { __tag?: string }).__tag ?? 'new'));
    // The user message body, the step's body, the first card: kept; the second card is new.
    assert.deepEqual(tags, ['kept', 'kept', 'kept', 'new']);
  });

  it('a result is text, never HTML', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages([card('c1', 'read_file', 'evil.html', { state: 'done', result: hostile })]) }) });
    const cardEl = suite.chat.page.getByRole('group', { name: /^read_file evil\.html/ });
    await cardEl.getByText(/^Result/).click();
    assert.equal(await cardEl.locator('pre').innerText(), hostile);
    assert.equal(await cardEl.locator('img, b').count(), 0);
    assert.equal(await suite.chat.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('a card awaiting approval: Approve and Deny post approveTool; an edit offers Open Diff; a command shows its line', async () => {
    const edit = card('e1', 'edit_file', 'src/a.ts', { state: 'awaitingApproval', approval: { kind: 'edit', detail: 'Edit src/a.ts: 1 change' } });
    const command = card('r1', 'run_command', 'npm run check', { state: 'awaitingApproval', approval: { kind: 'command', detail: 'npm run check -- --verbose' } });
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages([edit, command]), tasks: [task()] }) });
    const page = suite.chat.page;
    const editCard = page.getByRole('group', { name: /^edit_file src\/a\.ts/ });
    const commandCard = page.getByRole('group', { name: /^run_command npm run check/ });
    assert.match(await editCard.innerText(), /Waiting for approval/);
    await editCard.getByRole('button', { name: 'Open Diff' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('openToolDiff'), { type: 'openToolDiff', callId: 'e1' });
    await editCard.getByRole('button', { name: 'Deny' }).click();
    assert.equal(await commandCard.getByRole('button', { name: 'Open Diff' }).count(), 0);
    assert.equal(await commandCard.getByRole('code').or(commandCard.locator('code')).last().innerText(), 'npm run check -- --verbose');
    await commandCard.getByRole('button', { name: 'Approve' }).click();
    assert.deepEqual(await suite.chat.postedOfType('approveTool'), [
      { type: 'approveTool', callId: 'e1', approved: false },
      { type: 'approveTool', callId: 'r1', approved: true },
    ]);
    await suite.chat.deliver({ type: 'toolCard', messageId: 's1', card: { ...command, state: 'running', approval: undefined } });
    assert.equal(await commandCard.getByRole('button', { name: 'Approve' }).count(), 0, 'approved: the buttons go');
  });

  it('after Approve the view follows the task again, even if it was scrolled up to the card', async () => {
    const waiting = card('r1', 'run_command', 'npm test', { state: 'awaitingApproval', approval: { kind: 'command', detail: 'npm test' } });
    const filler = Array.from({ length: 12 }, (_, i) => assistantMessage(`f${i}`, `Step ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}`, { taskId: 't1' }));
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: [...taskMessages([waiting]), ...filler], tasks: [task()], busy: true }) });
    const page = suite.chat.page;
    const transcript = page.getByRole('main', { name: 'Conversation' });
    const distanceToBottom = (): Promise<number> => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await transcript.evaluate((el) => el.scrollTo({ top: 0 }));
    await eventually(distanceToBottom, (d) => d > 100);
    await page.getByRole('group', { name: /^run_command npm test/ }).getByRole('button', { name: 'Approve' }).click();
    await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('s9', `Done. ${'more text '.repeat(60)}`, { taskId: 't1' }) });
    assert.ok((await eventually(distanceToBottom, (d) => d <= 2)) <= 2, 'the view stayed where the card was');
  });

  /**
   * A task the host streams the way agentMode does: a step with tool cards that go running → done
   * (each re-sent whole, results collapsed), then a long streamed answer, then the end: the step
   * marked done, every card re-sent, the task done (the summary appears), busy off, credits.
   */
  async function streamTask(between?: () => Promise<void>): Promise<void> {
    const chat = suite.chat;
    await chat.deliver({ type: 'state', state: agentState({ agent: { mode: 'agent', defaultBudget: 1000, maxSteps: 25 }, messages: [userMessage('u1', 'rename calcTotal to computeTotal', { taskId: 't1' })], tasks: [task({ spent: 0, step: 1 })], busy: true }) });
    const files = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'];
    const running = files.map((f, i) => card(`c${i}`, 'read_file', f, { state: 'running' }));
    const done = files.map((f, i) => card(`c${i}`, 'read_file', f, { state: 'done', result: `export const x${i} = 1;\n`.repeat(30) }));
    await chat.deliver({ type: 'messageAdded', message: assistantMessage('s1', '', { taskId: 't1', status: 'streaming', toolCalls: [] }) });
    await chat.deliver({ type: 'messageDelta', id: 's1', text: 'I will read the four files first.' });
    for (const c of running) await chat.deliver({ type: 'toolCard', messageId: 's1', card: c });
    for (const c of done) await chat.deliver({ type: 'toolCard', messageId: 's1', card: c });
    await chat.deliver({ type: 'messageUpdated', id: 's1', status: 'done' }, ...done.map((c) => ({ type: 'toolCard' as const, messageId: 's1', card: c })));
    await chat.deliver({ type: 'task', task: task({ spent: 40, step: 2 }) }, { type: 'messageAdded', message: assistantMessage('s2', '', { taskId: 't1', status: 'streaming', toolCalls: [] }) });
    const paragraph = (i: number): HostToWebview => ({ type: 'messageDelta', id: 's2', text: `Paragraph ${i}: renamed calcTotal in one more place and checked the callers.\n\n` });
    for (let i = 0; i < 30; i++) {
      await chat.deliver(paragraph(i));
      if (i === 5) await between?.();
    }
    // The last delta, then the end right after the frame that laid it out: the end lands while
    // that frame's own scroll (to the new bottom) has yet to report, as with a real host.
    await chat.page.evaluate(([last, ...end]) => new Promise<void>((ok) => {
      window.postMessage(last, '*');
      requestAnimationFrame(() => setTimeout(() => {
        for (const m of end) window.postMessage(m, '*');
        setTimeout(ok, 0);
      }, 0));
    }), [
      paragraph(30),
      { type: 'messageUpdated', id: 's2', status: 'done' },
      { type: 'task', task: task({ spent: 95, step: 2, status: 'done', checkpoint: 'available' }) },
      { type: 'busy', busy: false },
    ] satisfies HostToWebview[]);
  }

  /** How far the summary's bottom edge is below the transcript's visible bottom (≤ 0: in view). */
  function summaryBelowView(): Promise<number> {
    return suite.chat.page.getByRole('group', { name: 'Task total: 95 credits' }).evaluate((summary) => {
      const scroller = summary.closest('main')!;
      return summary.getBoundingClientRect().bottom - scroller.getBoundingClientRect().bottom;
    });
  }

  it('when a task ends while the view follows it, the summary and Restore Checkpoint come into view', async () => {
    await streamTask();
    const page = suite.chat.page;
    const transcript = page.getByRole('main', { name: 'Conversation' });
    const summary = page.getByRole('group', { name: 'Task total: 95 credits' });
    await summary.waitFor();
    const distanceToBottom = (): Promise<number> => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    assert.ok((await eventually(distanceToBottom, (d) => d <= 2)) <= 2, 'the transcript is at its bottom');
    assert.ok((await eventually(summaryBelowView, (d) => d <= 0)) <= 0, 'the summary is in view');
    await summary.getByRole('button', { name: 'Restore Checkpoint' }).click({ trial: true });
  });

  it('when a task ends after the user scrolled up, the view stays where they put it', async () => {
    const transcript = suite.chat.page.getByRole('main', { name: 'Conversation' });
    let readingAt = -1;
    await streamTask(async () => {
      // The user scrolls up into the tool cards while the answer streams.
      readingAt = await transcript.evaluate((el) => {
        el.scrollTop = Math.floor((el.scrollHeight - el.clientHeight) / 2);
        return el.scrollTop;
      });
      await eventually(() => transcript.evaluate((el) => el.scrollTop), (t) => t === readingAt);
    });
    await suite.chat.page.getByRole('group', { name: 'Task total: 95 credits' }).waitFor();
    await suite.chat.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    assert.ok(readingAt > 0);
    assert.ok(await summaryBelowView() > 0, 'the summary waits below, out of view');
    // Content added above the reading position (Edit & Resend on the request) may shift it by a
    // button's height, so the text under the user's eyes stays put; a yank would be hundreds.
    assert.ok(Math.abs(await transcript.evaluate((el) => el.scrollTop) - readingAt) < 60, 'the view stayed where the user put it');
  });

  it('a model that cannot call tools: one line, and Use Ask switches the Mode while Switch Model opens the model picker', async () => {
    const notice = 'helyx-mini cannot call tools (HelyxAI refused tools for helyx-mini: "helyx-mini does not support tools."), so Agent mode cannot use it: switch model, or use Ask.';
    await suite.chat.deliver({
      type: 'state',
      state: agentState({
        agent: { mode: 'agent', defaultBudget: 1000, maxSteps: 25 },
        modelId: 'helyx-mini',
        messages: [
          userMessage('u1', 'rename calcTotal', { taskId: 't1' }),
          assistantMessage('n1', '', { taskId: 't1', model: 'helyx-mini', status: 'error', error: { kind: 'agent-no-tools', explanation: notice, action: 'pick-model', agentFallback: true } }),
        ],
      }),
    });
    const page = suite.chat.page;
    const step = page.getByRole('article', { name: 'Switchboard, helyx-mini' });
    assert.equal(await step.getByText(notice, { exact: true }).count(), 1, 'the notice is one line');
    assert.equal(await step.getByRole('button', { name: 'Pick Model' }).count(), 0, 'its own actions, not the command palette’s');
    await page.getByRole('button', { name: 'Start Task' }).waitFor();

    await step.getByRole('button', { name: 'Use Ask' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('setMode'), { type: 'setMode', mode: 'ask' });
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    assert.equal(await page.getByRole('spinbutton', { name: /^Budget/ }).isVisible(), false, 'Ask mode: no budget');
    const message = page.getByRole('textbox', { name: 'Message' });
    assert.equal(await message.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true, 'the composer is ready to type in');

    await suite.chat.deliver({ type: 'agentSettings', agent: { mode: 'agent', defaultBudget: 1000, maxSteps: 25 } });
    await step.getByRole('button', { name: 'Switch Model' }).click();
    const picker = page.getByRole('combobox', { name: 'Model' });
    assert.equal(await picker.evaluate((el) => el === document.activeElement), true, 'the model picker has focus');
    assert.equal(await picker.getAttribute('aria-expanded'), 'true');
    const models = page.getByRole('listbox', { name: 'Models' });
    await models.getByRole('option', { name: /^helyx-3\.5/ }).click();
    assert.deepEqual(await suite.chat.waitForPosted('pickModel'), { type: 'pickModel', modelId: 'helyx-3.5' });
    assert.deepEqual((await suite.chat.postedOfType('setMode')).map((m) => m.mode), ['ask'], 'Switch Model leaves the mode alone');
  });

  it('a running task shows its budget status; paused at the budget it says why and Raise Budget and Stop post', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages([]), tasks: [task()], busy: true }) });
    const page = suite.chat.page;
    const status = page.getByRole('status', { name: /^Budget/ });
    assert.equal(await status.getAttribute('aria-label'), 'Budget: spent 120 of 1,000 credits · step 3 of 25');
    assert.equal(await page.getByRole('button', { name: 'Raise Budget' }).isVisible(), false);
    await suite.chat.deliver({ type: 'task', task: task({ spent: 980, step: 7, status: 'paused', reason: 'Budget reached: spent 980 of 1,000 credits' }) });
    assert.match(await status.getAttribute('aria-label') ?? '', /^Budget: spent 980 of 1,000 credits · step 7 of 25 · Budget reached: spent 980 of 1,000 credits$/);
    assert.match(await status.innerText(), /Budget reached: spent 980 of 1,000 credits/);
    const field = page.getByRole('spinbutton', { name: /^New budget/ });
    await field.fill('900');
    await page.getByRole('button', { name: 'Raise Budget' }).click();
    assert.deepEqual(await suite.chat.postedOfType('raiseBudget'), [], 'not more than the current budget');
    await page.getByText(/Enter more than the current budget/).waitFor();
    await field.fill('2500');
    await page.getByRole('button', { name: 'Raise Budget' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('raiseBudget'), { type: 'raiseBudget', taskId: 't1', budget: 2500 });
    await page.getByRole('region', { name: 'Agent task' }).getByRole('button', { name: 'Stop' }).click();
    await suite.chat.waitForPosted('stop');
    await suite.chat.deliver({ type: 'task', task: task({ spent: 980, step: 7, status: 'stopped', reason: 'Stopped by the user' }) });
    await status.waitFor({ state: 'hidden' });
  });

  it('a finished task shows its total (an estimate says so) and Restore Checkpoint posts, then says restored', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages([]), tasks: [task()] }) });
    const page = suite.chat.page;
    await suite.chat.deliver({ type: 'task', task: task({ spent: 1234.5, status: 'done', checkpoint: 'available' }) });
    const summary = page.getByRole('group', { name: 'Task total: 1,234.5 credits' });
    assert.match(await summary.innerText(), /Task done/);
    await summary.getByRole('button', { name: 'Restore Checkpoint' }).click();
    assert.deepEqual(await suite.chat.waitForPosted('restoreCheckpoint'), { type: 'restoreCheckpoint', taskId: 't1' });
    await suite.chat.deliver({ type: 'task', task: task({ spent: 1234.5, status: 'done', checkpoint: 'restored' }) });
    await summary.getByText(/Checkpoint restored/).waitFor();
    assert.equal(await summary.getByRole('button', { name: 'Restore Checkpoint' }).count(), 0);
    await suite.chat.deliver({ type: 'task', task: task({ id: 't2', spent: 3.2, spentEstimated: true, status: 'done' }) });
    await page.getByRole('group', { name: 'Task total (estimate): ≈ 3.2 credits' }).waitFor();
  });

  it('the summary sits under the task’s last message, also when a step arrives after the task ended', async () => {
    await suite.chat.deliver({ type: 'state', state: agentState({ messages: taskMessages([]), tasks: [task({ status: 'done' })] }) });
    await suite.chat.deliver({ type: 'messageAdded', message: assistantMessage('s2', 'Done: renamed.', { taskId: 't1' }) });
    const order = await suite.chat.page.evaluate(() => Array.from(document.querySelector('.message-list')!.children).map((el) => el.getAttribute('aria-label')));
    assert.deepEqual(order, ['You', 'Switchboard, helyx-3.5', 'Switchboard, helyx-3.5', 'Task total: 120 credits']);
  });

  it('after a reload the host state (tasks, tool calls) renders back as it was', async () => {
    const state = agentState({
      agent: { mode: 'agent', defaultBudget: 1000, maxSteps: 25 },
      messages: taskMessages([card('c1', 'read_file', 'src/a.ts', { state: 'done', result: 'x' }), card('c2', 'run_command', 'npm test', { state: 'awaitingApproval', approval: { kind: 'command', detail: 'npm test' } })]),
      tasks: [task({ id: 't0', status: 'done', checkpoint: 'available', spent: 50 }), task({ status: 'paused', reason: 'Budget reached: spent 120 of 100 credits', budget: 100 })],
    });
    await suite.chat.deliver({ type: 'state', state });
    const snapshot = () => suite.chat.page.evaluate(() => ({
      cards: Array.from(document.querySelectorAll('.tool-card')).map((el) => el.getAttribute('aria-label')),
      summaries: Array.from(document.querySelectorAll('.task-summary')).map((el) => el.getAttribute('aria-label')),
      status: document.querySelector('[role=status].task-status')?.getAttribute('aria-label'),
    }));
    const before = await snapshot();
    assert.deepEqual(before.cards, ['read_file src/a.ts, Done', 'run_command npm test, Waiting for approval']);
    assert.deepEqual(before.summaries, ['Task total: 50 credits']);
    await suite.chat.load();
    await suite.chat.deliver({ type: 'state', state });
    assert.deepEqual(await snapshot(), before);
    await suite.chat.page.getByRole('button', { name: 'Restore Checkpoint' }).waitFor();
    await suite.chat.page.getByRole('button', { name: 'Raise Budget' }).waitFor();
    assert.equal(await suite.chat.page.getByRole('spinbutton', { name: /^Budget/ }).inputValue(), '1000');
  });
});
