import * as assert from 'node:assert/strict';
import { baseIndentation, fitReplacement, reindent } from '../../../src/codeActions/indentation';

describe('baseIndentation', () => {
  it('is the indentation of the least-indented non-blank line', () => {
    assert.equal(baseIndentation('    if (a) {\n      b();\n\n    }\n'), '    ');
    assert.equal(baseIndentation('\t\tx();\n\t\t\ty();'), '\t\t');
  });

  it('counts a tab as tabSize columns when comparing', () => {
    assert.equal(baseIndentation('\tx();\n  y();', 4), '  ');
  });

  it('is empty for unindented or blank text', () => {
    assert.equal(baseIndentation('a();\n  b();'), '');
    assert.equal(baseIndentation('\n   \n'), '');
  });
});

describe('reindent', () => {
  it('moves code the model wrote at column 0 to the original base indentation, keeping inner levels', () => {
    const code = 'if (user) {\n  greet(user);\n}';
    assert.equal(reindent(code, '    '), '    if (user) {\n      greet(user);\n    }');
  });

  it('moves code the model over-indented back to the base', () => {
    const code = '            return a +\n                b;';
    assert.equal(reindent(code, '  '), '  return a +\n      b;');
  });

  it('leaves the first line alone when the range starts mid-line', () => {
    const code = 'compute(\n  first,\n  second,\n)';
    assert.equal(reindent(code, '    ', { indentFirstLine: false }), 'compute(\n      first,\n      second,\n    )');
  });

  it('empties blank lines instead of indenting them', () => {
    assert.equal(reindent('a();\n   \nb();', '\t'), '\ta();\n\n\tb();');
  });

  it('converts the model\'s spaces to the editor\'s tabs', () => {
    const code = 'def f():\n    return 1';
    assert.equal(reindent(code, '\t', { style: { useTabs: true, tabSize: 4 } }), '\tdef f():\n\t\treturn 1');
  });

  it('converts the model\'s tabs to the editor\'s spaces', () => {
    const code = 'if x:\n\tpass';
    assert.equal(reindent(code, '  ', { style: { useTabs: false, tabSize: 2 } }), '  if x:\n    pass');
  });
});

describe('fitReplacement', () => {
  it('keeps the final line break of a whole-line selection', () => {
    const original = '  let total = 0;\n  for (const x of xs) total += x;\n';
    assert.equal(fitReplacement('const total = xs.reduce((a, b) => a + b, 0);', original), '  const total = xs.reduce((a, b) => a + b, 0);\n');
  });

  it('does not add a line break the original did not have', () => {
    assert.equal(fitReplacement('\nfoo(bar)\n\n', 'foo( bar )', { indentFirstLine: false, baseIndent: '    ' }), 'foo(bar)');
  });

  it('keeps blank lines that opened the selection', () => {
    assert.equal(fitReplacement('x = 1', '\n\n    x=1\n'), '\n\n    x = 1\n');
  });

  it('writes the document\'s CRLF line ends', () => {
    assert.equal(fitReplacement('a()\nb()', '\ta()\r\n\tb()\r\n', { eol: '\r\n' }), '\ta()\r\n\tb()\r\n');
  });

  it('uses the base indentation it is given over the one of the original text', () => {
    assert.equal(fitReplacement('a\nb', 'x\ny', { baseIndent: '  ' }), '  a\n  b');
  });
});
