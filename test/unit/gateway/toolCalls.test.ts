import assert from 'node:assert/strict';
import { CapabilityBook, resolveCapabilities } from '../../../src/gateway/capabilities';
import { BillingLedger } from '../../../src/gateway/ledger';
import { PROVIDERS } from '../../../src/gateway/providers';
import type { ChatEvent, ChatRequest, ToolCall, ToolDefinition } from '../../../src/gateway/types';
import { startSimulator, type Simulator } from '../../sim/server';
import { ask, collect, helyxClient, heytokenClient } from './helpers';

const READ_FILE: ToolDefinition = {
  name: 'read_file',
  description: 'Reads a workspace file',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};
const SEARCH: ToolDefinition = { name: 'search', parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'number' } } } };

// Arguments with multi-byte text, nesting and escapes, so a split can land anywhere that matters.
const ARGS_A = { path: 'src/naïve ✓/漢字.ts', options: { lines: [1, 2, 3], quote: 'say "hi"\n' } };
const ARGS_B = { query: 'closures 🎉', limit: 5 };

const calls = (events: ChatEvent[]): ToolCall[] => events.flatMap((e) => (e.type === 'toolCall' ? [e.call] : []));
const withTools = (model: string, extra: Partial<ChatRequest> = {}): ChatRequest => ask(model, 'Use the tools', { tools: [READ_FILE, SEARCH], ...extra });
const lastBody = (sim: Simulator): Record<string, unknown> => sim.requests.at(-1)?.body as Record<string, unknown>;

