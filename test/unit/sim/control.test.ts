import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import { chatBody, chunks, get, joined, post, readSse } from './sim-client';

describe('simulator: scripting, limits, control surface and lifecycle', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.close());

  it('answers the next chat completion, on either gateway, with a scripted reply', async () => {
    sim.scriptReply({ text: 'first', reasoning: 'hmm' });
    sim.scriptReply({ text: 'second' });
    const helyx = (await (await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, chatBody('helyx-3.5'))).json()) as {
      choices: { message: { content: string; reasoning_content?: string } }[];
    };
    assert.equal(helyx.choices[0].message.content, 'first');
    assert.equal(helyx.choices[0].message.reasoning_content, 'hmm');
    const stream = await readSse(await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o', { stream: true })));
    assert.equal(joined(stream.data), 'second');
    const after = (await (await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o'))).json()) as {
      choices: { message: { content: string } }[];
    };
    assert.notEqual(after.choices[0].message.content, 'second', 'a script is used once');
  });

  it('splits a long scripted reply into the requested number of chunks', async () => {
    const text = 'word '.repeat(10_000);
    sim.scriptReply({ text, chunks: 10_000 });
    const { data } = await readSse(await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o', { stream: true })));
    const contentChunks = chunks(data).filter((c) => c.choices[0]?.delta.content);
    assert.equal(contentChunks.length, 10_000);
    assert.equal(joined(data), text);
  });

  it('records every API request in order, with headers and the parsed body', async () => {
    await get(`${sim.heytokenBaseUrl}/models`, sim.keys.heytoken);
    await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, chatBody('helyx-3.5', { max_tokens: 64 }));
    assert.deepEqual(
      sim.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models', 'POST /api/v1/chat/completions'],
    );
    assert.equal(sim.requests[1].headers.authorization, `Bearer ${sim.keys.helyxPro}`);
    assert.equal((sim.requests[1].body as { max_tokens: number }).max_tokens, 64);
  });

  it('rate-limits per key with 429 and Retry-After in seconds', async () => {
    const limited = await startSimulator({ rateLimit: { requests: 2, windowMs: 60_000 } });
    try {
      const url = `${limited.heytokenBaseUrl}/models`;
      assert.equal((await get(url, limited.keys.heytoken)).status, 200);
      assert.equal((await get(url, limited.keys.heytoken)).status, 200);
      const refused = await get(url, limited.keys.heytoken);
      assert.equal(refused.status, 429);
      const wait = Number(refused.headers.get('retry-after'));
      assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${wait}`);
      const body = (await refused.json()) as { error: { message: string; type: string; code: string } };
      assert.equal(body.error.code, 'rate_limit_exceeded');
      const helyx = await post(`${limited.helyxBaseUrl}/chat/completions`, limited.keys.helyxPro, chatBody('helyx-3.5'));
      assert.equal(helyx.status, 200, 'another key has its own window');
    } finally {
      await limited.close();
    }
  });

  it('accepts faults, scripts and credits over HTTP from another process', async () => {
    const control = (path: string, body?: unknown, method = 'POST'): Promise<Response> =>
      fetch(`${sim.url}/__sim/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal((await control('faults', { fault: { kind: 'status', status: 503 } })).status, 200);
    assert.equal((await get(`${sim.heytokenBaseUrl}/models`, sim.keys.heytoken)).status, 503);
    await control('faults', { fault: { kind: 'status', status: 503 }, times: 5 });
    assert.equal((await control('faults', undefined, 'DELETE')).status, 200);
    assert.equal((await get(`${sim.heytokenBaseUrl}/models`, sim.keys.heytoken)).status, 200);
    assert.equal((await control('faults', { fault: { kind: 'reset-mid-stream' } })).status, 400);

    assert.equal((await control('script', { text: 'scripted over HTTP' })).status, 200);
    const reply = (await (await post(`${sim.heytokenBaseUrl}/chat/completions`, sim.keys.heytoken, chatBody('gpt-4o'))).json()) as {
      choices: { message: { content: string } }[];
    };
    assert.equal(reply.choices[0].message.content, 'scripted over HTTP');

    assert.equal((await control('credits', { key: sim.keys.helyxPro, credits: 0 })).status, 200);
    assert.equal(sim.credits(sim.keys.helyxPro), 0);
    assert.equal((await post(`${sim.helyxBaseUrl}/chat/completions`, sim.keys.helyxPro, chatBody('helyx-3.5'))).status, 402);
    assert.equal((await control('credits', { key: 'hx-nobody', credits: 5 })).status, 404);

    const state = (await (await control('state', undefined, 'GET')).json()) as {
      helyxAccounts: Record<string, { credits: number }>;
      requests: { path: string; headers: { authorization?: string } }[];
    };
    assert.equal(state.helyxAccounts[sim.keys.helyxPro].credits, 0);
    assert.ok(state.requests.length > 0 && state.requests.every((r) => !r.path.startsWith('/__sim')));
    assert.ok(state.requests.every((r) => !r.headers.authorization?.includes(sim.keys.heytoken)), 'keys are redacted');
  });

  it('close() stops the server so new connections are refused', async () => {
    const { url } = sim;
    await sim.close();
    await assert.rejects(fetch(`${url}/v1/models`));
  });
});
