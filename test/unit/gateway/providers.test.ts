import assert from 'node:assert/strict';
import { normalizeBaseUrl } from '../../../src/gateway/baseUrl';
import { guessKind, mergeModels } from '../../../src/gateway/modelList';
import { PROVIDERS, PROVIDER_IDS, isProviderId } from '../../../src/gateway/providers';

describe('gateway/providers', () => {
  const helyx = PROVIDERS.helyx;

  it('HelyxAI lists the reference models with their rates, kinds and Pro flags', () => {
    // [id, display name, kind, rate label, pro]
    const expected: [string, string, string, string, boolean][] = [
      ['gpt-4-turbo', 'ChatGPT 5.5', 'chat', '0.2 cr/tok', false],
      ['claude-4.7', 'Claude 4.7', 'chat', '1.0 cr/tok', true],
      ['perplexity-sonar', 'Perplexity Sonar', 'chat', '0.1 cr/tok', false],
      ['helyx-3.5', 'Helyx 3.5', 'chat', '0.04 cr/tok', false],
      ['grok-pro', 'Grok Pro', 'chat', '0.2 cr/tok', true],
      ['kimi-k2.6', 'Kimi K2.6 Pro', 'chat', '0.2 cr/tok', false],
      ['qwen-3.6-plus', 'Qwen 3.6 Plus', 'chat', '0.2 cr/tok', false],
      ['glm-5.1-pro', 'GLM 5.1 Pro', 'chat', '0.2 cr/tok', false],
      ['minimax-m2.7', 'MiniMax M2.7', 'chat', '0.1 cr/tok', false],
      ['nano-banana-pro', 'Nano Banana Pro', 'image', '200 cr/img', false],
      ['vo3', 'Vo3', 'video', 'TBD', true],
    ];
    assert.deepEqual(
      helyx.catalogue.map((m) => [m.id, m.displayName, m.kind, m.rate?.label, m.pro]),
      expected,
    );
    assert.equal(helyx.catalogue.find((m) => m.id === 'claude-4.7')?.rate?.perToken, 1);
    assert.equal(helyx.catalogue.find((m) => m.id === 'nano-banana-pro')?.rate?.perImage, 200);
    assert.equal(helyx.catalogue.find((m) => m.id === 'vo3')?.rate?.perVideo, undefined, 'vo3 is TBD: no invented price');
  });

  it('HelyxAI: default helyx-3.5, hx- keys, 4096 max tokens, balance reported, reset 00:00 PKT', () => {
    assert.equal(helyx.defaultModel, 'helyx-3.5');
    assert.equal(helyx.keyPrefix, 'hx-');
    assert.equal(helyx.maxTokensCap, 4096);
    assert.equal(helyx.reportsBalance, true);
    assert.deepEqual(helyx.dailyReset, { utcOffsetMinutes: 300, hour: 0 });
    assert.equal(normalizeBaseUrl(helyx.defaultBaseUrl, 'helyx'), 'https://helyxai.space/api/v1');
  });

  it('HeyToken: sk-ht- keys, /models, reasoning flag, documented limits, catalogue of every kind', () => {
    const ht = PROVIDERS.heytoken;
    assert.equal(ht.defaultBaseUrl, 'https://api.heytoken.ai/v1');
    assert.equal(ht.keyPrefix, 'sk-ht-');
    assert.equal(ht.hasModelsEndpoint, true);
    assert.equal(ht.supportsReasoningFlag, true);
    assert.deepEqual(ht.limits, { requestsPerMinute: 100, requestsPerHour: 1000, tokensPerMinute: 100_000, concurrentStreams: 10 });
    assert.deepEqual([...new Set(ht.catalogue.map((m) => m.kind))].sort(), ['chat', 'embedding', 'image', 'video']);
    assert.deepEqual(ht.catalogue.filter((m) => m.reasoning).map((m) => m.id), ['o1-mini', 'deepseek-r1']);
  });

  it('Custom: key optional for localhost, no catalogue, asks /models', () => {
    const custom = PROVIDERS.custom;
    assert.equal(custom.keyOptionalForLocalhost, true);
    assert.deepEqual(custom.catalogue, []);
    assert.equal(custom.hasModelsEndpoint, true);
  });

  it('provider ids come from the presets', () => {
    assert.deepEqual([...PROVIDER_IDS], ['helyx', 'heytoken', 'custom']);
    assert.equal(isProviderId('heytoken'), true);
    assert.equal(isProviderId('openai'), false);
  });

  describe('model list merging', () => {
    it('without an answer from /models, the catalogue', () => {
      const models = mergeModels(PROVIDERS.heytoken, undefined);
      assert.equal(models.length, PROVIDERS.heytoken.catalogue.length);
      assert.ok(models.every((m) => m.source === 'catalogue'));
    });

    it('gateway ids enriched from the catalogue; unknown ids get a guessed kind', () => {
      const models = mergeModels(PROVIDERS.heytoken, [
        { id: 'flux-1.1-pro', object: 'model' },
        { id: 'gpt-4o', object: 'model' },
        { id: 'my-embedder', object: 'model', type: 'embedding' },
        { id: 'qwq-32b', object: 'model', context_length: 32768 },
        { id: 'gpt-4o' },
        { nonsense: true },
      ]);
      assert.deepEqual(
        models.map((m) => [m.id, m.kind, m.source]),
        [
          ['gpt-4o', 'chat', 'both'],
          ['flux-1.1-pro', 'image', 'gateway'],
          ['my-embedder', 'embedding', 'gateway'],
          ['qwq-32b', 'chat', 'gateway'],
        ],
      );
      assert.equal(models.find((m) => m.id === 'gpt-4o')?.displayName, 'GPT-4o');
      const qwq = models.find((m) => m.id === 'qwq-32b');
      assert.equal(qwq?.reasoning, true);
      assert.equal(qwq?.contextWindow, 32768);
    });

    it('guesses kinds from ids', () => {
      assert.equal(guessKind('text-embedding-3-large'), 'embedding');
      assert.equal(guessKind('dall-e-2'), 'image');
      assert.equal(guessKind('stable-diffusion-3'), 'image');
      assert.equal(guessKind('sora-2'), 'video');
      assert.equal(guessKind('kling-2.0'), 'video');
      assert.equal(guessKind('llama3.1:8b'), 'chat');
    });
  });
});
