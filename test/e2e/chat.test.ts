// The chat end to end (issue 4): the packaged extension in a real VS Code (code-server) in headless
// Chromium, answering from the gateway simulator in this process. The webview is driven only by
// role and name, as a screen reader user would; every wait polls the page until it agrees.
import * as assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { formatCredits as hostCredits } from '../../src/gateway/creditsText';
import { formatCredits } from '../../webview-ui/src/views/creditsFormat';
import type { SimFault } from '../sim/server';
import { activityBarItem, openWorkbench, type Workbench } from './fixture';
import { eventually } from '../support/eventually';

const MODEL = 'helyx-3.5';
/** Slow enough that a person (and a polling test) sees the answer grow, short enough to keep the suite quick. */
const SLOW: SimFault = { kind: 'slow', chunkDelayMs: 200 };
const WAIT_MS = 60_000;

describe('Switchboard chat in the real editor', function () {
  let workbench: Workbench;
  let startCredits: number;
  /** Everything typed into the composer, in order. */
  const asked: string[] = [];

  before(async function () {
    workbench = await openWorkbench();
    startCredits = workbench.sim.credits(workbench.sim.keys.helyxPro);
    await openChat();
  });

  after(async function () {
    await workbench?.close();
  });

  afterEach(async function () {
    if (!workbench) return;
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`chat-${this.currentTest.title}`);
    await leaveSane();
  });

  const chat = (): FrameLocator => workbench.chatFrame();
  const key = (): string => workbench.sim.keys.helyxPro;
  const replies = (): Locator => chat().getByRole('article', { name: /^Switchboard/ });
  const lastReply = (): Locator => replies().last();
  const statusBarItem = (): Locator => workbench.page.locator('.part.statusbar').getByRole('button', { name: /^Switchboard: / });
  const sendButton = (): Locator => chat().getByRole('button', { name: 'Send', exact: true });

  /**
   * Opens the Chat view through its command (the activity-bar item would toggle an open one shut).
   * Right after a (re)load the palette may not list the extension's commands yet, and a restored
   * window may show the view already: try until the composer is there.
   */
  async function openChat(): Promise<void> {
    const box = chat().getByRole('textbox', { name: 'Message' });
    await eventually(async () => {
      if (!(await box.isVisible())) {
        await workbench.page.keyboard.press('Escape'); // a palette left open by the previous try
        await workbench.runCommand('Switchboard: Open Chat');
      }
      await box.waitFor({ timeout: 15_000 });
    }, 2 * WAIT_MS);
    // The host has sent its state once the model picker shows a model.
    await eventually(async () => assert.notEqual(await chat().getByRole('combobox', { name: 'Model' }).inputValue(), ''));
  }

  /** Types into the composer and presses Enter; resolves once the message is in the transcript. */
  async function send(text: string): Promise<void> {
    const before = await replies().count();
    const box = chat().getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
    asked.push(text);
    await chat().getByRole('article', { name: 'You' }).filter({ hasText: text }).last().waitFor({ timeout: WAIT_MS });
    await eventually(async () => assert.ok((await replies().count()) > before, 'no reply article appeared'));
  }

  async function waitUntilFinished(reply: Locator): Promise<void> {
    await eventually(async () => assert.notEqual(await reply.getAttribute('aria-busy'), 'true', 'the reply is still streaming'));
    await eventually(async () => assert.ok(await sendButton().isEnabled(), 'Send is still disabled'));
  }

  async function textOf(locator: Locator): Promise<string> {
    return normalize(await locator.innerText());
  }

  /** Faults cleared, credits back, no scripted reply left over, nothing streaming, no toasts. */
  async function leaveSane(): Promise<void> {
    const { sim } = workbench;
    sim.clearFaults();
    sim.setCredits(key(), Math.max(sim.credits(key()), startCredits / 2));
    const stop = chat().getByRole('button', { name: 'Stop', exact: true });
    if (await stop.isVisible().catch(() => false)) await stop.click().catch(() => undefined);
    await eventually(async () => assert.ok(await sendButton().isEnabled()), WAIT_MS).catch(() => undefined);
    await drainScriptedReplies();
    if (!((await statusBarItem().getAttribute('aria-label')) ?? '').includes(`model ${MODEL}`)) {
      await pickModel(chat().getByRole('combobox', { name: 'Model' }), MODEL, /Helyx 3\.5/).catch(() => undefined);
    }
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  }

  /** A test that failed before sending leaves its scripted reply queued; the next test must not get it. */
  async function drainScriptedReplies(): Promise<void> {
    const { sim } = workbench;
    for (let i = 0; i < 10; i++) {
      const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { scriptedReplies?: number };
      if (!state.scriptedReplies) return;
      await fetch(`${sim.helyxBaseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'drain' }] }),
      });
    }
  }

  it('streams an answer typed into the real webview: partial text first, then all of it', async function () {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence ${ordinal(i + 1)} of the streamed answer arrives in order.`);
    const answer = sentences.join(' ');
    workbench.sim.scriptReply({ text: answer, chunks: 30 });
    workbench.sim.injectFault({ fault: SLOW });

    await send('Stream me twelve sentences, please.');
    const reply = lastReply();
    assert.equal(await reply.getAttribute('aria-label'), `Switchboard, ${MODEL}`);

    // Partial: the opening words are on screen while the ending has not arrived yet.
    await reply.filter({ hasText: sentences[0] }).waitFor({ timeout: WAIT_MS });
    const partial = await textOf(reply);
    assert.ok(!partial.includes(sentences.at(-1) ?? ''), `the whole answer was there at once: ${partial}`);
    assert.equal(await reply.getAttribute('aria-busy'), 'true', 'the reply is not marked as streaming while text arrives');

    // Then everything, in order, and the reply is no longer busy.
    await reply.filter({ hasText: sentences.at(-1) ?? '' }).waitFor({ timeout: WAIT_MS });
    await waitUntilFinished(reply);
    assert.ok((await textOf(reply)).includes(answer), 'the final text is not the streamed answer, word for word');
  });

  it('updates the credit counter to the balance the gateway reported', async function () {
    const locale = await chat().locator('body').evaluate(() => navigator.language);
    const counter = chat().getByRole('status', { name: /^Credits/ });
    const spendable = workbench.sim.credits(key());
    const nameBefore = await counter.getAttribute('aria-label');

    await send('What does this cost?');
    await waitUntilFinished(lastReply());

    const balance = workbench.sim.credits(key());
    assert.ok(balance < spendable, 'the simulator charged nothing');
    const shown = formatCredits(balance, locale);
    await eventually(async () => {
      const name = (await counter.getAttribute('aria-label')) ?? '';
      assert.ok(name.startsWith(`Credits: ${shown} left`), `counter says "${name}", the gateway reported ${shown}`);
    });
    assert.notEqual(await counter.getAttribute('aria-label'), nameBefore);
    assert.ok((await counter.innerText()).includes(shown), 'the visible counter does not show the balance');
    // The status bar (host side) shows the same balance, written by the same formatter.
    const statusBar = statusBarItem();
    const host = hostCredits(balance);
    await eventually(async () => assert.ok(((await statusBar.getAttribute('aria-label')) ?? '').includes(`${host} cr`)));
  });

  it('Stop keeps the partial answer and marks it as stopped', async function () {
    const sentences = Array.from({ length: 40 }, (_, i) => `Part ${ordinal(i + 1)} of a long answer.`);
    workbench.sim.scriptReply({ text: sentences.join(' '), chunks: 40 });
    workbench.sim.injectFault({ fault: SLOW });

    await send('Tell me something long.');
    const reply = lastReply();
    await reply.filter({ hasText: sentences[1] }).waitFor({ timeout: WAIT_MS });
    await chat().getByRole('button', { name: 'Stop', exact: true }).click();

    await reply.filter({ hasText: 'Stopped' }).waitFor({ timeout: WAIT_MS });
    await waitUntilFinished(reply);
    const kept = await textOf(reply);
    assert.ok(kept.includes(sentences[0]) && kept.includes(sentences[1]), `the partial text is gone: ${kept}`);
    assert.ok(!kept.includes(sentences.at(-1) ?? ''), 'the answer ran to the end despite Stop');
    assert.equal(await chat().getByRole('button', { name: 'Stop', exact: true }).isVisible(), false, 'Stop is still offered');
  });

  it('Escape in the composer stops a streaming answer too', async function () {
    const sentences = Array.from({ length: 40 }, (_, i) => `Line ${ordinal(i + 1)} of an answer to interrupt.`);
    workbench.sim.scriptReply({ text: sentences.join(' '), chunks: 40 });
    workbench.sim.injectFault({ fault: SLOW });

    await send('Another long one.');
    const reply = lastReply();
    await reply.filter({ hasText: sentences[1] }).waitFor({ timeout: WAIT_MS });
    await chat().getByRole('textbox', { name: 'Message' }).press('Escape');

    await reply.filter({ hasText: 'Stopped' }).waitFor({ timeout: WAIT_MS });
    await waitUntilFinished(reply);
    assert.ok(!(await textOf(reply)).includes(sentences.at(-1) ?? ''), 'the answer ran to the end despite Escape');
  });

  it('shows a 402 with its explanation, the gateway message and an action that helps', async function () {
    workbench.sim.setCredits(key(), 0);

    await send('Am I out of credits?');
    const reply = lastReply();
    const alert = reply.getByRole('alert');
    await alert.waitFor({ timeout: WAIT_MS });
    await waitUntilFinished(reply);
    const said = await textOf(alert);
    assert.match(said, /out of HelyxAI credits/i, `no explanation of the 402: ${said}`);
    // The simulator's own words for an empty balance, passed through as the gateway said them.
    assert.ok(said.includes("You've used all of today's credits."), `the gateway's message is missing: ${said}`);

    const action = alert.getByRole('button');
    assert.equal(await action.count(), 1, 'the error offers no action (or several)');
    assert.match((await action.innerText()).trim(), /credits/i);
    await action.click();
    await workbench.notifications().filter({ hasText: /out of credits on HelyxAI/ }).first().waitFor({ timeout: WAIT_MS });
  });

  it('keeps the partial text of a reset connection and completes the answer on Retry', async function () {
    const sentences = Array.from({ length: 20 }, (_, i) => `Fact ${ordinal(i + 1)} about resilient streams.`);
    const answer = sentences.join(' ');
    workbench.sim.scriptReply({ text: answer, chunks: 20 });
    workbench.sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 5 } });

    await send('Tell me about resilient streams.');
    const broken = lastReply();
    await broken.getByRole('alert').waitFor({ timeout: WAIT_MS });
    await waitUntilFinished(broken);
    const kept = await textOf(broken);
    assert.ok(kept.includes(sentences[0]), `the partial text is gone: ${kept}`);
    assert.ok(!kept.includes(sentences.at(-1) ?? ''), 'the whole answer arrived despite the reset');

    workbench.sim.scriptReply({ text: answer, chunks: 20 });
    await broken.getByRole('button', { name: 'Retry', exact: true }).click();
    const retried = lastReply();
    await retried.filter({ hasText: sentences.at(-1) ?? '' }).waitFor({ timeout: WAIT_MS });
    await waitUntilFinished(retried);
    assert.ok((await textOf(retried)).includes(answer), 'Retry did not produce the whole answer');
    assert.equal(await retried.getByRole('alert').count(), 0, 'the error is still shown after a successful Retry');
    // Retry replaced the failed reply rather than adding another one under it.
    const texts = await replies().allInnerTexts();
    assert.equal(texts.filter((t) => normalize(t).includes(sentences[0])).length, 1, 'the failed reply is still in the transcript');
  });

  it('switches the model from the picker, and the next request uses it', async function () {
    const picker = chat().getByRole('combobox', { name: 'Model' });
    await pickModel(picker, 'Kimi', /Kimi K2\.6/);
    await eventually(async () => assert.match(await picker.inputValue(), /Kimi K2\.6/));
    // The pick reaches the host asynchronously; the status bar shows the model once it has.
    await eventually(async () => assert.match((await statusBarItem().getAttribute('aria-label')) ?? '', /model kimi-k2\.6/));
    const sentBefore = workbench.sim.requests.length;

    await send('Which model answers this?');
    const reply = lastReply();
    await waitUntilFinished(reply);
    assert.equal(await reply.getAttribute('aria-label'), 'Switchboard, kimi-k2.6');
    const chats = workbench.sim.requests.slice(sentBefore).filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(chats.length, 1);
    assert.equal((chats[0]?.body as { model?: unknown }).model, 'kimi-k2.6');

    // Back to the default so the transcript's later replies read as before.
    await pickModel(picker, MODEL, /Helyx 3\.5/);
    await eventually(async () => assert.ok(((await statusBarItem().getAttribute('aria-label')) ?? '').includes(`model ${MODEL}`)));
  });

  it('/image shows the saved image from the workspace, and the conversation file stays small', async function () {
    const prompt = 'a lighthouse at dusk';
    await send(`/image ${prompt}`);
    const reply = lastReply();
    await waitUntilFinished(reply);
    const img = reply.getByRole('img', { name: prompt });
    await img.waitFor({ timeout: WAIT_MS });
    await eventually(async () => assert.ok((await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)) > 0, 'the image did not load'), WAIT_MS);
    // Loaded from the workspace file through the webview's resource origin, not from a data: URL.
    const src = (await img.getAttribute('src')) ?? '';
    const saved = /Saved to (generated\/images\/\S+\.png)/.exec(await textOf(reply))?.[1];
    assert.ok(saved, 'the reply does not say where the image was saved');
    assert.ok(src.startsWith('https://') && src.endsWith(`${path.basename(workbench.workspace)}/${saved}`), `not a webview resource URI for ${saved}: ${src.slice(0, 200)}`);
    const file = (await conversationFiles()).find((text) => text.includes(JSON.stringify(`/image ${prompt}`)));
    assert.ok(file, 'no conversation file holds the /image question');
    assert.ok(!file.includes('data:image'), 'the image bytes are in the conversation file');
    assert.ok(Buffer.byteLength(file) < 10_000, `the conversation file is ${Buffer.byteLength(file)} bytes`);
  });

  it('keeps the conversation across a reload of the window', async function () {
    if ((await replies().count()) === 0) {
      await send('Remember me across a reload.');
      await waitUntilFinished(lastReply());
    }
    const articles = chat().getByRole('article');
    const before = await snapshot(articles);
    const imagesBefore = await loadedImages(articles);
    const lastQuestion = asked.at(-1) ?? '';

    // Saved as a file under the extension's global storage, not only kept in memory.
    const saved = await conversationFiles();
    assert.ok(saved.some((text) => text.includes(JSON.stringify(lastQuestion))), 'no conversation file holds the last question');

    const hostsBefore = await extensionHostsStarted();
    await workbench.page.reload();
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    await activityBarItem(workbench.page, 'Switchboard').waitFor({ timeout: WAIT_MS });
    await openChat();
    await eventually(async () => assert.equal(await articles.count(), before.length), WAIT_MS);
    await eventually(async () => assert.deepEqual(await snapshot(articles), before), WAIT_MS);
    // Images come back too (an /image answer loads its workspace file again).
    await eventually(async () => assert.deepEqual(await loadedImages(articles), imagesBefore), WAIT_MS);
    // A new extension host answered, so the transcript came back from disk, not from memory.
    assert.ok((await extensionHostsStarted()) > hostsBefore, 'the reload did not start a new extension host');
  });

  async function pickModel(picker: Locator, search: string, option: RegExp): Promise<void> {
    await picker.click();
    await picker.fill(search);
    const choice = chat().getByRole('option', { name: option }).first();
    await choice.waitFor({ timeout: WAIT_MS });
    await choice.click();
  }

  /** code-server gives each extension host it starts a log folder (exthost1, exthost2, …). */
  async function extensionHostsStarted(): Promise<number> {
    const logs = path.join(workbench.server.runDir.userDataDir, 'logs');
    const sessions = await readdir(logs);
    const hosts = await Promise.all(sessions.map(async (s) => (await readdir(path.join(logs, s)).catch(() => [])).filter((n) => /^exthost\d+$/.test(n)).length));
    return hosts.reduce((a, b) => a + b, 0);
  }

  async function conversationFiles(): Promise<string[]> {
    const dir = path.join(workbench.server.runDir.userDataDir, 'User', 'globalStorage', 'switchboard-dev.switchboard', 'conversations');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
    return Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
  }
});

/**
 * Each message's name and text as the DOM holds it. Not innerText: code pieces and tool cards off screen are skipped
 * by layout (content-visibility: auto), and innerText leaves out whatever is not laid out, so it
 * would depend on the scroll position rather than on what the message says.
 */
async function snapshot(articles: Locator): Promise<{ name: string; text: string }[]> {
  const all = await articles.all();
  return Promise.all(all.map(async (a) => ({ name: (await a.getAttribute('aria-label')) ?? '', text: normalize((await a.textContent()) ?? '') })));
}

/** The names of the images that loaded (naturalWidth > 0), in order. */
async function loadedImages(articles: Locator): Promise<string[]> {
  return articles.locator('img').evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).map((img) => img.getAttribute('alt') ?? ''));
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Words, not digits: "Sentence 1" is a prefix of "Sentence 12", "Sentence one" is not of "Sentence twelve". */
function ordinal(n: number): string {
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
    'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
  if (n <= 20) return words[n] ?? String(n);
  const tens = ['', '', 'twenty', 'thirty', 'forty'][Math.floor(n / 10)] ?? String(n);
  return n % 10 === 0 ? tens : `${tens}-${words[n % 10]}`;
}
