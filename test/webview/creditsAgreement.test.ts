import assert from 'node:assert/strict';
import { estimateLabel, formatCredits as hostCredits } from '../../src/gateway/creditsText';
import { assistantMessage, chatState, helyxCredits, userMessage } from './chatHarnessFixtures';
import { useChatPage } from './suiteHooks';

// The host formats credits in Node (status bar, prompts, the estimate label); the webview formats
// them in Chromium (the counter, each reply's cost). Both must read the same for the same number.
const AMOUNTS = [0.00042, 0.4217, 1.73, 2.675, 12.4, 200, 9998.27, 1234567.891];

describe('credits read the same on the host and in the webview (headless Chromium)', function () {
  this.timeout(60_000);
  const suite = useChatPage();

  it('the counter shows each balance as the host’s status bar writes it', async () => {
    await suite.chat.deliver({ type: 'state', state: chatState() });
    const status = suite.chat.page.getByRole('status', { name: /^Credits/ });
    for (const balance of AMOUNTS) {
      await suite.chat.deliver({ type: 'credits', credits: helyxCredits(Date.now(), { balance, lastCost: undefined, spentToday: balance }) });
      const host = hostCredits(balance);
      assert.ok((await status.innerText()).startsWith(`${host} credits`), `the counter shows "${await status.innerText()}", the host writes ${host}`);
      assert.ok((await status.getAttribute('aria-label'))?.startsWith(`Credits: ${host} left · today ${host}`), `counter named "${await status.getAttribute('aria-label')}"`);
    }
  });

  it('a reply’s cost reads as the host’s estimate label writes the same amount', async () => {
    const messages = AMOUNTS.flatMap((credits, i) => [
      userMessage(`u${i}`, `Question ${i}`),
      assistantMessage(`a${i}`, `Answer ${i}`, { cost: { credits, estimated: false } }),
    ]);
    await suite.chat.deliver({ type: 'state', state: chatState({ messages }) });
    const costs = await suite.chat.page.locator('.message-cost').allInnerTexts();
    assert.deepEqual(
      costs.filter((c) => c !== ''),
      AMOUNTS.map((credits) => estimateLabel({ promptTokens: 1, minCredits: credits, maxCredits: credits }).replace(/^≈ (.*)–.*$/, '$1 credits')),
    );
  });
});
