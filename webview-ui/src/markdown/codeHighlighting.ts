import { canHighlight, highlightPiece } from './highlight';

/*
 * Code blocks are highlighted piece by piece as they stream, so a long block shows colour while it
 * grows and finishing it costs only its last piece, never one long task for the whole block.
 *
 * A piece ends after k × PIECE_LINES complete lines (k = 1, 2, …) at the first such point where
 * the grammar is back at its top level: the code after it then highlights the same on its own.
 * Which points are tried depends only on the code, never on how it arrived, so a block streamed
 * in any number of deltas ends with exactly the DOM of the same block rendered at once.
 */
const PIECE_LINES = 20;
/** A block that stays inside one construct this long (a huge comment) is left for the end. */
const MAX_TRIES = 5;

interface Progress {
  /** The code already highlighted, in pieces before `tail`. */
  done: string;
  /** The grammar, when there is one for the block's language. */
  grammar: string | undefined;
  tries: number;
  gaveUp: boolean;
  /** The rest of the code, plain. */
  tail: Text;
  /** Newlines in `tail` (it always ends with one), so a post finds out without reading it whether a piece is complete. */
  newlines: number;
}

const progress = new WeakMap<Element, Progress>();

/**
 * Shows `raw` (the code as marked gives it, less its own final newline) in a rendered code
 * element, highlighting what is complete. Live, only lines followed by a newline are complete
 * (the last one may still grow); final, everything is, and the element is finished. Returns
 * false when the element shows code that `raw` does not continue: then it must be re-rendered.
 */
export function showCode(code: HTMLElement, raw: string, language: string | undefined, final: boolean): boolean {
  const shown = `${raw}\n`;
  let complete = final ? shown : raw.slice(0, raw.lastIndexOf('\n') + 1);
  const grammar = canHighlight(language) ? language : undefined;
  let p = progress.get(code);
  if (!p) {
    p = { done: '', grammar, tries: 0, gaveUp: false, tail: document.createTextNode(''), newlines: 0 };
    code.replaceChildren(p.tail);
    progress.set(code, p);
  }
  if (!complete.startsWith(p.done)) {
    // Once the fence closes, marked drops the newline that ended the last line, so a piece that
    // ended there looks one line short of complete. The code still continues what is shown:
    // without this, a block whose length is a multiple of PIECE_LINES re-highlighted whole.
    if (!shown.startsWith(p.done)) return false;
    complete = p.done;
  }
  if (grammar) {
    highlightPieces(code, p, complete.slice(p.done.length), grammar);
    if (final && shown.length > p.done.length) {
      addPiece(code, p.tail, highlightPiece(shown.slice(p.done.length), grammar).fragment);
      p.done = shown;
    }
  }
  p.tail.data = shown.slice(p.done.length);
  p.newlines = countNewlines(p.tail.data);
  if (final) {
    if (!p.tail.data) p.tail.remove();
    if (grammar) code.classList.add('hljs');
    progress.delete(code);
  }
  return true;
}

/**
 * Highlights complete pieces from the start of `rest` (complete code after what is done); returns
 * how much of it they took.
 */
function highlightPieces(code: HTMLElement, p: Progress, rest: string, language: string): number {
  let taken = 0;
  while (!p.gaveUp) {
    const end = afterLines(rest, taken, (p.tries + 1) * PIECE_LINES);
    if (end < 0) break;
    const text = rest.slice(taken, end);
    const piece = highlightPiece(text, language);
    if (piece.endsAtTopLevel) {
      addPiece(code, p.tail, piece.fragment);
      p.done += text;
      taken = end;
      p.tries = 0;
    } else if (++p.tries >= MAX_TRIES) {
      p.gaveUp = true;
    }
  }
  return taken;
}

/**
 * A live block's code as written so far was `before` (without a final newline of its own when
 * `endedWithNewline` is false); `added` follows it. Extends the shown code and highlights the
 * pieces that became complete, touching only the plain text after the last piece: the cost of
 * a post does not grow with the length of the block. The result equals showCode with the whole
 * code. False when the element is not a live block.
 */
export function appendCode(code: HTMLElement, added: string, endedWithNewline: boolean): boolean {
  const p = progress.get(code);
  if (!p) return false;
  const { tail } = p;
  // The plain text always ends with a newline; it is the code's own only when the code ended with
  // one. Edited at its end only: a post never reads or rewrites the lines before it.
  // One edit per post: each makes the browser update the text's layout object.
  const text = added.endsWith('\n') ? added : `${added}\n`;
  if (endedWithNewline) tail.appendData(text);
  else {
    tail.replaceData(tail.length - 1, 1, text);
    p.newlines--;
  }
  p.newlines += countNewlines(text);
  // As in showCode: only lines followed by a newline of the code's own, and not the last newline
  // (marked drops it when the fence closes), are complete.
  if (p.grammar && !p.gaveUp && p.newlines - 1 >= (p.tries + 1) * PIECE_LINES) {
    const raw = tail.data.slice(0, -1);
    const taken = highlightPieces(code, p, raw.slice(0, raw.lastIndexOf('\n') + 1), p.grammar);
    if (taken) {
      p.newlines -= countNewlines(raw.slice(0, taken));
      tail.deleteData(0, taken);
    }
  }
  return true;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Pieces per chunk: a chunk of a long block is 160 lines. */
export const CHUNK_PIECES = 8;
/** Model output never keeps a class (sanitize.ts), so only showCode's chunks carry this one. */
export const CHUNK_CLASS = 'md-code-chunk';

/**
 * Each piece is its own block (CSS), so the browser lays out only the piece that changed. Pieces
 * are gathered CHUNK_PIECES to a chunk, before the plain text: a block longer than one chunk
 * skips its chunks off screen (content-visibility), so a long block costs only what is visible,
 * while the browser tracks one box per chunk rather than per piece (with a box per piece, its
 * per-frame visibility check grew with every line of a long answer). Which chunk a piece joins
 * depends only on how many came before it, so a streamed block ends as its one-shot render.
 */
function addPiece(code: HTMLElement, tail: Text, fragment: DocumentFragment): void {
  const piece = document.createElement('span');
  piece.className = 'md-code-piece';
  piece.append(fragment);
  let chunk = tail.previousSibling;
  if (!(chunk instanceof HTMLElement) || chunk.className !== CHUNK_CLASS || chunk.childElementCount >= CHUNK_PIECES) {
    chunk = document.createElement('span');
    (chunk as HTMLElement).className = CHUNK_CLASS;
    code.insertBefore(chunk, tail);
  }
  chunk.appendChild(piece);
}

/** The offset just after the `lines`-th newline from `from`, or -1 when there are fewer. */
function afterLines(text: string, from: number, lines: number): number {
  let at = from;
  for (let n = 0; n < lines; n++) {
    const newline = text.indexOf('\n', at);
    if (newline < 0) return -1;
    at = newline + 1;
  }
  return at;
}
