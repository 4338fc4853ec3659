import type { Token, Tokens } from 'marked';

/*
 * Most posts only add to the paragraph, heading, list item or quote being written. Then the
 * block's tokens are the ones already shown, except at the end of its last run of inline content:
 * its last plain text got longer, or new inline tokens (a code span, a bold word) follow what is
 * shown. Growing the last text node in place, and rendering only the new inline tokens, saves
 * rendering, sanitizing and replacing the whole block for each post (DOMPurify's parse was the
 * largest single cost of a post), and keeps the element and any selection in it.
 *
 * Anything else (a changed token before the end, a new block, raw HTML, a table's shape, code)
 * makes this decline, and the block is rendered again as before. Nothing here parses markdown:
 * the tokens are marked's, and the DOM is checked to hold exactly the old text where it changes.
 */

/** Renders parts of a block the way the whole block would render them (marked, then DOMPurify). */
export interface PartRenderer {
  inline(tokens: Token[]): DocumentFragment;
  /** The list's items as its element's children would be: each item followed by a newline. */
  items(list: Tokens.List): DocumentFragment | undefined;
  /** The table's body rows as its <tbody>'s children would be: each row followed by a newline. */
  rows(table: Tokens.Table): DocumentFragment | undefined;
}

/**
 * Brings `block` (the rendered `old` token) up to `next` by changing only the end of its last
 * run of inline content, when that is the only difference. False, with the DOM untouched, when it is not.
 */
export function growTextInPlace(block: HTMLElement, old: Token, next: Token, renderer: PartRenderer): boolean {
  const grow = lastTextGrowth(block, old, next);
  if (!grow) return false;
  const { parent, text, render, items, rows } = grow;
  // Rendered first: if marked or DOMPurify throws, or the items do not come out as items, nothing has changed yet.
  const added = items ? renderer.items(items) : rows ? renderer.rows(rows.table) : render.length ? renderer.inline(render) : undefined;
  if ((items || rows) && !added) return false;
  if (rows?.replaceLast) {
    // The row being written, and the newline after it.
    parent.lastChild?.remove();
    parent.lastChild?.remove();
  }
  if (text?.append) text.node.appendData(text.append);
  if (text?.cut) {
    text.node.deleteData(text.node.length - text.cut, text.cut);
    if (!text.node.length) text.node.remove();
  }
  if (added) {
    // One text node where a one-shot render has one: the new text joins the text it follows.
    const first = added.firstChild;
    const before = parent.lastChild;
    if (first instanceof Text && before instanceof Text) {
      before.appendData(first.data);
      first.remove();
    }
    parent.append(added);
  }
  return true;
}

/**
 * What changes at the end of `parent`: its last text node grows or is cut back, then `render` is
 * rendered after it; or, for a list, `items` are new items after the ones shown.
 */
interface Growth {
  parent: Element;
  /** Appended, not replaced, when it grows: a selection in the node keeps its place. */
  text?: { node: Text; append?: string; cut?: number };
  render: Token[];
  items?: Tokens.List;
  /** For a table: its last row (being written) is replaced, then rows are added. */
  rows?: { table: Tokens.Table; replaceLast: boolean };
}

/** Where the two tokens' only difference lies: walked down the last child at each level, checked against the DOM. */
function lastTextGrowth(parent: Element, old: Token, next: Token): Growth | undefined {
  if (old.type !== next.type) return undefined;
  const children = (token: Token): Token[] | undefined => (token as { tokens?: Token[] }).tokens;
  switch (next.type) {
    case 'paragraph':
      return inlineGrowth(lastElement(parent, 'P'), children(old), children(next));
    case 'heading':
      if ((old as Tokens.Heading).depth !== (next as Tokens.Heading).depth) return undefined;
      return inlineGrowth(lastElement(parent, `H${(next as Tokens.Heading).depth}`), children(old), children(next));
    case 'text':
      // A tight list item's text: its inline content sits in the <li> itself.
      return inlineGrowth(parent, children(old), children(next));
    case 'blockquote':
      return blockGrowth(lastElement(parent, 'BLOCKQUOTE'), children(old), children(next));
    case 'list': {
      const a = old as Tokens.List;
      const b = next as Tokens.List;
      if (a.ordered !== b.ordered || a.start !== b.start || a.loose !== b.loose) return undefined;
      const el = lastElement(parent, b.ordered ? 'OL' : 'UL');
      return b.items.length > a.items.length ? newItems(el, a, b) : blockGrowth(el, a.items, b.items);
    }
    case 'list_item': {
      const a = old as Tokens.ListItem;
      const b = next as Tokens.ListItem;
      if (a.task !== b.task || a.checked !== b.checked || a.loose !== b.loose) return undefined;
      return blockGrowth(lastElement(parent, 'LI'), a.tokens, b.tokens);
    }
    case 'table':
      return tableGrowth(lastElement(parent, 'TABLE'), old as Tokens.Table, next as Tokens.Table);
    default:
      return undefined;
  }
}

/**
 * A table whose rows before its last are unchanged: when only the last cell of the last row
 * grew, that cell grows; otherwise the last row is rendered again (the one being written) and
 * any new rows after it. The rows above are kept, however long the table.
 */
