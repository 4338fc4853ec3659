import assert from 'node:assert/strict';
import type { Token } from 'marked';
import { findFreezePoint } from '../../webview-ui/src/markdown/freezePoint';
import { lexMarkdown, tokenToHtml } from '../../webview-ui/src/markdown/markedLexer';
import { markdownDocs } from './fixtures/markdownDocs';
import { seededRandom } from '../support/seededRandom';
import { runSeed } from './randomCuts';

/*
 * The freeze rule in isolation (Node, no browser): whenever the streaming renderer would
 * freeze text, rendering the frozen part and the rest separately must give the same HTML as
 * rendering the whole document, for every later continuation the document actually has.
 */

/** Lines that make block boundaries move: list markers, fences, setext underlines, tables, html, definitions. */
const TRICKY_LINES = [
  'para text', 'more *text* here', '', '', '', '- item', '  - sub item', '1. one', '2) two', '10. ten', '    indented code',
  '```', '```js', '~~~', '> quote', '>', '# heading', '===', '---', '***', '| a | b |', '|---|---|', '| 1 | 2 |',
  '<div>', '</div>', '<!-- comment', '-->', '<pre>', '</pre>', '[x]: https://example.com/x', '[x] is a reference',
  '  continued', '   three spaces', '\t tab', '* star', '+ plus', '- [ ] task', 'snake_case_text', '<details>', '  ', '- ',
  '1.', '  ```', '  code in item', '[y]: <https://example.com/y> "title"', '[z]: /z "a title', 'on two lines"', '[w]: /w (paren title', 'closed)', '"',
];

function html(tokens: Token[]): string {
  return tokens.map(tokenToHtml).join('');
}

/**
 * Streams `full` one character at a time the way the renderer does; returns the first wrong
 * freeze, if any. Frozen text is rendered with the definitions of the whole document, as the
 * renderer re-renders finished blocks when a definition they mention appears or changes.
 */
function firstWrongFreeze(full: string): string | undefined {
  const links = lexMarkdown(full).links;
  const expected = html(lexMarkdown(full, links));
  let frozenEnd = 0;
  let frozenHtml = '';
  for (let end = 1; end <= full.length; end++) {
    const tail = full.slice(frozenEnd, end);
    const freeze = findFreezePoint(lexMarkdown(tail), tail);
    if (freeze.tokenCount === 0) continue;
    frozenHtml += html(lexMarkdown(tail.slice(0, freeze.offset), links));
    frozenEnd += freeze.offset;
    if (frozenHtml + html(lexMarkdown(full.slice(frozenEnd), links)) !== expected) {
      return `froze ${JSON.stringify(full.slice(0, frozenEnd))} after ${end} characters`;
    }
  }
  return undefined;
}

describe('streaming markdown: the freeze rule (Node)', function () {
  const seed = runSeed();

  it('never freezes a block that the rest of a real answer would change', function () {
    for (const doc of markdownDocs) assert.equal(firstWrongFreeze(doc.text), undefined, doc.name);
  });

  it(`holds for 1500 random documents of tricky lines (seed ${seed})`, function () {
    this.timeout(120_000);
    const random = seededRandom(seed);
    for (let n = 0; n < 1500; n++) {
      const lines = Array.from({ length: 2 + Math.floor(random() * 14) }, () => TRICKY_LINES[Math.floor(random() * TRICKY_LINES.length)]);
      const doc = lines.join('\n') + (random() < 0.5 ? '\n' : '');
      assert.equal(firstWrongFreeze(doc), undefined, `seed ${seed}, document ${JSON.stringify(doc)}`);
    }
  });

  it('freezes finished blocks, and waits while the next line could still continue a list', function () {
    const list = '1. first\n\n';
    const atTwo = lexMarkdown(`${list}2`);
    assert.equal(findFreezePoint(atTwo, `${list}2`).tokenCount, 0, '"2" may become "2. second"');
    const lineDone = `${list}2. second\n\nNext paragraph\n`;
    const tokens = lexMarkdown(lineDone);
    const freeze = findFreezePoint(tokens, lineDone);
    assert.ok(freeze.tokenCount > 0);
    assert.equal(lineDone.slice(freeze.offset), 'Next paragraph\n');
  });
});
