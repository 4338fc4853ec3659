import * as assert from 'node:assert/strict';
import { extractCode } from '../../../src/codeActions/extractCode';

// Answers shaped like the ones real chat models give when asked for "only the code".
describe('extractCode', () => {
  it('takes the code out of a fenced block with chatter before and after', () => {
    const answer = [
      "Sure! Here's the simplified version:",
      '',
      '```typescript',
      'export function total(items: Item[]): number {',
      '  return items.reduce((sum, item) => sum + item.price, 0);',
      '}',
      '```',
      '',
      'This uses `reduce` instead of the manual loop. Let me know if you need anything else!',
    ].join('\n');
    assert.equal(extractCode(answer), 'export function total(items: Item[]): number {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}');
  });

  it('returns the whole answer, trimmed, when the model sent bare code', () => {
    const answer = '\n\n    const x = compute();\n    return x * 2;\n\n';
    assert.equal(extractCode(answer), '    const x = compute();\n    return x * 2;');
  });

  it('keeps the indentation of fenced code that sits at a nested level', () => {
    const answer = '```python\n    if value is None:\n        raise ValueError("value is required")\n    return value\n```';
    assert.equal(extractCode(answer), '    if value is None:\n        raise ValueError("value is required")\n    return value');
  });

  it('prefers the largest block over a short usage example after it', () => {
    const answer = [
      '```js',
      'function parse(input) {',
      '  const parts = input.split(",");',
      '  return parts.map((p) => p.trim()).filter(Boolean);',
      '}',
      '```',
      '',
      'Usage:',
      '',
      '```js',
      'parse("a, b");',
      '```',
    ].join('\n');
    assert.equal(extractCode(answer), 'function parse(input) {\n  const parts = input.split(",");\n  return parts.map((p) => p.trim()).filter(Boolean);\n}');
  });

  it('takes the first of equally large blocks', () => {
    assert.equal(extractCode('```\nfirst();\n```\nor\n```\nother();\n```'), 'first();');
  });

  it('keeps triple backticks inside code that a longer fence wraps', () => {
    const answer = 'Updated:\n\n````ts\nconst doc = `\n```sh\nnpm test\n```\n`;\n````\n';
    assert.equal(extractCode(answer), 'const doc = `\n```sh\nnpm test\n```\n`;');
  });

  it('reads tilde fences', () => {
    assert.equal(extractCode('Here you go\n~~~ruby\nputs "hi"\n~~~\n'), 'puts "hi"');
  });

  it('keeps what arrived of a block the token limit cut off', () => {
    const answer = 'Here is the refactor:\n\n```go\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {';
    assert.equal(extractCode(answer), 'func Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {');
  });

  it('drops a leading <think> block, even one that mentions a fence', () => {
    const answer = '<think>\nThe user wants types. Maybe ```any``` is bad.\n</think>\n\n```ts\nlet count: number = 0;\n```';
    assert.equal(extractCode(answer), 'let count: number = 0;');
  });

  it('turns CRLF line ends into LF', () => {
    assert.equal(extractCode('Result:\r\n```c\r\nint a = 1;\r\nint b = 2;\r\n```\r\n'), 'int a = 1;\nint b = 2;');
  });

  it('finds a block inside a numbered list item and removes the list indentation', () => {
    const answer = '1. Replace the loop:\n   ```ts\n   for (const x of xs) {\n     use(x);\n   }\n   ```\n2. Done.';
    assert.equal(extractCode(answer), 'for (const x of xs) {\n  use(x);\n}');
  });

  it('returns an empty string for an empty answer', () => {
    assert.equal(extractCode(''), '');
    assert.equal(extractCode('```ts\n```'), '');
  });
});
