import assert from 'node:assert/strict';
import { roleFromNumber, toGatewayMessages, UnsupportedRequestError, type RequestMessage } from '../../../src/languageModels/requestMessages';

const text = (t: string) => ({ kind: 'text' as const, text: t });
const bytes = (t: string) => new TextEncoder().encode(t);

describe('language models: request messages to gateway messages', () => {
  it('joins a message\'s text parts and keeps roles and order', () => {
    const messages: RequestMessage[] = [
      { role: roleFromNumber(3), parts: [text('Be brief.')] },
      { role: roleFromNumber(1), parts: [text('What is '), text('a closure?')] },
      { role: roleFromNumber(2), parts: [text('A function with its scope.')] },
      { role: roleFromNumber(1), parts: [text('Example?')] },
    ];
    assert.deepEqual(toGatewayMessages(messages), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is a closure?' },
      { role: 'assistant', content: 'A function with its scope.' },
      { role: 'user', content: 'Example?' },
    ]);
  });

  it('sends a tool call as the assistant\'s toolCalls and a result as a tool message before that message\'s text', () => {
    const messages: RequestMessage[] = [
      { role: 'user', parts: [text('List files')] },
      { role: 'assistant', parts: [text('Looking.'), { kind: 'toolCall', callId: 'c1', name: 'list_files', input: { dir: 'src' } }] },
      { role: 'user', parts: [text('go on'), { kind: 'toolResult', callId: 'c1', text: 'a.ts\nb.ts' }] },
    ];
    assert.deepEqual(toGatewayMessages(messages), [
      { role: 'user', content: 'List files' },
      { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'c1', name: 'list_files', arguments: { dir: 'src' }, rawArguments: '{"dir":"src"}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'a.ts\nb.ts' },
      { role: 'user', content: 'go on' },
    ]);
  });

  it('sends an image as a data URL to a model that takes images, and refuses it for one that does not', () => {
    const messages: RequestMessage[] = [{ role: 'user', parts: [text('What is this?'), { kind: 'data', mimeType: 'image/png', data: new Uint8Array([137, 80]) }] }];
    assert.deepEqual(toGatewayMessages(messages, { imageInput: true }), [{ role: 'user', content: 'What is this?', images: [{ url: 'data:image/png;base64,iVA=' }] }]);
    assert.throws(() => toGatewayMessages(messages), (e: unknown) => e instanceof UnsupportedRequestError && /does not take images.*image\/png/.test(e.message));
  });

  it('sends text and JSON data parts as text and drops markers and thinking that carry nothing to say', () => {
    const messages: RequestMessage[] = [
      {
        role: 'user',
        parts: [
          text('Config: '),
          { kind: 'data', mimeType: 'application/json', data: bytes('{"a":1}') },
          { kind: 'data', mimeType: 'cache_control', data: bytes('ephemeral') },
          { kind: 'ignored' },
        ],
      },
    ];
    assert.deepEqual(toGatewayMessages(messages), [{ role: 'user', content: 'Config: {"a":1}' }]);
  });

  it('drops messages left empty and refuses a request with nothing to answer', () => {
    assert.deepEqual(toGatewayMessages([{ role: 'assistant', parts: [{ kind: 'ignored' }] }, { role: 'user', parts: [text('hi')] }]), [{ role: 'user', content: 'hi' }]);
    assert.throws(() => toGatewayMessages([{ role: 'system', parts: [text('rules')] }]), UnsupportedRequestError);
    assert.throws(() => toGatewayMessages([]), UnsupportedRequestError);
  });
});
