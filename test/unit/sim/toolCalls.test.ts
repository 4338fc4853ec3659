// The simulator's tool-calling model on the wire, read with plain fetch (not the gateway core), so
// the shapes the core's tests rely on are checked on their own.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import { chatBody, parseSse, post, readSse } from './sim-client';

type ToolDelta = { index: number; id?: string; type?: string; function?: { name?: string; arguments?: unknown } };

function toolDeltas(data: string[]): ToolDelta[][] {
  return data
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d) as { choices: { delta: { tool_calls?: ToolDelta[] } }[] })
    .flatMap((c) => (c.choices[0]?.delta.tool_calls ? [c.choices[0].delta.tool_calls] : []));
}

const finishReasons = (data: string[]): unknown[] =>
  data
    .filter((d) => d !== '[DONE]')
    .flatMap((d) => (JSON.parse(d) as { choices: { finish_reason: unknown }[] }).choices.map((c) => c.finish_reason))
    .filter((r) => r !== null);

describe('simulator: tool calls', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  const stream = async (extra: Record<string, unknown> = {}): Promise<string[]> => {
    const res = await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o', { stream: true, tools: [{ type: 'function', function: { name: 'f' } }], ...extra }));
    assert.equal(res.status, 200);
    return (await readSse(res)).data;
  };

  it('fragments: id, type and name in the first fragment only, then the arguments split, then finish_reason tool_calls', async () => {
    sim.scriptReply({ text: '', toolCalls: [{ name: 'f', arguments: { a: 'naïve ✓' }, id: 'call_1' }], argumentChunks: 4 });
    const data = await stream();
    const deltas = toolDeltas(data);
    assert.equal(deltas.length, 5);
    assert.deepEqual(deltas[0], [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }]);
    assert.ok(deltas.slice(1).every((d) => d.length === 1 && d[0].id === undefined && d[0].function?.name === undefined && d[0].index === 0));
    assert.equal(deltas.slice(1).map((d) => d[0].function?.arguments).join(''), '{"a":"naïve ✓"}');
    assert.deepEqual(finishReasons(data), ['tool_calls']);
  });

  it('interleaved parallel calls keep their own (non-contiguous) indexes; whole and object styles send one chunk', async () => {
    sim.scriptReply({ text: '', toolCalls: [{ name: 'f', arguments: { n: 1 }, index: 0 }, { name: 'g', arguments: { n: 2 }, index: 3 }], toolCallStyle: 'interleaved', argumentChunks: 2 });
    const interleaved = toolDeltas(await stream()).map((d) => d[0].index);
    assert.deepEqual(interleaved, [0, 3, 0, 3, 0, 3]);
    sim.scriptReply({ text: '', toolCalls: [{ name: 'f', arguments: { n: 1 } }, { name: 'g', arguments: { n: 2 } }], toolCallStyle: 'object' });
    const [whole] = toolDeltas(await stream());
    assert.deepEqual(whole.map((c) => c.function?.arguments), [{ n: 1 }, { n: 2 }]);
  });

  it('o1-mini refuses tools with a 400 naming them; other models take tools', async () => {
    const res = await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('o1-mini', { tools: [{ type: 'function', function: { name: 'f' } }] }));
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /'tools' is not supported with this model/);
    assert.equal((await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('o1-mini'))).status, 200);
  });

  it('HelyxAI: perplexity-sonar refuses tools with a 400 and charges nothing; without tools it answers', async () => {
    const before = sim.credits(sim.keys.helyxPro);
    const res = await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, chatBody('perplexity-sonar', { tools: [{ type: 'function', function: { name: 'f' } }] }));
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { message: string } }).error.message, 'perplexity-sonar does not support tools.');
    assert.equal(sim.credits(sim.keys.helyxPro), before);
    assert.equal((await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, chatBody('perplexity-sonar'))).status, 200);
  });

  it('records the tool results it accepts, and checks tool_choice and image parts', async () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_x', content: 'result ✓' },
    ];
    const ok = await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, { model: 'helyx-3.5', messages });
    assert.equal(ok.status, 200);
    assert.deepEqual(sim.toolResults.at(-1), { toolCallId: 'call_x', name: 'f', content: 'result ✓', path: '/api/v1/chat/completions' });
    const orphan = await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, { model: 'helyx-3.5', messages: [messages[0], messages[2]] });
    assert.equal(orphan.status, 400);
    const choiceOnly = await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o', { tool_choice: 'required' }));
    assert.equal(choiceOnly.status, 400);
    const badImage = await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }],
    });
    assert.equal(badImage.status, 400);
  });

  it('accepts tool-call scripts over HTTP and refuses malformed ones', async () => {
    const control = (body: unknown): Promise<Response> => fetch(`${sim.url}/__sim/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await control({ text: '', toolCalls: [{ name: 'f' }] })).status, 400);
    assert.equal((await control({ text: '', toolCallStyle: 'sideways' })).status, 400);
    assert.equal((await control({ text: '', marker: '[http]', toolCalls: [{ name: 'f', arguments: '{"cut' }], finishReason: 'length' })).status, 200);
    const res = await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o', { stream: true, messages: [{ role: 'user', content: '[http] go' }] }));
    const data = parseSse(await res.text());
    assert.equal(toolDeltas(data).map((d) => d[0].function?.arguments ?? '').join(''), '{"cut');
    assert.deepEqual(finishReasons(data), ['length']);
  });
});
