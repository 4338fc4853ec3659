import assert from 'node:assert/strict';
import { getPreset } from '../../../src/gateway/providers';
import type { ModelInfo } from '../../../src/gateway/types';
import { chatModelsOnly, DEFAULT_CONTEXT_WINDOW, toModelInformation } from '../../../src/languageModels/modelInformation';

const helyx = { provider: 'helyx' as const, providerLabel: 'HelyxAI', maxTokens: 2048 };

describe('language models: what VS Code lists', () => {
  it('offers only chat models: image and video models never reach a chat model picker', () => {
    const catalogue = getPreset('helyx').catalogue;
    const ids = chatModelsOnly(catalogue).map((m) => m.id);
    assert.ok(ids.includes('helyx-3.5') && ids.includes('claude-4.7'));
    assert.ok(!ids.includes('nano-banana-pro'), 'the image model is left out');
    assert.ok(!ids.includes('vo3'), 'the video model is left out');
    const heytoken = chatModelsOnly(getPreset('heytoken').catalogue).map((m) => m.kind);
    assert.deepEqual([...new Set(heytoken)], ['chat'], 'no embedding, image or video model from HeyToken either');
  });

  it('names the model as people know it and shows its rate next to it and on hover', () => {
    const model = getPreset('helyx').catalogue.find((m) => m.id === 'claude-4.7')!;
    const info = toModelInformation(model, helyx);
    assert.equal(info.id, 'claude-4.7');
    assert.equal(info.name, 'Claude 4.7');
    assert.match(info.detail, /HelyxAI/);
    const rate = model.rate?.label;
    assert.ok(rate, 'the catalogue gives Claude 4.7 a rate');
    assert.ok(info.detail.includes(rate), `detail "${info.detail}" shows the rate`);
    assert.ok(info.tooltip.includes(`Rate: ${rate}`), 'the tooltip shows the rate');
    assert.match(info.tooltip, /Pro plan/);
    assert.equal(info.provider, 'helyx', 'requests for it go back to HelyxAI');
    assert.deepEqual(info.capabilities, { imageInput: false, toolCalling: false });
  });

  it('advertises the output limit Switchboard will really send, never more than the model allows', () => {
    const model: ModelInfo = { id: 'm', displayName: 'M', kind: 'chat', pro: false, reasoning: false, maxOutputTokens: 1000 };
    assert.equal(toModelInformation(model, { ...helyx, maxTokens: 4096 }).maxOutputTokens, 1000);
    assert.equal(toModelInformation(model, { ...helyx, maxTokens: 512 }).maxOutputTokens, 512);
  });

  it('leaves room for the reply inside the context window, and assumes a modest window when none is known', () => {
    const known: ModelInfo = { id: 'k', displayName: 'K', kind: 'chat', pro: false, reasoning: false, contextWindow: 128_000 };
    assert.equal(toModelInformation(known, helyx).maxInputTokens, 128_000 - 2048);
    const unknown: ModelInfo = { id: 'u', displayName: 'U', kind: 'chat', pro: false, reasoning: false };
    assert.equal(toModelInformation(unknown, helyx).maxInputTokens, DEFAULT_CONTEXT_WINDOW - 2048);
  });

  it('a model without a known rate still says who bills it', () => {
    const model: ModelInfo = { id: 'llama3', displayName: 'llama3', kind: 'chat', pro: false, reasoning: false };
    const info = toModelInformation(model, { provider: 'custom', providerLabel: 'Custom', maxTokens: 2048 });
    assert.equal(info.detail, 'Custom');
    assert.match(info.tooltip, /Billed to your Custom account/);
    assert.equal(info.version, 'custom');
  });

  it('reports tool calling and image input per model as the capability service says, text only without it', () => {
    const catalogue = getPreset('heytoken').catalogue;
    const [first, second] = chatModelsOnly(catalogue);
    const heytoken = { provider: 'heytoken' as const, providerLabel: 'HeyToken', maxTokens: 2048 };
    const capabilities = (m: ModelInfo) => ({ toolCalling: m.id === first.id, imageInput: m.id === second.id });
    assert.deepEqual(toModelInformation(first, { ...heytoken, capabilities }).capabilities, { toolCalling: true, imageInput: false });
    assert.deepEqual(toModelInformation(second, { ...heytoken, capabilities }).capabilities, { toolCalling: false, imageInput: true });
    assert.deepEqual(toModelInformation(first, heytoken).capabilities, { toolCalling: false, imageInput: false });
  });
});
