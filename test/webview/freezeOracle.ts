import type { Token } from 'marked';
import { findFreezePoint } from '../../webview-ui/src/markdown/freezePoint';
import { lexMarkdown, tokensToHtml } from '../../webview-ui/src/markdown/markedLexer';

/*
 * The oracle for the freeze rule, shared by its test and `npm run fuzz:markdown`: whenever the
 * streaming renderer would freeze text, rendering the frozen part and the rest separately must
 * give the same HTML as rendering the whole document, for every later continuation it has.
 */

/** Lines that make block boundaries move: list markers, fences, setext underlines, tables, html, definitions. */
export const TRICKY_LINES = [
  'para text', 'more *text* here', '', '', '', '- item', '  - sub item', '1. one', '2) two', '10. ten', '    indented code',
  '```', '```js', '~~~', '> quote', '>', '# heading', '===', '---', '***', '| a | b |', '|---|---|', '| 1 | 2 |',
  '<div>', '</div>', '<!-- comment', '-->', '<pre>', '</pre>', '[x]: https://example.com/x', '[x] is a reference',
  '  continued', '   three spaces', '\t tab', '* star', '+ plus', '- [ ] task', 'snake_case_text', '<details>', '  ', '- ',
  '1.', '  ```', '  code in item', '[y]: <https://example.com/y> "title"', '[z]: /z "a title', 'on two lines"', '[w]: /w (paren title', 'closed)', '"',
  "[v]: /v 'single", "'", '(x', ')', '[u]:', '  /u', '[t]: /t',
];

function html(tokens: Token[]): string {
  return tokensToHtml(tokens);
}

/**
 * Streams `full` one character at a time the way the renderer does; returns the first wrong
 * freeze, if any. Frozen text is rendered with the definitions of the whole document, as the
 * renderer re-renders finished blocks when a definition they mention appears or changes.
 */
export function firstWrongFreeze(full: string): string | undefined {
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

/** A random document of 2 to 15 tricky lines, half of them ending in a newline. */
export function trickyDocument(random: () => number): string {
  const lines = Array.from({ length: 2 + Math.floor(random() * 14) }, () => TRICKY_LINES[Math.floor(random() * TRICKY_LINES.length)]);
  return lines.join('\n') + (random() < 0.5 ? '\n' : '');
}
