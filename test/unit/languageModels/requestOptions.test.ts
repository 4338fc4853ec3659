import assert from 'node:assert/strict';
import { requestSettings, requestTools } from '../../../src/languageModels/requestOptions';

const defaults = { maxTokens: 2048, temperature: 0.7 };
const AUTO = 1;
const REQUIRED = 2;

describe('language models: request options', () => {
  it('uses the user\'s own settings when the caller asks for nothing', () => {
    assert.deepEqual(requestSettings({ toolMode: AUTO }, defaults), defaults);
  });

  it('lets a caller ask for a shorter reply or another temperature, but never more tokens than the user allows', () => {
    assert.deepEqual(requestSettings({ modelOptions: { max_tokens: 300, temperature: 0 } }, defaults), { maxTokens: 300, temperature: 0 });
    assert.equal(requestSettings({ modelOptions: { maxTokens: 100_000 } }, defaults).maxTokens, 2048);
  });

  it('ignores option values that make no sense', () => {
    assert.deepEqual(requestSettings({ modelOptions: { max_tokens: -5, temperature: 9 } }, defaults), defaults);
    assert.deepEqual(requestSettings({ modelOptions: { max_tokens: '300', temperature: 'hot' } }, defaults), defaults);
  });

  it('passes tools on as tool definitions, Required mode as tool_choice required', () => {
    const tools = [{ name: 'search', description: 'Searches', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }, { name: 'now' }];
    assert.deepEqual(requestSettings({ tools, toolMode: REQUIRED }, defaults), defaults);
    assert.deepEqual(requestTools({ tools, toolMode: REQUIRED }), {
      tools: [
        { name: 'search', description: 'Searches', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
        { name: 'now', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: 'required',
    });
    assert.equal(requestTools({ tools, toolMode: AUTO }).toolChoice, 'auto');
    assert.deepEqual(requestTools({}), {});
  });
});
