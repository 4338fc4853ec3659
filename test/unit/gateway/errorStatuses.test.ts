import assert from 'node:assert/strict';
import { GatewayClient } from '../../../src/gateway/client';
import type { GatewayError } from '../../../src/gateway/errors';
import { PROVIDERS } from '../../../src/gateway/providers';
import type { RequestLogEntry } from '../../../src/gateway/types';
import { startSimulator, type Simulator } from '../../sim/server';
import { ask, collect, helyxClient, heytokenClient, visibleText } from './helpers';

describe('gateway errors from real gateway answers (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let logs: RequestLogEntry[];
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => {
    logs = [];
  });
  afterEach(() => sim.clearFaults());

  const onLog = (e: RequestLogEntry): void => void logs.push(e);

  async function chatError(client: GatewayClient, model: string, extra = {}): Promise<GatewayError> {
    const result = await collect(client.chat(ask(model, 'hello', extra)));
    assert.ok(result.error, 'expected the chat to fail');
    assert.equal(result.text, '');
    return result.error;
  }

  function assertNoSecrets(error: GatewayError, ...keys: string[]): void {
    const visible = visibleText(error, logs);
    for (const key of [...keys, ...Object.values(sim.keys)]) assert.ok(!visible.includes(key), `key leaked into: ${visible}`);
    assert.ok(!/\[object Object\]/.test(visible));
    assert.ok(!/\n\s+at /.test(error.message), 'no stack in the message');
  }

  it('400: a request the gateway rejects, with its own words', async () => {
    const error = await chatError(helyxClient(sim, { onLog }), 'helyx-3.5', { temperature: 5 });
    assert.equal(error.kind, 'bad-request');
    assert.equal(error.status, 400);
    assert.equal(error.action, 'fix-request');
    assert.equal(error.gatewayMessage, 'temperature must be a number between 0 and 2.');
    assertNoSecrets(error);
  });

  it('401: an unknown key asks for a key, and the key is nowhere in the error or the log', async () => {
    const wrongKey = 'hx-this-key-is-wrong-0123456789';
    const client = new GatewayClient({ preset: PROVIDERS.helyx, baseUrl: sim.helyxBaseUrl, apiKey: wrongKey, onLog });
    const error = await chatError(client, 'helyx-3.5');
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.action, 'set-key');
    assert.equal(error.retryable, false);
    assertNoSecrets(error, wrongKey);
  });

  it('no key at all: asks for one without sending anything', async () => {
    const before = sim.requests.length;
    const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl });
    const error = await chatError(client, 'gpt-4o');
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.action, 'set-key');
    assert.match(error.explanation, /No API key is set for HeyToken/);
    assert.equal(sim.requests.length, before);
  });

  it('402 HelyxAI: out of credits for today, wait for the reset or top up', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.helyx, baseUrl: sim.helyxBaseUrl, apiKey: sim.keys.helyxEmpty, onLog });
    const error = await chatError(client, 'helyx-3.5');
    assert.equal(error.kind, 'insufficient-credits');
    assert.equal(error.action, 'wait-or-top-up');
    assert.equal(error.gatewayMessage, "You've used all of today's credits.");
    assert.match(error.explanation, /daily reset/);
    assertNoSecrets(error);
  });

  it('402 HeyToken: top up', async () => {
    sim.setCredits(sim.keys.heytoken, 0);
    try {
      const error = await chatError(heytokenClient(sim, { onLog }), 'gpt-4o');
      assert.equal(error.kind, 'insufficient-credits');
      assert.match(error.explanation, /top up/);
      assert.match(error.gatewayMessage ?? '', /Insufficient balance/);
    } finally {
      sim.setCredits(sim.keys.heytoken, 100);
    }
  });

  it('403: a Pro model on a free plan asks to upgrade', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.helyx, baseUrl: sim.helyxBaseUrl, apiKey: sim.keys.helyxFree, onLog });
    const error = await chatError(client, 'claude-4.7');
    assert.equal(error.kind, 'plan-required');
    assert.equal(error.action, 'upgrade-plan');
    assert.match(error.explanation, /claude-4\.7/);
    assertNoSecrets(error);
  });

  it('404 for an unknown model asks to pick another', async () => {
    for (const client of [heytokenClient(sim, { onLog }), helyxClient(sim, { onLog })]) {
      const error = await chatError(client, 'gpt-9000');
      assert.equal(error.kind, 'model-not-found');
      assert.equal(error.action, 'pick-model');
      assert.match(error.explanation, /gpt-9000/);
    }
  });

  it('404 on the first call to a wrong base URL: "does not look like an OpenAI-compatible API", with the URL tried', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${sim.url}/not-an-api/v1`, apiKey: sim.keys.heytoken, onLog });
    const error = await chatError(client, 'gpt-4o');
    assert.equal(error.kind, 'bad-base-url');
    assert.equal(error.action, 'check-base-url');
    assert.match(error.explanation, /does not look like an OpenAI-compatible API/);
    assert.ok(error.explanation.includes(`${sim.url}/not-an-api/v1/chat/completions`));
    assertNoSecrets(error);
  });

  it('429 when retries run out: rate limited, with the wait the gateway asked for', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '3' } }, path: '/chat/completions' });
    const error = await chatError(heytokenClient(sim, { maxRetries: 0, onLog }), 'gpt-4o');
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterSeconds, 3);
    assert.match(error.explanation, /3 s/);
  });

  it('500: a server error to retry, with the gateway’s words', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 500 }, path: '/chat/completions' });
    const error = await chatError(helyxClient(sim, { maxRetries: 0, onLog }), 'helyx-3.5');
    assert.equal(error.kind, 'server');
    assert.equal(error.action, 'retry');
    assert.equal(error.gatewayMessage, 'Server error: upstream issue. Retry in 30s.');
  });

  it('502 with an HTML page: a short status text, never the page', async () => {
    sim.injectFault({ fault: { kind: 'html', status: 502 }, path: '/chat/completions' });
    const error = await chatError(heytokenClient(sim, { maxRetries: 0, onLog }), 'gpt-4o');
    assert.equal(error.kind, 'server');
    assert.equal(error.gatewayMessage, '502 Bad Gateway');
    assert.ok(!error.message.includes('<'), error.message);
    assertNoSecrets(error);
  });

  it('503: overloaded, retry', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 503 }, path: '/chat/completions' });
    const error = await chatError(heytokenClient(sim, { maxRetries: 0, onLog }), 'gpt-4o');
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.retryable, true);
    assert.match(error.gatewayMessage ?? '', /high traffic/);
  });

  it('a connection refused: a network error, no stack, no key', async () => {
    const closed = await startSimulator();
    const url = closed.heytokenBaseUrl;
    await closed.close();
    const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: url, apiKey: sim.keys.heytoken, maxRetries: 0, onLog });
    const error = await chatError(client, 'gpt-4o');
    assert.equal(error.kind, 'network');
    assert.match(error.explanation, /ECONNREFUSED/);
    assertNoSecrets(error);
  });

  it('a retry that still fails reports the last status after the SDK’s retries', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 503, headers: { 'retry-after-ms': '20' } }, path: '/chat/completions', times: 3 });
    const error = await chatError(heytokenClient(sim, { maxRetries: 2, onLog }), 'gpt-4o');
    assert.equal(error.kind, 'overloaded');
    assert.equal(logs.filter((l) => l.status === 503 && /retrying/.test(l.error ?? '')).length, 2, JSON.stringify(logs));
  });
});
