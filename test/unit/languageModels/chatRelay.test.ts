import assert from 'node:assert/strict';
import type { ChatEvent } from '../../../src/gateway/types';
import { ChatRelay } from '../../../src/languageModels/chatRelay';
import { networkError } from '../../../src/gateway/errors';

async function* events(list: ChatEvent[], failAtEnd?: Error): AsyncGenerator<ChatEvent> {
  for (const e of list) yield e;
  if (failAtEnd) throw failAtEnd;
}

describe('language models: relaying a gateway stream', () => {
  it('passes text on piece by piece and keeps what billing needs', async () => {
    const seen: string[] = [];
    const relay = new ChatRelay((t) => seen.push(t));
    await relay.run(
      events([
        { type: 'reasoning', text: 'thinking…' },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: '' },
        { type: 'text', text: 'lo' },
        { type: 'usage', usage: { promptTokens: 12, completionTokens: 2, totalTokens: 14 } },
        { type: 'billing', billing: { creditsCharged: 0.56 } },
        { type: 'billing', billing: { creditsRemaining: 99.44 } },
        { type: 'finish', reason: 'stop' },
      ]),
    );
    assert.deepEqual(seen, ['Hel', 'lo'], 'reasoning is not part of the answer; empty deltas are not reported');
    assert.equal(relay.text, 'Hello');
    assert.deepEqual(relay.usage, { promptTokens: 12, completionTokens: 2, totalTokens: 14 });
    assert.deepEqual(relay.billing, { creditsCharged: 0.56, creditsRemaining: 99.44 });
    assert.equal(relay.cancelled, false);
  });

  it('knows a stream the caller cancelled from one that finished', async () => {
    const relay = new ChatRelay(() => undefined);
    await relay.run(events([{ type: 'text', text: 'partial' }, { type: 'finish', reason: 'cancelled' }]));
    assert.equal(relay.cancelled, true);
    assert.equal(relay.text, 'partial');
  });

  it('keeps the partial text and usage when the stream fails, and lets the failure through', async () => {
    const relay = new ChatRelay(() => undefined);
    const failure = networkError('connection reset', undefined, true);
    await assert.rejects(
      relay.run(events([{ type: 'text', text: 'half an ans' }, { type: 'usage', usage: { promptTokens: 5, completionTokens: 3, totalTokens: 8 } }], failure)),
      (e: unknown) => e === failure,
    );
    assert.equal(relay.text, 'half an ans');
    assert.equal(relay.usage?.completionTokens, 3);
  });
});
