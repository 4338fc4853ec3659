import assert from 'node:assert/strict';
import { BillingLedger } from '../../../src/gateway/ledger';
import { PROVIDERS } from '../../../src/gateway/providers';
import { runTurn } from '../../../src/gateway/turnRunner';
import { GatewayError } from '../../../src/gateway/errors';
import { startSimulator, type Simulator } from '../../sim/server';
import { helyxClient, heytokenClient, hits } from './helpers';

describe('gateway/turnRunner (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Hello there' }] });

  it('streams text to the callback and bills the gateway-reported charge in the ledger', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    sim.scriptReply({ text: 'One two three.', chunks: 3 });
    const seen: string[] = [];
    let started = 0;
    const result = await runTurn({ client: helyxClient(sim), ledger }, ask('helyx-3.5'), { onText: (t) => seen.push(t), onStart: () => started++ });
    assert.equal(result.status, 'done');
    assert.equal(result.text, 'One two three.');
    assert.equal(seen.join(''), 'One two three.');
    assert.equal(started, 1);
    assert.deepEqual(result.toolCalls, []);
    assert.equal(result.finishReason, 'stop');
    assert.ok(result.usage && result.usage.completionTokens > 0);
    assert.ok(result.cost && result.cost.estimated === false, 'HelyxAI reports its charge');
    assert.equal(ledger.snapshot().lastCost?.credits, result.cost.credits);
    assert.equal(ledger.snapshot().balance?.credits, sim.credits(sim.keys.helyxPro));
    assert.ok(result.estimate && result.estimate.estimate.promptTokens > 0, 'the estimate is made before sending');
  });

  it('a declined estimate sends nothing and bills nothing', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.heytoken });
    const before = hits(sim, '/chat/completions');
    let started = false;
    const result = await runTurn({ client: heytokenClient(sim), ledger }, ask('gpt-4o-mini'), { beforeSend: () => false, onStart: () => (started = true) });
    assert.equal(result.status, 'declined');
    assert.equal(started, false);
    assert.equal(hits(sim, '/chat/completions'), before);
    assert.equal(ledger.snapshot().lastCost, undefined);
  });

  it('a stop keeps the partial text and bills what was counted', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 40 } });
    sim.scriptReply({ text: 'word '.repeat(60), chunks: 60 });
    const abort = new AbortController();
    const result = await runTurn({ client: helyxClient(sim), ledger }, { ...ask('helyx-3.5'), signal: abort.signal }, {
      onText: () => {
        if (!abort.signal.aborted) setTimeout(() => abort.abort(), 0);
      },
    });
    assert.equal(result.status, 'stopped');
    assert.ok(result.text.length > 0 && result.text.length < 'word '.repeat(60).length, `partial: ${result.text.length}`);
    assert.ok(result.cost, 'a stopped turn is billed');
    assert.ok(ledger.snapshot().lastCost);
  });

  it('a failure mid-stream comes back as failed with the partial text and the gateway error', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.heytoken });
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 2 } });
    sim.scriptReply({ text: 'alpha beta gamma delta epsilon', chunks: 5 });
    const result = await runTurn({ client: heytokenClient(sim, { maxRetries: 0 }), ledger }, ask('gpt-4o-mini'));
    assert.equal(result.status, 'failed');
    assert.ok(result.error instanceof GatewayError);
    assert.ok(result.text.length > 0, 'partial text is kept');
    assert.ok(ledger.snapshot().lastCost, 'the partial reply is billed');
  });

  it('a status error before any text is a failed turn with its action, nothing billed', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const result = await runTurn({ client: helyxClient(sim, { apiKey: 'hx-not-a-real-key' }), ledger }, ask('helyx-3.5'));
    assert.equal(result.status, 'failed');
    assert.ok(result.error instanceof GatewayError);
    assert.equal(result.error.action, 'set-key');
    assert.equal(result.text, '');
    assert.equal(ledger.snapshot().lastCost, undefined);
  });

  it('a tool round trip (call, result, final text) goes through runTurn and bills once per request', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const client = helyxClient(sim);
    const tools = [{ name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }];
    sim.scriptReply({ marker: '[runner-trip]', text: 'Looking.', toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }], argumentChunks: 4 });
    sim.scriptReply({ marker: '[runner-trip]', text: 'It says hello.' });
    const creditsBefore = sim.credits(sim.keys.helyxPro);
    const question = { role: 'user' as const, content: '[runner-trip] What does the README say?' };
    const first = await runTurn({ client, ledger }, { model: 'helyx-3.5', messages: [question], tools, toolChoice: 'auto' });
    assert.equal(first.status, 'done');
    assert.equal(first.text, 'Looking.');
    assert.equal(first.finishReason, 'tool_calls');
    assert.equal(first.toolCalls.length, 1);
    const [call] = first.toolCalls;
    assert.deepEqual(call.arguments, { path: 'README.md' });
    assert.ok(first.cost && !first.cost.estimated);
    const second = await runTurn({ client, ledger }, {
      model: 'helyx-3.5',
      tools,
      messages: [question, { role: 'assistant', content: first.text, toolCalls: [call] }, { role: 'tool', toolCallId: call.id, content: '# Hello' }],
    });
    assert.equal(second.status, 'done');
    assert.equal(second.text, 'It says hello.');
    assert.deepEqual(second.toolCalls, []);
    assert.equal(sim.toolResults.at(-1)?.toolCallId, call.id);
    assert.ok(second.cost);
    const total = Math.round((first.cost.credits + second.cost.credits) * 100) / 100;
    assert.equal(Math.round((creditsBefore - sim.credits(sim.keys.helyxPro)) * 100) / 100, total, 'the gateway charged the two requests');
    assert.equal(Math.round(ledger.snapshot().todaySpend * 100) / 100, total, 'the ledger billed each request once');
  });

  it('tool-call arguments that are not a JSON object make a failed turn that says so', async () => {
    const ledger = new BillingLedger({ preset: PROVIDERS.heytoken });
    const tools = [{ name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }];
    sim.scriptReply({ text: 'Trying.', toolCalls: [{ name: 'read_file', arguments: '{"path": "READ' }] });
    const result = await runTurn({ client: heytokenClient(sim), ledger }, { ...ask('gpt-4o'), tools });
    assert.equal(result.status, 'failed');
    assert.ok(result.error instanceof GatewayError);
    assert.match(result.error.explanation, /read_file.*not a valid JSON object/);
    assert.deepEqual(result.toolCalls, []);
  });
});