function tableGrowth(table: Element | undefined, old: Tokens.Table, next: Tokens.Table): Growth | undefined {
  if (!table || old.align.join() !== next.align.join() || !sameCells(old.header, next.header, next.header.length)) return undefined;
  const shown = old.rows.length;
  const tbody = lastElement(table, 'TBODY');
  if (shown === 0 || next.rows.length < shown || !tbody || tbody.childElementCount !== shown || !(tbody.lastChild instanceof Text)) return undefined;
  for (let r = 0; r < shown - 1; r++) if (!sameCells(old.rows[r]!, next.rows[r]!, next.rows[r]!.length)) return undefined;
  const a = old.rows[shown - 1]!;
  const b = next.rows[shown - 1]!;
  if (next.rows.length === shown && a.length === b.length && a.length > 0 && sameCells(a, b, b.length - 1)) {
    const cell = lastElement(lastElement(tbody, 'TR') ?? table, 'TD');
    const grown = inlineGrowth(cell, a.at(-1)!.tokens, b.at(-1)!.tokens);
    if (grown) return grown;
  }
  const same = a.length === b.length && sameCells(a, b, b.length);
  if (same && next.rows.length === shown) return { parent: tbody, render: [] };
  return { parent: tbody, render: [], rows: { table: { ...next, rows: next.rows.slice(same ? shown : shown - 1) }, replaceLast: !same } };
}

/** The first `count` cells hold the same text (a cell renders from its text alone). */
function sameCells(a: Tokens.TableCell[], b: Tokens.TableCell[], count: number): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < count; k++) if (a[k]!.text !== b[k]!.text) return false;
  return true;
}

/**
 * A list (a nested one too) that gained items: the ones shown render as before (the same source,
 * or the last one only ended its line), so only the new ones are rendered, after them.
 */
function newItems(el: Element | undefined, old: Tokens.List, next: Tokens.List): Growth | undefined {
  const shown = old.items.length;
  if (!el || shown === 0 || el.childElementCount !== shown) return undefined;
  for (let k = 0; k < shown - 1; k++) if (old.items[k]!.raw !== next.items[k]!.raw) return undefined;
  const a = old.items[shown - 1]!;
  const b = next.items[shown - 1]!;
  if (a.text !== b.text || a.task !== b.task || a.checked !== b.checked || a.loose !== b.loose) return undefined;
  return { parent: el, render: [], items: { ...next, items: next.items.slice(shown) } };
}

/** Children of a container: the same, but for the last one, which must grow on its own. */
function blockGrowth(el: Element | undefined, old: readonly Token[] | undefined, next: readonly Token[] | undefined): Growth | undefined {
  if (!el || !sameHead(old, next)) return undefined;
  return lastTextGrowth(el, old!.at(-1)!, next!.at(-1)!);
}

/** Inline tokens that render on their own, whatever comes before or after them. */
const SELF_CONTAINED = new Set(['text', 'escape', 'codespan', 'strong', 'em', 'del', 'link', 'image', 'br']);

/**
 * Inline tokens: those shown stay, except that the last one, plain text, may have grown or been
 * replaced (then its text is cut from the DOM); the new tokens after them are rendered on their
 * own. Raw HTML declines: an element it opens would hold what follows it.
 */
function inlineGrowth(el: Element | undefined, old: readonly Token[] | undefined, next: readonly Token[] | undefined): Growth | undefined {
  if (!el || !old || !next || old.length === 0) return undefined;
  for (const token of next) if (!SELF_CONTAINED.has(token.type) || hasRawHtml(token)) return undefined;
  let k = 0;
  while (k < old.length && k < next.length && old[k]!.type === next[k]!.type && old[k]!.raw === next[k]!.raw) k++;
  if (k === old.length) return { parent: el, render: next.slice(k) };
  if (k !== old.length - 1) return undefined;
  const a = old[k]! as Tokens.Text;
  if (!isPlainText(a) || !a.text) return undefined;
  // The last run of text is the end of the element's last text node (a run may share a node
  // with text before it, e.g. after a task box); anything else means the DOM is not what it seems.
  const node = el.lastChild;
  if (!(node instanceof Text) || !node.data.endsWith(a.text)) return undefined;
  const b = next[k] as Tokens.Text | undefined;
  if (b && isPlainText(b) && b.text.startsWith(a.text)) return { parent: el, text: { node, append: b.text.slice(a.text.length) }, render: next.slice(k + 1) };
  return { parent: el, text: { node, cut: a.text.length }, render: next.slice(k) };
}

/** Inline HTML nested in a token (a bold word holding a raw tag). */
function hasRawHtml(token: Token): boolean {
  const children = (token as { tokens?: Token[] }).tokens;
  return !!children && children.some((child) => child.type === 'html' || hasRawHtml(child));
}

/**
 * Plain text renders as itself: escaped into HTML and parsed back, its characters come out
 * unchanged, except '&', which may start an entity that the parser turns into another character.
 */
export function isPlainText(token: Token): boolean {
  return token.type === 'text' && !(token as Tokens.Text).tokens && !(token as Tokens.Text).escaped && !token.text.includes('&');
}

/** As many children, the same type and source for all but the last. */
function sameHead(old: readonly Token[] | undefined, next: readonly Token[] | undefined): boolean {
  if (!old || !next || old.length === 0 || old.length !== next.length) return false;
  for (let k = 0; k < old.length - 1; k++) if (old[k]!.type !== next[k]!.type || old[k]!.raw !== next[k]!.raw) return false;
  return true;
}

/** The element's last element child, when it has the expected tag. */
export function lastElement(parent: Element, tag: string): Element | undefined {
  const el = parent.lastElementChild;
  return el?.tagName === tag ? el : undefined;
}
