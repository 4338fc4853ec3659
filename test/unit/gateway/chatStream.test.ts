import assert from 'node:assert/strict';
import type { RequestLogEntry } from '../../../src/gateway/types';
import { startSimulator, type Simulator } from '../../sim/server';
import { GatewayClient } from '../../../src/gateway/client';
import { RateLimiter } from '../../../src/gateway/limiter';
import { PROVIDERS } from '../../../src/gateway/providers';
import { ask, collect, helyxClient, heytokenClient, hits, inlineServer, sendJson } from './helpers';

// Multi-byte text of every width: 2-byte (é, ñ), 3-byte (✓, 漢字, —), 4-byte (🎉, 👋🏽).
const TRICKY = 'Café ñandú — naïve ✓ 漢字かな 🎉 emoji 👋🏽 done. '.repeat(6).trim();

describe('gateway/client chat stream (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  it('streams text, then usage, then finish; asks for usage with stream_options', async () => {
    sim.scriptReply({ text: 'Hello from the stream.', chunks: 5 });
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini')));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Hello from the stream.');
    assert.deepEqual(result.events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]), ['text', 'usage', 'finish']);
    assert.equal(result.finish, 'stop');
    const usage = result.events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage' && usage.usage.completionTokens > 0 && usage.usage.totalTokens === usage.usage.promptTokens + usage.usage.completionTokens);
    const body = sim.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('streams reasoning from `reasoning` (DeepSeek style) and `reasoning_content` (o1 style) when asked', async () => {
    const client = heytokenClient(sim);
    for (const model of ['deepseek-r1', 'o1-mini']) {
      const result = await collect(client.chat(ask(model, 'Why is the sky blue?', { reasoning: true })));
      assert.equal(result.error, undefined);
      assert.match(result.reasoning, /Thinking about “Why is the sky blue\?”/, model);
      assert.match(result.text, /Why is the sky blue\?/);
      const firstText = result.events.findIndex((e) => e.type === 'text');
      const lastReasoning = result.events.findLastIndex((e) => e.type === 'reasoning');
      assert.ok(lastReasoning < firstText, 'reasoning streams before the answer');
      assert.equal((sim.requests.at(-1)?.body as Record<string, unknown>).reasoning, true);
    }
  });

  it('HelyxAI: billing from the stream matches the balance the gateway now holds; max_tokens capped at 4096', async () => {
    const result = await collect(helyxClient(sim).chat(ask('helyx-3.5', 'Count to three', { maxTokens: 10_000 })));
    assert.equal(result.error, undefined);
    const billing = result.events.find((e) => e.type === 'billing');
    assert.ok(billing && billing.type === 'billing');
    assert.ok((billing.billing.creditsCharged ?? 0) > 0);
    assert.equal(billing.billing.creditsRemaining, sim.credits(sim.keys.helyxPro));
    assert.equal((sim.requests.at(-1)?.body as Record<string, unknown>).max_tokens, 4096);
  });

  it('a JSON answer to a streaming request still yields the answer, usage and billing', async () => {
    sim.scriptReply({ text: 'A whole answer at once ✓', reasoning: 'Brief thought.' });
    sim.injectFault({ fault: { kind: 'json-for-stream' }, path: '/chat/completions' });
    const result = await collect(helyxClient(sim).chat(ask('helyx-3.5')));
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'A whole answer at once ✓');
    assert.equal(result.reasoning, 'Brief thought.');
    assert.ok(result.events.some((e) => e.type === 'usage'));
    const billing = result.events.find((e) => e.type === 'billing');
    assert.ok(billing && billing.type === 'billing' && billing.billing.creditsRemaining === sim.credits(sim.keys.helyxPro));
    assert.equal(result.finish, 'stop');
  });

  it('SSE split at arbitrary byte boundaries (inside UTF-8 characters), CRLF line ends, comments and retry fields', async () => {
    sim.scriptReply({ text: TRICKY, reasoning: 'Réflexion 🤔 — 思考中…', chunks: 40 });
    sim.injectFault({ fault: { kind: 'byte-split' }, path: '/chat/completions' });
    sim.injectFault({ fault: { kind: 'crlf' }, path: '/chat/completions' });
    sim.injectFault({ fault: { kind: 'sse-extras' }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim).chat(ask('deepseek-r1')));
    assert.equal(result.error, undefined);
    assert.equal(result.text, TRICKY);
    assert.equal(result.reasoning, 'Réflexion 🤔 — 思考中…');
    assert.ok(!result.text.includes('\uFFFD'), 'no replacement characters');
    assert.equal(result.finish, 'stop');
  });

  it('a malformed chunk mid-stream: the text so far is kept, then a protocol error', async () => {
    sim.scriptReply({ text: 'one two three four five six seven eight', chunks: 8 });
    sim.injectFault({ fault: { kind: 'malformed-chunk', afterChunks: 3 }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'protocol');
    assert.ok(result.text.length > 0 && 'one two three four five six seven eight'.startsWith(result.text));
    assert.ok(result.text.length < 'one two three four five six seven eight'.length);
    assert.equal(result.finish, undefined);
  });

  it('a connection reset mid-stream: partial text kept, a retryable network error, and no silent retry', async () => {
    sim.scriptReply({ text: 'alpha beta gamma delta epsilon zeta eta theta', chunks: 8 });
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 4 }, path: '/chat/completions' });
    const before = hits(sim, '/chat/completions');
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'network');
    assert.equal(result.error?.retryable, true);
    assert.equal(result.error?.action, 'retry');
    assert.match(result.error?.explanation ?? '', /dropped before the answer finished/);
    assert.ok(result.text.length > 0 && 'alpha beta gamma delta epsilon zeta eta theta'.startsWith(result.text));
    assert.equal(hits(sim, '/chat/completions') - before, 1, 'a stream that showed text is never retried');
  });

  it('a reset after the headers but before any text is retried and succeeds', async () => {
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 0 }, path: '/chat/completions' });
    const before = hits(sim, '/chat/completions');
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini', 'second try')));
    assert.equal(result.error, undefined);
    assert.match(result.text, /second try/);
    assert.equal(hits(sim, '/chat/completions') - before, 2);
  });

  it('a reset before the response is retried by the SDK and succeeds', async () => {
    sim.injectFault({ fault: { kind: 'reset-before-response' }, path: '/chat/completions' });
    const before = hits(sim, '/chat/completions');
    const logs: RequestLogEntry[] = [];
    const result = await collect(heytokenClient(sim, { onLog: (e) => logs.push(e) }).chat(ask('gpt-4o-mini', 'after a reset')));
    assert.equal(result.error, undefined);
    assert.match(result.text, /after a reset/);
    assert.equal(hits(sim, '/chat/completions') - before, 2);
    assert.ok(logs.some((l) => /connection failed.*retrying/.test(l.error ?? '')), JSON.stringify(logs));
  });

  it('429 with Retry-After: waits about that long, retries, and succeeds', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, path: '/chat/completions' });
    const before = hits(sim, '/chat/completions');
    const logs: RequestLogEntry[] = [];
    const started = performance.now();
    const result = await collect(heytokenClient(sim, { onLog: (e) => logs.push(e) }).chat(ask('gpt-4o-mini', 'patience')));
    const elapsed = performance.now() - started;
    assert.equal(result.error, undefined);
    assert.match(result.text, /patience/);
    assert.equal(hits(sim, '/chat/completions') - before, 2);
    assert.ok(elapsed >= 900, `waited ${Math.round(elapsed)} ms for a 1 s Retry-After`);
    assert.ok(logs.some((l) => l.status === 429 && /retrying after 1 s/.test(l.error ?? '')), JSON.stringify(logs));
  });

  it('503 and 500 before the first token are retried', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 503, headers: { 'retry-after-ms': '50' } }, path: '/chat/completions' });
    sim.injectFault({ fault: { kind: 'status', status: 500, headers: { 'retry-after-ms': '50' } }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini', 'third time lucky')));
    assert.equal(result.error, undefined);
    assert.match(result.text, /third time lucky/);
  });

  it('cancellation ends the stream cleanly with finish "cancelled" and keeps the partial text', async () => {
    sim.scriptReply({ text: 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20', chunks: 20 });
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 40 }, path: '/chat/completions' });
    const controller = new AbortController();
    let texts = 0;
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini', 'x', { signal: controller.signal })), (event) => {
      if (event.type === 'text' && ++texts === 3) controller.abort();
    });
    assert.equal(result.error, undefined, 'no throw on cancel');
    assert.equal(result.finish, 'cancelled');
    assert.ok(result.text.startsWith('w1 w2 w3'));
    assert.ok(result.text.length < 40, 'stopped early');
  });

  it('an already-aborted signal sends nothing', async () => {
    const before = sim.requests.length;
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini', 'x', { signal: AbortSignal.abort() })));
    assert.equal(result.finish, 'cancelled');
    assert.equal(sim.requests.length, before);
  });

  it('idle timeout: a stream that goes silent fails with a timeout naming how long, keeping its text', async () => {
    sim.scriptReply({ text: 'first second third fourth', chunks: 4 });
    sim.injectFault({ fault: { kind: 'stall', afterChunks: 2 }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim, { idleTimeoutMs: 300 }).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.explanation ?? '', /nothing for 300 ms/);
    const full = 'first second third fourth';
    assert.ok(result.text.length > 0 && result.text.length < full.length && full.startsWith(result.text), result.text);
  });

  it('the whole-request timeout is separate from the idle timeout', async () => {
    sim.scriptReply({ text: 'a b c d e f g h i j', chunks: 10 });
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 100 }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim, { idleTimeoutMs: 5_000, requestTimeoutMs: 450 }).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.explanation ?? '', /longer than 450 ms in total/);
    assert.ok(result.text.length > 0, 'what arrived is kept');
  });

  it('logs one line per request with usage and billing, and never the key', async () => {
    const logs: RequestLogEntry[] = [];
    await collect(helyxClient(sim, { onLog: (e) => logs.push(e) }).chat(ask('helyx-3.5')));
    const entry = logs.at(-1);
    assert.equal(entry?.method, 'POST');
    assert.equal(entry?.path, '/chat/completions');
    assert.equal(entry?.status, 200);
    assert.equal(entry?.model, 'helyx-3.5');
    assert.ok(entry?.usage && entry.billing);
    assert.ok(!JSON.stringify(logs).includes(sim.keys.helyxPro));
  });

  it('a gateway that refuses stream_options is asked again without it, once', async () => {
    const server = await inlineServer((_req, res, body) => {
      const request = JSON.parse(body) as Record<string, unknown>;
      if (request.stream_options) return sendJson(res, 400, { error: { message: "Unrecognized request argument supplied: stream_options" } });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"index":0,"delta":{"content":"plain"},"finish_reason":null}]}\n\ndata: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    });
    try {
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${server.url}/v1`, apiKey: 'sk-local-0000' });
      const first = await collect(client.chat(ask('local-model')));
      const second = await collect(client.chat(ask('local-model')));
      assert.equal(first.text, 'plain');
      assert.equal(second.text, 'plain');
      assert.equal(server.requests.length, 3, 'one refusal, then remembered');
    } finally {
      await server.close();
    }
  });

  it('silence before the response headers also counts as idle', async () => {
    const server = await inlineServer(() => {
      // Never answers.
    });
    try {
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${server.url}/v1`, apiKey: 'sk-local-0000', idleTimeoutMs: 300, maxRetries: 0 });
      const result = await collect(client.chat(ask('local-model')));
      assert.equal(result.error?.kind, 'timeout');
      assert.match(result.error?.explanation ?? '', /nothing for 300 ms/);
    } finally {
      await server.close();
    }
  });

  it('a consumer that stops reading closes the stream and frees its limiter slot', async () => {
    sim.scriptReply({ text: 'a b c d e f g h i j k l m n o p', chunks: 16 });
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 30 }, path: '/chat/completions' });
    const logs: RequestLogEntry[] = [];
    const limiter = new RateLimiter({ concurrentStreams: 1 });
    const client = heytokenClient(sim, { limiter, onLog: (e) => logs.push(e) });
    for await (const event of client.chat(ask('gpt-4o-mini'))) {
      if (event.type === 'text') break;
    }
    assert.equal(limiter.running, 0);
    assert.match(logs.at(-1)?.error ?? '', /stopped/);
    const next = await collect(client.chat(ask('gpt-4o-mini', 'next one')));
    assert.match(next.text, /next one/);
    await limiter.stop();
  });
});
