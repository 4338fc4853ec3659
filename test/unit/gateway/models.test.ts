import assert from 'node:assert/strict';
import { GatewayClient } from '../../../src/gateway/client';
import { GatewayError } from '../../../src/gateway/errors';
import { PROVIDERS } from '../../../src/gateway/providers';
import { startSimulator, type Simulator } from '../../sim/server';
import { ask, collect, helyxClient, heytokenClient, hits, inlineServer, sendJson } from './helpers';

describe('gateway/client listModels', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('HeyToken: GET /models merged with the catalogue, cached, refreshed on request', async () => {
    const client = heytokenClient(sim);
    const before = hits(sim, '/v1/models');
    const models = await client.listModels();
    assert.equal(hits(sim, '/v1/models') - before, 1);
    const byId = new Map(models.map((m) => [m.id, m]));
    assert.equal(byId.get('deepseek-r1')?.reasoning, true);
    assert.equal(byId.get('dall-e-3')?.kind, 'image');
    assert.equal(byId.get('kling-1.6')?.kind, 'video');
    assert.equal(byId.get('text-embedding-3-small')?.kind, 'embedding');
    assert.equal(byId.get('gpt-4o')?.displayName, 'GPT-4o');
    assert.ok(!byId.has('midjourney'), 'catalogue entries the gateway does not list are left out');

    await client.listModels();
    assert.equal(hits(sim, '/v1/models') - before, 1, 'second call served from the cache');
    await client.listModels({ refresh: true });
    assert.equal(hits(sim, '/v1/models') - before, 2);
  });

  it('HelyxAI (no /models): the catalogue, without a request', async () => {
    const before = sim.requests.length;
    const models = await helyxClient(sim).listModels();
    assert.equal(models.length, 11);
    assert.equal(models.find((m) => m.id === 'vo3')?.pro, true);
    assert.equal(sim.requests.length, before);
  });

  it('a gateway whose /models is a 404 still lists its catalogue', async () => {
    // The HelyxAI side of the simulator has no /models; point a HeyToken-shaped client at it.
    const client = new GatewayClient({ preset: { ...PROVIDERS.heytoken, id: 'heytoken' }, baseUrl: sim.helyxBaseUrl, apiKey: sim.keys.helyxPro });
    const models = await client.listModels();
    assert.deepEqual(models.map((m) => m.id), PROVIDERS.heytoken.catalogue.map((m) => m.id));
  });

  it('a custom gateway with no catalogue and a 404 at /models: the configured models, and a wrong base URL is left to the chat to report', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${sim.url}/nowhere/v1`, apiKey: sim.keys.heytoken });
    assert.deepEqual((await client.listModels({ fallbackIds: ['my-model'] })).map((m) => m.id), ['my-model']);
    const result = await collect(client.chat(ask('my-model')));
    assert.ok(result.error instanceof GatewayError && result.error.kind === 'bad-base-url' && result.error.explanation.includes('/nowhere/v1/chat/completions'));
  });

  it('a wrong key is not hidden behind the catalogue', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl, apiKey: 'sk-ht-nope-000000000000' });
    await assert.rejects(client.listModels(), (error: unknown) => error instanceof GatewayError && error.kind === 'unauthorized');
  });

  it('a local custom gateway without a key: no Authorization header, models with guessed kinds', async () => {
    const server = await inlineServer((req, res) => {
      if (req.url === '/v1/models') {
        sendJson(res, 200, { object: 'list', data: [{ id: 'llama3.1:8b' }, { id: 'nomic-embed-text' }, { id: 'flux-schnell', name: 'FLUX schnell' }] });
      } else sendJson(res, 404, { error: 'not here' });
    });
    try {
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: server.url.replace('127.0.0.1', 'localhost') });
      assert.equal(client.canAuthenticate, true);
      const models = await client.listModels();
      assert.deepEqual(models.map((m) => [m.id, m.kind, m.displayName]), [
        ['flux-schnell', 'image', 'FLUX schnell'],
        ['llama3.1:8b', 'chat', 'llama3.1:8b'],
        ['nomic-embed-text', 'embedding', 'nomic-embed-text'],
      ]);
      assert.equal(server.requests[0]?.headers.authorization, undefined);
    } finally {
      await server.close();
    }
  });

  it('a remote custom gateway without a key asks for one', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: 'https://gateway.invalid/v1' });
    assert.equal(client.canAuthenticate, false);
    await assert.rejects(client.listModels(), (error: unknown) => error instanceof GatewayError && error.action === 'set-key');
  });
});
