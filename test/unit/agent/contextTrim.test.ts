import assert from 'node:assert/strict';
import { keptTokens, MAX_KEPT_TOKENS, shortenOldToolResults, type LoopMessage } from '../../../src/agent/contextTrim';
import { roughTokenCount } from '../../../src/gateway/tokenizer';

function task(steps: number, resultChars: number): LoopMessage[] {
  const out: LoopMessage[] = [{ role: 'system', content: 'agent' }, { role: 'user', content: 'do it' }];
  for (let i = 0; i < steps; i++) {
    const call = { id: `c${i}`, name: 'read_file', arguments: { path: `f${i}.ts` }, rawArguments: `{"path":"f${i}.ts"}` };
    out.push({ role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', toolCallId: call.id, content: `${i}:`.padEnd(resultChars, 'x') });
  }
  return out;
}

const tokens = (messages: LoopMessage[]): number => messages.reduce((sum, m) => sum + roughTokenCount(m.content), 0);

describe('agent/contextTrim', () => {
  it('leaves a conversation under the limit as it is', () => {
    const messages = task(3, 1000);
    assert.deepEqual(shortenOldToolResults(messages, 10_000), messages);
  });

  it('shortens older tool results first, never the last step’s, and keeps every id', () => {
    const messages = task(10, 8000);
    const out = shortenOldToolResults(messages, 6000);
    assert.equal(out.length, messages.length);
    assert.ok(tokens(out) <= 6000, `${tokens(out)} tokens`);
    assert.equal(out.at(-1), messages.at(-1), 'the latest result stays whole');
    const first = out[3]!;
    assert.ok(first.role === 'tool' && first.toolCallId === 'c0' && first.content.startsWith('0:') && /left out to keep the context small/.test(first.content));
    assert.equal(messages[3]!.content.length, 8000, 'the original is not changed');
  });

  it('keeps tokens per step flat as a task grows', () => {
    const limit = keptTokens(128_000);
    assert.equal(limit, MAX_KEPT_TOKENS);
    const sizes = [5, 10, 20, 40].map((steps) => tokens(shortenOldToolResults(task(steps, 8000), limit)));
    assert.ok(sizes.every((size) => size <= limit), sizes.join(', '));
    assert.ok(sizes[3]! - sizes[1]! < 2000, `grew: ${sizes.join(', ')}`);
  });

  it('derives its limit from the context window', () => {
    assert.equal(keptTokens(8000), 4000);
    assert.equal(keptTokens(undefined), 16_000);
  });
});
