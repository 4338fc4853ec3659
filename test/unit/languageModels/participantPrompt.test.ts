import assert from 'node:assert/strict';
import { SYSTEM_PROMPT } from '../../../src/chat/requestMessages';
import { MAX_ATTACHMENT_CHARS, participantMessages } from '../../../src/languageModels/participantPrompt';

describe('language models: what @switchboard sends', () => {
  it('starts with Switchboard\'s system prompt and keeps the conversation, not the /image and /video turns', () => {
    const messages = participantMessages(
      [
        { role: 'user', text: 'What is a monad?' },
        { role: 'assistant', text: 'A pattern for chaining.' },
        { role: 'user', text: 'a red fox', command: 'image' },
        { role: 'assistant', text: 'Saved the image to fox.png.', command: 'image' },
      ],
      'Show one in TypeScript',
    );
    assert.deepEqual(messages, [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: 'What is a monad?' },
      { role: 'assistant', content: 'A pattern for chaining.' },
      { role: 'user', content: 'Show one in TypeScript' },
    ]);
  });

  it('puts attached code before the question, fenced, with its lines', () => {
    const messages = participantMessages([], 'Why does this fail?', [{ path: 'src/app.ts', language: 'typescript', content: 'const x: number = "1";', startLine: 3, endLine: 3 }]);
    const last = messages.at(-1)!;
    assert.equal(last.role, 'user');
    assert.match(last.content, /^File: src\/app\.ts \(lines 3-3\), language: typescript\n```typescript\nconst x: number = "1";\n```\n\nWhy does this fail\?$/);
  });

  it('cuts a huge attachment rather than sending all of it', () => {
    const huge = 'x'.repeat(MAX_ATTACHMENT_CHARS * 2);
    const content = participantMessages([], 'Summarise', [{ path: 'big.log', language: 'log', content: huge }]).at(-1)!.content;
    assert.ok(content.length < MAX_ATTACHMENT_CHARS + 500);
    assert.match(content, /… \(cut\)/);
  });
});
