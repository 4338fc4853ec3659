import assert from 'node:assert/strict';
import { CapabilityBook, parseCapabilityDeclarations, resolveCapabilities } from '../../../src/gateway/capabilities';
import { mergeModels } from '../../../src/gateway/modelList';
import { PROVIDERS } from '../../../src/gateway/providers';
import { ToolCallAssembler } from '../../../src/gateway/toolCallAssembler';

describe('gateway/capabilities', () => {
  it('chat models are assumed to take tools; image models never; images only when declared', () => {
    const [chat, image] = [PROVIDERS.helyx.catalogue.find((m) => m.kind === 'chat'), PROVIDERS.helyx.catalogue.find((m) => m.kind === 'image')];
    assert.deepEqual(resolveCapabilities('helyx', chat!.id, chat, undefined), { toolCalling: true, imageInput: false });
    assert.equal(resolveCapabilities('helyx', image!.id, image, undefined).toolCalling, false);
    assert.equal(resolveCapabilities('custom', 'unknown-model', undefined, undefined).toolCalling, true);
  });

  it('reads what /models entries say, in the shapes gateways use, and lets the gateway overrule the catalogue', () => {
    const models = mergeModels(PROVIDERS.custom, [
      { id: 'router/a', supported_parameters: ['temperature', 'tools'], architecture: { input_modalities: ['text', 'image'] }, context_length: 200_000 },
      { id: 'router/b', supported_parameters: ['temperature'] },
      { id: 'litellm/c', supports_function_calling: false, supports_vision: true },
      { id: 'plain/d', capabilities: { tools: true, vision: false } },
      { id: 'silent/e' },
    ]);
    const caps = Object.fromEntries(models.map((m) => [m.id, resolveCapabilities('custom', m.id, m, undefined)]));
    assert.deepEqual(caps['router/a'], { toolCalling: true, imageInput: true, contextWindow: 200_000 });
    assert.equal(caps['router/b'].toolCalling, false);
    assert.deepEqual(caps['litellm/c'], { toolCalling: false, imageInput: true });
    assert.deepEqual(caps['plain/d'], { toolCalling: true, imageInput: false });
    assert.deepEqual(caps['silent/e'], { toolCalling: true, imageInput: false });
  });

  it('the setting keeps well-formed declarations only, and they win over everything', () => {
    const declared = parseCapabilityDeclarations({
      'my-model': { toolCalling: true, imageInput: true, contextWindow: 128000 },
      junk: 'yes',
      half: { toolCalling: 'true', contextWindow: -5, imageInput: false },
      __proto__: { toolCalling: true },
    });
    assert.deepEqual({ ...declared }, { 'my-model': { toolCalling: true, imageInput: true, contextWindow: 128000 }, half: { imageInput: false } });
    assert.deepEqual(resolveCapabilities('custom', 'my-model', undefined, undefined, declared), { toolCalling: true, imageInput: true, contextWindow: 128000 });
    assert.deepEqual({ ...parseCapabilityDeclarations(['a']) }, {});
  });

  it('what was learned persists through storage and can be forgotten', () => {
    let saved: unknown;
    const storage = { load: () => saved, save: (state: unknown) => void (saved = JSON.parse(JSON.stringify(state))) };
    const book = new CapabilityBook(storage);
    let changes = 0;
    book.onDidChange(() => changes++);
    book.learnNoTools('custom', 'local/llama', 'Custom refused tools for local/llama:\n"no tools"');
    const again = new CapabilityBook(storage);
    assert.equal(again.learned('custom', 'local/llama')?.reason, 'Custom refused tools for local/llama: "no tools"');
    assert.equal(again.learned('heytoken', 'local/llama'), undefined, 'per provider');
    book.forget('custom');
    assert.equal(book.learned('custom', 'local/llama'), undefined);
    assert.equal(changes, 2);
  });
});

describe('gateway/toolCallAssembler', () => {
  it('takes a name repeated in every fragment once, fragments without an index by id, and "" as no arguments', () => {
    const tools = new ToolCallAssembler();
    tools.add([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":' } }]);
    tools.add([{ index: 0, function: { name: 'f', arguments: '1}' } }]);
    tools.add([{ id: 'b', function: { name: 'g', arguments: '' } }, { id: 'z', function: { name: 'h', arguments: '{}' } }]);
    tools.add([{ id: 'b', function: { arguments: '' } }]);
    tools.add([{ function: { arguments: '' } }]);
    assert.deepEqual(tools.finish(), [
      { id: 'a', name: 'f', arguments: { x: 1 }, rawArguments: '{"x":1}' },
      { id: 'b', name: 'g', arguments: {}, rawArguments: '' },
      { id: 'z', name: 'h', arguments: {}, rawArguments: '{}' },
    ]);
  });

  it('a call without a name, or arguments that are JSON but not an object, is an error', () => {
    const nameless = new ToolCallAssembler();
    nameless.add([{ index: 3, id: 'x', function: { arguments: '{}' } }]);
    assert.throws(() => nameless.finish(), /tool call 3 arrived without a function name/);
    const list = new ToolCallAssembler();
    list.add([{ index: 0, id: 'x', function: { name: 'f', arguments: '[1,2]' } }]);
    assert.throws(() => list.finish(), /"f" ended with arguments that are not a valid JSON object/);
  });
});
