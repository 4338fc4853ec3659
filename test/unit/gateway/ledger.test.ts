import assert from 'node:assert/strict';
import { formatDuration, lastResetAt, nextResetAt } from '../../../src/gateway/dailyReset';
import { BillingLedger, type LedgerSnapshot, type LedgerStorage } from '../../../src/gateway/ledger';
import { PROVIDERS } from '../../../src/gateway/providers';
import { countMessageTokens } from '../../../src/gateway/tokenizer';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

class FakeClock {
  constructor(public t: number) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

class MemoryStorage implements LedgerStorage {
  state: unknown;
  saves = 0;
  async load(): Promise<unknown> {
    return this.state === undefined ? undefined : JSON.parse(JSON.stringify(this.state));
  }
  async save(state: unknown): Promise<void> {
    this.saves++;
    this.state = JSON.parse(JSON.stringify(state));
  }
}

describe('gateway/ledger', () => {
  describe('daily reset arithmetic', () => {
    const pkt = PROVIDERS.helyx.dailyReset;

    it('HelyxAI resets at 00:00 PKT, which is 19:00 UTC the day before', () => {
      assert.equal(new Date(nextResetAt(at('2025-03-01T10:00:00Z'), pkt)).toISOString(), '2025-03-01T19:00:00.000Z');
      assert.equal(new Date(nextResetAt(at('2025-03-01T18:59:59Z'), pkt)).toISOString(), '2025-03-01T19:00:00.000Z');
      assert.equal(new Date(nextResetAt(at('2025-03-01T19:00:00Z'), pkt)).toISOString(), '2025-03-02T19:00:00.000Z');
      assert.equal(new Date(lastResetAt(at('2025-03-01T19:00:00Z'), pkt)).toISOString(), '2025-03-01T19:00:00.000Z');
    });

    it('across the UTC day boundary the PKT reset does not move', () => {
      // 23:30 UTC on the 1st and 00:30 UTC on the 2nd are both in PKT day "March 2nd".
      const before = nextResetAt(at('2025-03-01T23:30:00Z'), pkt);
      const after = nextResetAt(at('2025-03-02T00:30:00Z'), pkt);
      assert.equal(before, after);
      assert.equal(new Date(after).toISOString(), '2025-03-02T19:00:00.000Z');
    });

    it('without a reset, days are UTC days', () => {
      assert.equal(new Date(nextResetAt(at('2025-03-01T23:59:59Z'))).toISOString(), '2025-03-02T00:00:00.000Z');
    });

    it('formats the time to a reset', () => {
      assert.equal(formatDuration(3 * HOUR + 12 * 60_000), '3 h 12 min');
      assert.equal(formatDuration(12 * 60_000 + 5_000), '12 min');
      assert.equal(formatDuration(40_000), '40 s');
    });
  });

  it('prefers the credits the gateway charged, and records the balance it reported', () => {
    const clock = new FakeClock(at('2025-03-01T10:00:00Z'));
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx, now: clock.now });
    const usage = { promptTokens: 45, completionTokens: 128, totalTokens: 173 };
    const cost = ledger.record({ model: 'claude-4.7', usage, billing: { creditsCharged: 1.73, creditsRemaining: 9998.27 } });
    assert.equal(cost.credits, 1.73);
    assert.equal(cost.estimated, false);
    const snap = ledger.snapshot();
    assert.deepEqual(snap.balance, { credits: 9998.27, at: clock.t });
    assert.equal(snap.balanceStale, false);
    assert.equal(snap.todaySpend, 1.73);
    assert.equal(snap.todaySpendEstimated, false);
  });