describe('gateway/client tool calls (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  it('sends tools, tool_choice and parallel_tool_calls in the OpenAI shape', async () => {
    sim.scriptReply({ text: 'fine' });
    await collect(heytokenClient(sim).chat(withTools('gpt-4o', { toolChoice: { name: 'search' }, parallelToolCalls: false })));
    const body = lastBody(sim);
    assert.deepEqual(body.tools, [
      { type: 'function', function: READ_FILE },
      { type: 'function', function: SEARCH },
    ]);
    assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'search' } });
    assert.equal(body.parallel_tool_calls, false);
    sim.scriptReply({ text: 'fine' });
    await collect(heytokenClient(sim).chat(withTools('gpt-4o', { toolChoice: 'required' })));
    assert.equal(lastBody(sim).tool_choice, 'required');
    assert.equal('parallel_tool_calls' in lastBody(sim), false, 'not sent unless asked');
    sim.scriptReply({ text: 'fine' });
    await collect(heytokenClient(sim).chat(ask('gpt-4o', 'no tools', { toolChoice: 'auto' })));
    assert.equal('tools' in lastBody(sim) || 'tool_choice' in lastBody(sim), false, 'no tool fields without tools');
  });

  it('id and name in the first fragment only, arguments over many chunks: one call with the parsed object', async () => {
    sim.scriptReply({ text: 'Let me look.', toolCalls: [{ name: 'read_file', arguments: ARGS_A, id: 'call_first' }], argumentChunks: 7 });
    const result = await collect(heytokenClient(sim).chat(withTools('gpt-4o')));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Let me look.');
    assert.deepEqual(calls(result.events), [{ id: 'call_first', name: 'read_file', arguments: ARGS_A, rawArguments: JSON.stringify(ARGS_A) }]);
    assert.equal(result.finish, 'tool_calls');
    const types = result.events.map((e) => e.type);
    assert.ok(types.lastIndexOf('text') < types.indexOf('toolCall'), 'the text comes before the call');
  });

  it('parallel calls with interleaved fragments and non-contiguous indexes: two calls in index order', async () => {
    sim.scriptReply({
      text: '',
      toolCalls: [
        { name: 'search', arguments: ARGS_B, index: 2 },
        { name: 'read_file', arguments: ARGS_A, index: 0 },
      ],
      toolCallStyle: 'interleaved',
      argumentChunks: 5,
    });
    const result = await collect(heytokenClient(sim).chat(withTools('gpt-4o')));
    assert.equal(result.error, undefined);
    const got = calls(result.events);
    assert.deepEqual(got.map((c) => [c.name, c.arguments]), [['read_file', ARGS_A], ['search', ARGS_B]]);
    assert.ok(got.every((c) => /^call_/.test(c.id)) && got[0].id !== got[1].id);
    assert.equal(result.text, '');
  });

  it('several calls whole in one chunk, and arguments sent as an object, assemble the same', async () => {
    for (const style of ['whole', 'object'] as const) {
      sim.scriptReply({ text: '', toolCalls: [{ name: 'read_file', arguments: ARGS_A }, { name: 'search', arguments: ARGS_B }], toolCallStyle: style });
      const result = await collect(heytokenClient(sim).chat(withTools('gpt-4o')));
      assert.equal(result.error, undefined, style);
      assert.deepEqual(calls(result.events).map((c) => [c.name, c.arguments]), [['read_file', ARGS_A], ['search', ARGS_B]], style);
      assert.equal(calls(result.events)[1].rawArguments, JSON.stringify(ARGS_B));
    }
  });

  it('a non-streamed answer with message.tool_calls gives the same events', async () => {
    sim.injectFault({ fault: { kind: 'json-for-stream' }, path: '/chat/completions' });
    sim.scriptReply({ text: '', toolCalls: [{ name: 'read_file', arguments: ARGS_A, id: 'call_json' }, { name: 'search', arguments: ARGS_B, id: 'call_json2' }] });
    const result = await collect(heytokenClient(sim).chat(withTools('gpt-4o')));
    assert.equal(result.error, undefined);
    assert.deepEqual(calls(result.events).map((c) => [c.id, c.name, c.arguments]), [['call_json', 'read_file', ARGS_A], ['call_json2', 'search', ARGS_B]]);
    assert.equal(result.finish, 'tool_calls');
  });

  it('arguments cut off mid-JSON are an error that says so, with no call emitted', async () => {
    const cut = JSON.stringify(ARGS_A).slice(0, 25);
    for (const style of ['fragments', 'whole'] as const) {
      sim.scriptReply({ text: '', toolCalls: [{ name: 'read_file', arguments: cut }], toolCallStyle: style, finishReason: 'length' });
      const result = await collect(heytokenClient(sim).chat(withTools('gpt-4o')));
      assert.equal(calls(result.events).length, 0, style);
      assert.equal(result.error?.kind, 'protocol', style);
      assert.match(result.error?.message ?? '', /read_file.*not a valid JSON object.*cut off/, style);
    }
  });

  it('a model that refuses tools is learned, with the gateway’s reason in one line; other 400s are not', async () => {
    const book = new CapabilityBook();
    const client = heytokenClient(sim, { capabilities: book });
    assert.equal(resolveCapabilities('heytoken', 'o1-mini', undefined, book).toolCalling, true, 'assumed until the gateway says otherwise');
    const refused = await collect(client.chat(withTools('o1-mini')));
    assert.equal(refused.error?.kind, 'bad-request');
    assert.equal(refused.error?.action, 'pick-model');
    assert.match(refused.error?.explanation ?? '', /o1-mini does not take tools at HeyToken/);
    const caps = resolveCapabilities('heytoken', 'o1-mini', undefined, book);
    assert.equal(caps.toolCalling, false);
    assert.equal(caps.toolCallingReason, `HeyToken refused tools for o1-mini: "Unsupported parameter: 'tools' is not supported with this model."`);
    assert.doesNotMatch(caps.toolCallingReason ?? '', /\n/);
    assert.equal(resolveCapabilities('heytoken', 'o1-mini', undefined, book, { 'o1-mini': { toolCalling: true } }).toolCalling, true, 'the user’s declaration wins');

    const other = await collect(client.chat(withTools('gpt-4o', { temperature: 5 })));
    assert.equal(other.error?.kind, 'bad-request');
    // A malformed tool names tools too, but says nothing of support: the model keeps its tools.
    const malformed = await collect(client.chat(ask('gpt-4o', 'go', { tools: [{ name: 'not a valid name!' }] })));
    assert.match(malformed.error?.gatewayMessage ?? '', /Invalid 'tools\[0\]'/);
    assert.equal(book.learned('heytoken', 'gpt-4o'), undefined);
  });

  it('the simulator checks tool results: a wrong tool_call_id or a missing result is a 400', async () => {
    const client = heytokenClient(sim);
    const call: ToolCall = { id: 'call_real', name: 'read_file', arguments: ARGS_A, rawArguments: JSON.stringify(ARGS_A) };
    const wrong = await collect(
      client.chat({ model: 'gpt-4o', tools: [READ_FILE], messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', toolCallId: 'call_other', content: 'x' }] }),
    );
    assert.equal(wrong.error?.kind, 'bad-request');
    assert.match(wrong.error?.gatewayMessage ?? '', /call_other/);
    const missing = await collect(client.chat({ model: 'gpt-4o', tools: [READ_FILE], messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: '', toolCalls: [call] }, { role: 'user', content: 'and?' }] }));
    assert.equal(missing.error?.kind, 'bad-request');
    assert.match(missing.error?.gatewayMessage ?? '', /did not have response messages: call_real/);
  });

  it('round trip on HelyxAI: call → result → final text; the simulator saw the matching tool_call_id; billed once per request', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const client = helyxClient(sim);
    const before = sim.credits(sim.keys.helyxPro);
    sim.scriptReply({ marker: '[round-trip]', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] });
    sim.scriptReply({ marker: '[round-trip]', text: 'The README says hello.' });
    const charged: number[] = [];
    const turn = async (req: ChatRequest): Promise<{ events: ChatEvent[]; text: string }> => {
      const result = await collect(client.chat(req));
      assert.equal(result.error, undefined);
      const billings = result.events.filter((e) => e.type === 'billing');
      assert.equal(billings.length, 1, 'one billing event per request');
      const usage = result.events.find((e) => e.type === 'usage');
      const billing = billings[0].type === 'billing' ? billings[0].billing : undefined;
      ledger.record({ model: 'helyx-3.5', billing, ...(usage?.type === 'usage' ? { usage: usage.usage } : {}) });
      charged.push(billing?.creditsCharged ?? NaN);
      return result;
    };
    const question = { role: 'user' as const, content: '[round-trip] What does the README say?' };
    const first = await turn({ model: 'helyx-3.5', tools: [READ_FILE], messages: [question] });
    const [call] = calls(first.events);
    assert.equal(call.name, 'read_file');
    const second = await turn({
      model: 'helyx-3.5',
      tools: [READ_FILE],
      messages: [question, { role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', toolCallId: call.id, content: '# Hello' }],
    });
    assert.equal(second.text, 'The README says hello.');
    assert.deepEqual(sim.toolResults.at(-1), { toolCallId: call.id, name: 'read_file', content: '# Hello', path: '/api/v1/chat/completions' });
    const sent = (lastBody(sim).messages as Record<string, unknown>[])[1];
    assert.deepEqual(sent, { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: 'read_file', arguments: '{"path":"README.md"}' } }] });
    assert.ok(charged.every((c) => c > 0));
    const total = Math.round((charged[0] + charged[1]) * 100) / 100;
    assert.equal(Math.round((before - sim.credits(sim.keys.helyxPro)) * 100) / 100, total, 'the gateway charged exactly the two requests');
    assert.equal(Math.round(ledger.snapshot().todaySpend * 100) / 100, total, 'the ledger counted each request once');
  });

  it('marked scripts answer their own conversation, whatever the order of requests', async () => {
    sim.scriptReply({ marker: '[task-a]', text: 'A1' });
    sim.scriptReply({ marker: '[task-b]', text: 'B1' });
    sim.scriptReply({ marker: '[task-a]', text: 'A2' });
    const client = heytokenClient(sim);
    const say = async (content: string): Promise<string> => (await collect(client.chat(ask('gpt-4o', content)))).text;
    assert.equal(await say('[task-b] go'), 'B1');
    assert.equal(await say('[task-a] go'), 'A1');
    assert.equal(await say('[task-a] again'), 'A2');
  });

  it('images reach the gateway as image_url parts after the text', async () => {
    const dataUrl = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    sim.scriptReply({ text: 'A red pixel.' });
    const result = await collect(heytokenClient(sim).chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is this?', images: [{ url: dataUrl, detail: 'low' }] }] }));
    assert.equal(result.error, undefined);
    assert.deepEqual((lastBody(sim).messages as unknown[])[0], {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: dataUrl, detail: 'low' } },
      ],
    });
  });
});
