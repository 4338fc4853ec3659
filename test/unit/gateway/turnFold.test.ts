import assert from 'node:assert/strict';
import { BillingLedger } from '../../../src/gateway/ledger';
import { networkError } from '../../../src/gateway/errors';
import { PROVIDERS } from '../../../src/gateway/providers';
import { runTurn, type ChatStreamer } from '../../../src/gateway/turnRunner';
import type { ChatEvent } from '../../../src/gateway/types';

/** A scripted stream: the folding rules, without a network in between. */
function scripted(list: ChatEvent[], failAtEnd?: Error): ChatStreamer {
  return {
    async *chat() {
      for (const e of list) yield e;
      if (failAtEnd) throw failAtEnd;
    },
  };
}

describe('gateway/turnRunner: folding events into a turn', () => {
  const ask = { model: 'helyx-3.5', messages: [{ role: 'user' as const, content: 'Hi' }] };

  it('passes text on piece by piece and keeps what billing needs', async () => {
    const seen: string[] = [];
    const thoughts: string[] = [];
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const result = await runTurn(
      {
        ledger,
        client: scripted([
          { type: 'reasoning', text: 'thinking…' },
          { type: 'text', text: 'Hel' },
          { type: 'text', text: '' },
          { type: 'text', text: 'lo' },
          { type: 'usage', usage: { promptTokens: 12, completionTokens: 2, totalTokens: 14 } },
          { type: 'billing', billing: { creditsCharged: 0.56 } },
          { type: 'billing', billing: { creditsRemaining: 99.44 } },
          { type: 'finish', reason: 'stop' },
        ]),
      },
      ask,
      { onText: (t) => seen.push(t), onReasoning: (t) => thoughts.push(t) },
    );
    assert.deepEqual(seen, ['Hel', 'lo'], 'empty deltas are not reported');
    assert.deepEqual(thoughts, ['thinking…']);
    assert.equal(result.text, 'Hello');
    assert.equal(result.reasoning, 'thinking…');
    assert.deepEqual(result.usage, { promptTokens: 12, completionTokens: 2, totalTokens: 14 });
    assert.deepEqual(result.billing, { creditsCharged: 0.56, creditsRemaining: 99.44 });
    assert.deepEqual(result.cost, { credits: 0.56, estimated: false });
    assert.equal(ledger.snapshot().balance?.credits, 99.44);
    assert.equal(result.status, 'done');
  });

  it('knows a stream the gateway client ended as cancelled from one that finished', async () => {
    const result = await runTurn({ ledger: new BillingLedger({ preset: PROVIDERS.helyx }), client: scripted([{ type: 'text', text: 'partial' }, { type: 'finish', reason: 'cancelled' }]) }, ask);
    assert.equal(result.status, 'stopped');
    assert.equal(result.text, 'partial');
  });

  it('keeps the partial text and usage when the stream fails, and returns the failure', async () => {
    const failure = networkError('connection reset', undefined, true);
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const result = await runTurn({ ledger, client: scripted([{ type: 'text', text: 'half an ans' }, { type: 'usage', usage: { promptTokens: 5, completionTokens: 3, totalTokens: 8 } }], failure) }, ask);
    assert.equal(result.status, 'failed');
    assert.equal(result.error, failure);
    assert.equal(result.text, 'half an ans');
    assert.equal(result.usage?.completionTokens, 3);
    assert.equal(ledger.snapshot().lastCost?.credits, 8 * 0.04, 'usage × the catalogue rate');
  });
});
