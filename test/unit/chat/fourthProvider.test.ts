import assert from 'node:assert/strict';
import { GatewayClient } from '../../../src/gateway/client';
import { PROVIDERS } from '../../../src/gateway/providers';
import type { ProviderPreset } from '../../../src/gateway/types';
import { startSimulator, type Simulator } from '../../sim/server';
import { makeSession, tempDir } from './sessionFixtures';

/**
 * A new OpenAI-compatible gateway is one preset: its API path, its billing field and its models
 * are data. This one is built here (not in providers.ts) and a chat runs through it unchanged.
 */
describe('providers as data: a fourth preset chats through the same session and turn runner', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  const acme: ProviderPreset = {
    id: 'acme',
    displayName: 'Acme AI',
    defaultBaseUrl: 'https://api.acme.example',
    keyOptionalForLocalhost: false,
    hasModelsEndpoint: false,
    catalogue: [{ id: 'helyx-3.5', displayName: 'Acme Swift', kind: 'chat', pro: false, reasoning: false, rate: { perToken: 0.04, label: '0.04 cr/tok' } }],
    defaultModel: 'helyx-3.5',
    creditUnit: 'credits',
    reportsBalance: true,
    supportsReasoningFlag: false,
    // The simulator's HelyxAI routes stand in for Acme's API: its path and billing field are quirks.
    apiPath: '/api/v1',
    billingField: 'helyx',
  };

  it('its API path completes a bare host, its billing field bills the reply, its catalogue names the model', async () => {
    assert.equal(Object.keys(PROVIDERS).includes('acme'), false, 'not a built-in');
    const tmp = await tempDir();
    try {
      // Only the host: the preset's apiPath supplies /api/v1.
      const client = new GatewayClient({ preset: acme, baseUrl: sim.url, apiKey: sim.keys.helyxPro, maxRetries: 0 });
      assert.equal(client.baseUrl, `${sim.url}/api/v1`);
      const rig = await makeSession(client, tmp.dir);
      assert.equal(rig.session.transcript.length, 0);
      sim.scriptReply({ text: 'Hello from Acme.' });
      await rig.session.send('Hi Acme');
      const reply = rig.session.transcript.at(-1);
      assert.equal(reply?.status, 'done');
      assert.equal(reply?.text, 'Hello from Acme.');
      assert.equal(reply?.cost?.estimated, false, 'the charge came from the billing field the preset names');
      assert.equal(rig.backend.ledger.snapshot().balance?.credits, sim.credits(sim.keys.helyxPro));
      assert.equal(rig.backend.ledger.snapshot().providerId, 'acme');
      assert.deepEqual((await rig.session.modelsMessage()).models.map((m) => m.displayName), ['Acme Swift']);
      assert.equal((await rig.session.modelsMessage()).providerLabel, 'Acme AI');
    } finally {
      await tmp.remove();
    }
  });

  it('without a billing field the same reply is billed from usage × rate, estimated', async () => {
    const tmp = await tempDir();
    try {
      const { billingField: _none, ...plain } = acme;
      const rig = await makeSession(new GatewayClient({ preset: plain, baseUrl: sim.url, apiKey: sim.keys.helyxPro, maxRetries: 0 }), tmp.dir);
      await rig.session.send('Hi again');
      assert.equal(rig.session.transcript.at(-1)?.cost?.estimated, true);
    } finally {
      await tmp.remove();
    }
  });
});
