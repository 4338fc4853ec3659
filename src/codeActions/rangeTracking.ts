// Following the replaced range through edits made while a proposal is pending. An edit above the
// range moves it; an edit below leaves it alone; an edit that touches it makes the proposal stale,
// because accepting would overwrite what the user just typed. Plain data, no `vscode`.

export interface Pos {
  line: number;
  character: number;
}

export interface Span {
  start: Pos;
  end: Pos;
}

/** One content change as VS Code reports it: the replaced span (before the edit) and the new text. */
export interface SpanChange {
  range: Span;
  text: string;
}

function compare(a: Pos, b: Pos): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * Where `tracked` is after `change`, or undefined when the change touches it. Touching counts:
 * typing right at either edge of the range changes the code the proposal replaces.
 */
export function shiftSpan(tracked: Span, change: SpanChange): Span | undefined {
  if (compare(change.range.start, tracked.end) > 0) return tracked;
  if (compare(change.range.end, tracked.start) >= 0) return undefined;
  const inserted = change.text.split(/\r\n|\r|\n/);
  const lastInserted = inserted[inserted.length - 1] ?? '';
  const lineDelta = inserted.length - 1 - (change.range.end.line - change.range.start.line);
  // Where the change's old end now is; positions on that line after it move with it.
  const newEnd: Pos =
    inserted.length === 1
      ? { line: change.range.start.line, character: change.range.start.character + lastInserted.length }
      : { line: change.range.start.line + inserted.length - 1, character: lastInserted.length };
  const move = (p: Pos): Pos =>
    p.line === change.range.end.line
      ? { line: newEnd.line, character: newEnd.character + (p.character - change.range.end.character) }
      : { line: p.line + lineDelta, character: p.character };
  return { start: move(tracked.start), end: move(tracked.end) };
}

/**
 * Applies all changes of one document event. VS Code reports them against the document before
 * the event and never overlapping, so applying them from the last to the first keeps each one's
 * coordinates valid.
 */
export function shiftSpanThrough(tracked: Span, changes: readonly SpanChange[]): Span | undefined {
  const ordered = [...changes].sort((a, b) => compare(b.range.start, a.range.start));
  let current: Span | undefined = tracked;
  for (const change of ordered) {
    if (!current) return undefined;
    current = shiftSpan(current, change);
  }
  return current;
}
