import type { Token } from 'marked';

export interface FreezePoint {
  /** How many leading tokens are finished: no text appended later can change them. */
  tokenCount: number;
  /** Where the first unfinished token starts in the lexed source. */
  offset: number;
}

/**
 * Finds the last point in `src` before which every block is final.
 *
 * Block structure in CommonMark is decided line by line, and a blank line closes every
 * block except those that swallow it: an open fence or raw-HTML block (which then runs to
 * the end of the source, so nothing follows it), indented code and list items (continued
 * only by indented or list-marker lines). So a block is final once it is followed by a blank
 * line and the complete first line of a separate block: the lexer has already decided that
 * this line does not continue it, and that decision never looks further ahead. Requiring the
 * whole line matters: a line that so far reads "1" may still become "1. item" and continue a
 * list, and "   " may become indented code.
 *
 * One exception looks further: marked lets a link definition's "double-quoted" or (parenthesized)
 * title run across blank lines, a 'single-quoted' one across lines of only spaces, and the title
 * may start on the line after the destination. A definition may start a block or any line of a
 * paragraph (marked appends it to the paragraph). So from a block with a line that starts a
 * definition whose title is still open in the rest of the source, nothing is frozen: everything
 * up to a later closing quote may yet become part of that block.
 */
export function findFreezePoint(tokens: readonly Token[], src: string): FreezePoint {
  let best: FreezePoint = { tokenCount: 0, offset: 0 };
  let offset = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (opensDefinitionTitle(src, token, offset)) break;
    if (i > 0 && token.type !== 'space' && startsAfterBlankLine(src, offset)
      && src.indexOf('\n', offset) !== -1 && mayPrecedeBoundary(tokens[i - 1])) {
      best = { tokenCount: i, offset };
    }
    offset += token.raw.length;
  }
  // Offsets come from summing raw lengths; if they do not cover the source, trust nothing.
  return offset === src.length ? best : { tokenCount: 0, offset: 0 };
}

/** marked's definition up to the opening of its title. */
const DEFINITION_TO_TITLE = /^ {0,3}\[(?:\\[\s\S]|[^[\]\\])+\]: *(?:\n[ \t]*)?(?:<(?:\\.|[^\n<>\\])*>|[^<\s]\S*)(?: +(?:\n[ \t]*)?| *\n[ \t]*)(["'(])/;
/**
 * Where marked's title pattern stops for good, by opener: at the closing quote, or where the
 * title can no longer go on ("(" inside parentheses, an empty line inside single quotes).
 */
const TITLE_ENDED: Record<string, RegExp> = {
  '"': /^(?:\\[\s\S]|[^"\\])*"/,
  "'": /^(?:\\[\s\S]|[^'\\\n]|\n(?!\n))*(?:'|\n\n)/,
  '(': /^(?:\\[\s\S]|[^()\\])*[()]/,
};

/** Blocks a definition can start in: marked appends a definition that follows a paragraph to it. */
const DEFINITION_HOSTS = new Set(['paragraph', 'text', 'heading', 'table', 'def']);

/** Whether a line of `token` (which starts at `at`) starts a definition whose title is still open. */
function opensDefinitionTitle(src: string, token: Token, at: number): boolean {
  if (!DEFINITION_HOSTS.has(token.type)) return false;
  const end = at + token.raw.length;
  for (let line = at; line < end;) {
    if (startsWithBracket(src, line)) {
      const rest = src.slice(line);
      const head = DEFINITION_TO_TITLE.exec(rest);
      if (head && !TITLE_ENDED[head[1]].test(rest.slice(head[0].length))) return true;
    }
    const next = src.indexOf('\n', line);
    if (next === -1) break;
    line = next + 1;
  }
  return false;
}

function startsWithBracket(src: string, at: number): boolean {
  let k = at;
  while (k < at + 3 && src.charCodeAt(k) === 32) k++;
  return src.charCodeAt(k) === 91;
}

function startsAfterBlankLine(src: string, at: number): boolean {
  if (at < 2 || src.charCodeAt(at - 1) !== 10) return false;
  const lineStart = src.lastIndexOf('\n', at - 2) + 1;
  for (let k = lineStart; k < at - 1; k++) {
    const c = src.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * marked merges an indented-code or definition token into a directly preceding paragraph; a
 * paragraph followed by a blank line always leaves a separate space token, so this only rules
 * out cases that are not really block boundaries.
 */
function mayPrecedeBoundary(previous: Token): boolean {
  return previous.type !== 'paragraph' && previous.type !== 'text';
}
