import assert from 'node:assert/strict';
import { requestSettings } from '../../../src/languageModels/requestOptions';
import { UnsupportedRequestError } from '../../../src/languageModels/requestMessages';

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

  it('refuses a request that insists on a tool call, and lets one that merely offers tools through', () => {
    const tools = [{ name: 'search' }];
    assert.throws(() => requestSettings({ tools, toolMode: REQUIRED }, defaults), (e: unknown) => e instanceof UnsupportedRequestError && /search/.test(e.message));
    assert.deepEqual(requestSettings({ tools, toolMode: AUTO }, defaults), defaults);
  });
});