  it('without a reported charge, tokens × rate, marked estimated; unknown rates stay unknown', () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx, now: () => at('2025-03-01T10:00:00Z') });
    const cost = ledger.record({ model: 'gpt-4-turbo', usage: { promptTokens: 100, completionTokens: 400, totalTokens: 500 } });
    assert.equal(cost.credits, 100);
    assert.equal(cost.estimated, true);
    const image = ledger.record({ model: 'nano-banana-pro', images: 2 });
    assert.equal(image.credits, 400);
    const unknown = ledger.record({ model: 'vo3', videos: 1 });
    assert.equal(unknown.credits, undefined);
    const snap = ledger.snapshot();
    assert.equal(snap.sessionSpend, 500);
    assert.equal(snap.sessionSpendEstimated, true);
    assert.equal(snap.lastCost?.model, 'vo3');
  });

  it('HeyToken (no balance, no reset): spend today rolls over at UTC midnight; no reset time', () => {
    const clock = new FakeClock(at('2025-03-01T23:50:00Z'));
    const ledger = new BillingLedger({
      preset: PROVIDERS.heytoken,
      now: clock.now,
      rateFor: (id) => (id === 'gpt-4o' ? { perToken: 0.01, label: '0.01 cr/tok' } : undefined),
    });
    ledger.record({ model: 'gpt-4o', usage: { promptTokens: 100, completionTokens: 100, totalTokens: 200 } });
    assert.equal(ledger.snapshot().todaySpend, 2);
    assert.equal(ledger.nextResetAt(), undefined);
    assert.equal(ledger.snapshot().msUntilReset, undefined);
    clock.advance(20 * 60_000); // 00:10 UTC, a new day
    const snap = ledger.snapshot();
    assert.equal(snap.todaySpend, 0);
    assert.equal(snap.sessionSpend, 2, 'the session spans days');
  });

  it('HelyxAI: today is the PKT day — crossing UTC midnight keeps it, 19:00 UTC clears it and stales the balance', () => {
    const clock = new FakeClock(at('2025-03-01T23:00:00Z'));
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx, now: clock.now });
    ledger.record({ model: 'helyx-3.5', billing: { creditsCharged: 10, creditsRemaining: 990 } });
    assert.equal(ledger.msUntilReset(), 20 * HOUR);
    clock.advance(2 * HOUR); // 01:00 UTC on the 2nd: same PKT day
    assert.equal(ledger.snapshot().todaySpend, 10);
    assert.equal(ledger.msUntilReset(), 18 * HOUR);
    clock.advance(18 * HOUR); // 19:00 UTC = 00:00 PKT
    const snap = ledger.snapshot();
    assert.equal(snap.todaySpend, 0);
    assert.equal(snap.balanceStale, true);
    assert.equal(snap.msUntilReset, 24 * HOUR);
    assert.equal(new Date(snap.nextResetAt ?? 0).toISOString(), '2025-03-03T19:00:00.000Z');
  });

  it('persists through the storage interface and restores today only on the same day', async () => {
    const storage = new MemoryStorage();
    const clock = new FakeClock(at('2025-03-01T10:00:00Z'));
    const first = new BillingLedger({ preset: PROVIDERS.helyx, storage, now: clock.now });
    first.record({ model: 'helyx-3.5', billing: { creditsCharged: 3, creditsRemaining: 997 } });
    first.record({ model: 'helyx-3.5', billing: { creditsCharged: 2, creditsRemaining: 995 } });
    await first.flush();
    assert.equal(storage.saves, 2);

    const second = new BillingLedger({ preset: PROVIDERS.helyx, storage, now: clock.now });
    await second.load();
    let snap = second.snapshot();
    assert.equal(snap.balance?.credits, 995);
    assert.equal(snap.todaySpend, 5);
    assert.equal(snap.sessionSpend, 0, 'a new session starts at zero');
    assert.equal(snap.lastCost?.credits, 2);

    clock.advance(24 * HOUR);
    const third = new BillingLedger({ preset: PROVIDERS.helyx, storage, now: clock.now });
    await third.load();
    snap = third.snapshot();
    assert.equal(snap.todaySpend, 0);
    assert.equal(snap.balanceStale, true);
  });

  it('ignores storage that fails or holds garbage', async () => {
    const broken: LedgerStorage = { load: () => Promise.reject(new Error('disk')), save: () => Promise.reject(new Error('disk')) };
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx, storage: broken });
    await ledger.load();
    ledger.record({ model: 'helyx-3.5', billing: { creditsCharged: 1 } });
    await ledger.flush();
    const junk = new MemoryStorage();
    junk.state = { v: 1, balance: { credits: 'lots' }, day: 'today' };
    const other = new BillingLedger({ preset: PROVIDERS.helyx, storage: junk });
    await other.load();
    assert.equal(other.snapshot().balance, undefined);
  });

  it('tells listeners about changes until disposed', () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const seen: LedgerSnapshot[] = [];
    const dispose = ledger.onDidChange((s) => seen.push(s));
    ledger.onDidChange(() => {
      throw new Error('a broken listener');
    });
    ledger.record({ model: 'helyx-3.5', billing: { creditsCharged: 1, creditsRemaining: 9 } });
    ledger.recordBalance({ creditsRemaining: 8 });
    dispose();
    ledger.recordBalance({ creditsRemaining: 7 });
    assert.deepEqual(seen.map((s) => s.balance?.credits), [9, 8]);
  });

  describe('estimateCost', () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'Explain quantum computing in 2 sentences.' },
    ];

    it('counts the prompt with the tokenizer and bounds the reply by max_tokens, capped at 4096 for HelyxAI', async () => {
      const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
      const promptTokens = await countMessageTokens(messages);
      const estimate = await ledger.estimateCost({ model: 'claude-4.7', messages, maxTokens: 10_000 });
      assert.equal(estimate.promptTokens, promptTokens);
      assert.equal(estimate.maxCompletionTokens, 4096);
      assert.equal(estimate.minCredits, promptTokens * 1.0);
      assert.equal(estimate.maxCredits, (promptTokens + 4096) * 1.0);
      assert.equal(estimate.estimated, true);
    });

    it('uses HelyxAI’s default max_tokens (2048) when none is given, and flat image prices', async () => {
      const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
      const estimate = await ledger.estimateCost({ model: 'helyx-3.5', messages });
      assert.equal(estimate.maxCompletionTokens, 2048);
      const image = await ledger.estimateCost({ model: 'nano-banana-pro', messages, images: 3 });
      assert.equal(image.maxCredits, 600);
    });

    it('an unknown rate gives no credit figures rather than a made-up zero', async () => {
      const ledger = new BillingLedger({ preset: PROVIDERS.heytoken });
      const estimate = await ledger.estimateCost({ model: 'gpt-4o', messages, maxTokens: 100 });
      assert.equal(estimate.minCredits, undefined);
      assert.equal(estimate.maxCredits, undefined);
      assert.ok(estimate.promptTokens > 0);
    });

    it('affordability compares with the last fresh balance', async () => {
      const clock = new FakeClock(at('2025-03-01T10:00:00Z'));
      const ledger = new BillingLedger({ preset: PROVIDERS.helyx, now: clock.now });
      const estimate = await ledger.estimateCost({ model: 'claude-4.7', messages, maxTokens: 1000 });
      assert.equal(ledger.affordability(estimate), 'unknown');
      ledger.recordBalance({ creditsRemaining: 100_000 });
      assert.equal(ledger.affordability(estimate), 'yes');
      ledger.recordBalance({ creditsRemaining: (estimate.minCredits ?? 0) + 10 });
      assert.equal(ledger.affordability(estimate), 'maybe');
      ledger.recordBalance({ creditsRemaining: 1 });
      assert.equal(ledger.affordability(estimate), 'no');
      clock.advance(24 * HOUR);
      assert.equal(ledger.affordability(estimate), 'unknown', 'a balance from before the reset says nothing');
    });
  });
});
