import * as assert from 'node:assert/strict';
import { explainRequest, fixInstruction, instructionTitle, REFACTOR_PRESETS, REWRITE_SYSTEM_PROMPT, rewriteMessages } from '../../../src/codeActions/prompts';

const snippet = { path: 'src/cart.ts', language: 'typescript', startLine: 12, endLine: 18, code: '  for (const i of items) {\n    total += i.price;\n  }\n' };

describe('code action prompts', () => {
  it('offers the five refactor presets with distinct instructions', () => {
    assert.deepEqual(
      REFACTOR_PRESETS.map((p) => p.label),
      ['Simplify', 'Add types', 'Extract function', 'Improve names', 'Add error handling'],
    );
    assert.equal(new Set(REFACTOR_PRESETS.map((p) => p.instruction)).size, REFACTOR_PRESETS.length);
  });

  it('asks for an explanation naming the file and the lines', () => {
    const text = explainRequest(snippet);
    assert.match(text, /src\/cart\.ts/);
    assert.match(text, /lines 12-18/);
    assert.match(explainRequest({ path: 'a.py', startLine: 3, endLine: 3 }), /\(line 3\)/);
  });

  it('sends the rewrite rules as the system prompt and the code, context and instruction as the user message', () => {
    const messages = rewriteMessages({ snippet, instruction: 'Simplify it.', before: 'let total = 0;\n', after: 'return total;' });
    assert.equal(messages.length, 2);
    assert.deepEqual(messages[0], { role: 'system', content: REWRITE_SYSTEM_PROMPT });
    const user = messages[1];
    assert.equal(user?.role, 'user');
    const content = user?.content ?? '';
    assert.ok(content.includes('```typescript\n  for (const i of items) {\n    total += i.price;\n  }\n```'), content);
    assert.ok(content.includes('lines 12-18'));
    assert.ok(content.includes('Instruction: Simplify it.'));
    // Context comes before and after the piece, marked read-only.
    const before = content.indexOf('let total = 0;');
    const piece = content.indexOf('total += i.price');
    const after = content.indexOf('return total;');
    assert.ok(before > 0 && before < piece && piece < after, 'context is placed around the piece');
    assert.match(content, /read-only/);
  });

  it('leaves out empty context', () => {
    const content = rewriteMessages({ snippet, instruction: 'x', before: '  \n', after: '' })[1]?.content ?? '';
    assert.doesNotMatch(content, /Context (before|after)/);
  });

  it('fences code that contains backticks with a longer fence', () => {
    const code = 'const md = "```js\\nx\\n```";';
    const content = rewriteMessages({ snippet: { ...snippet, code }, instruction: 'x' })[1]?.content ?? '';
    assert.ok(content.includes(`\`\`\`\`typescript\n${code}\n\`\`\`\``), content);
  });

  it('builds the fix instruction from the diagnostic', () => {
    const text = fixInstruction({ message: "Cannot find name 'totl'. Did you mean 'total'?", severity: 'error', line: 14, source: 'ts', code: '2552' });
    assert.match(text, /error \(reported by ts 2552\) on line 14/);
    assert.ok(text.includes(`"Cannot find name 'totl'. Did you mean 'total'?"`));
    assert.match(fixInstruction({ message: 'Unused variable', severity: 'warning', line: 2 }), /^Fix this warning on line 2/);
  });

  it('titles a proposal with the preset label or the start of free text', () => {
    assert.equal(instructionTitle(REFACTOR_PRESETS[2]?.instruction ?? ''), 'Extract function');
    assert.equal(instructionTitle('use early returns'), 'use early returns');
    assert.equal(instructionTitle('x'.repeat(100)).length, 48);
  });
});
