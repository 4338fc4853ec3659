import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/agent/textEdits';
import { ToolError } from '../../../src/agent/tool';

describe('agent edit_file text rule', () => {
  it('applies each edit that matches exactly once, in order', () => {
    const text = 'function calcTotal(a) {\n  return a;\n}\nexport { calcTotal as x };\n';
    const result = applyTextEdits(text, [
      { oldText: 'function calcTotal', newText: 'function computeTotal' },
      { oldText: '{ calcTotal as', newText: '{ computeTotal as' },
    ], 'a.ts');
    assert.equal(result, 'function computeTotal(a) {\n  return a;\n}\nexport { computeTotal as x };\n');
  });

  it('refuses an edit that matches nothing, naming which', () => {
    assert.throws(() => applyTextEdits('abc', [{ oldText: 'a', newText: 'A' }, { oldText: 'zzz', newText: '' }], 'f.ts'),
      (error: Error) => error instanceof ToolError && /Edit 2 of 2/.test(error.message) && /matches nothing/.test(error.message) && /"zzz"/.test(error.message));
  });

  it('refuses an edit that matches several places, saying how many', () => {
    assert.throws(() => applyTextEdits('x = 1; x = 1;', [{ oldText: 'x = 1', newText: 'y' }], 'f.ts'),
      (error: Error) => error instanceof ToolError && /matches 2 places/.test(error.message));
  });

  it('counts overlapping occurrences as several', () => {
    assert.throws(() => applyTextEdits('aaa', [{ oldText: 'aa', newText: 'b' }], 'f.ts'), /matches 2 places/);
  });

  it('refuses an empty oldText', () => {
    assert.throws(() => applyTextEdits('abc', [{ oldText: '', newText: 'x' }], 'f.ts'), /oldText is empty/);
  });
});
