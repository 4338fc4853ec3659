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
 * title run across blank lines, so a block (a paragraph, a setext heading, a table) that starts
 * like a definition with its title still open may later turn, with everything after it up to the
 * closing quote, into one definition. Nothing from such a block on is frozen.
 */
export function findFreezePoint(tokens: readonly Token[], src: string): FreezePoint {
  let best: FreezePoint = { tokenCount: 0, offset: 0 };
  let offset = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (mayBecomeDefinition(token)) break;
    if (i > 0 && token.type !== 'space' && startsAfterBlankLine(src, offset)
      && src.indexOf('\n', offset) !== -1 && mayPrecedeBoundary(tokens[i - 1])) {
      best = { tokenCount: i, offset };
    }
    offset += token.raw.length;
  }
  // Offsets come from summing raw lengths; if they do not cover the source, trust nothing.
  return offset === src.length ? best : { tokenCount: 0, offset: 0 };
}

const DEFINITION_START = /^ {0,3}\[(?:\\[\s\S]|[^[\]\\])+\]:/;

function mayBecomeDefinition(token: Token): boolean {
  const start = DEFINITION_START.exec(token.raw);
  if (!start) return false;
  const rest = token.raw.slice(start[0].length).replace(/\\[\s\S]/g, '');
  const quotes = rest.split('"').length - 1;
  return quotes % 2 === 1 || rest.lastIndexOf('(') > rest.lastIndexOf(')');
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
