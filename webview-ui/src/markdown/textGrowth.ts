import type { Token, Tokens } from 'marked';

/*
 * Most posts only add words to the paragraph, heading, list item or quote being written. Then the
 * block's tokens are the ones already shown except that its last run of plain text is longer, and
 * the rendered block differs from the one on the page only in the data of its last text node. Growing
 * that node in place saves rendering, sanitizing and replacing the block for each post (DOMPurify's
 * parse was the largest single cost of a post), and keeps the element and any selection in it.
 *
 * Everything else (a new token, a changed one, markup, an entity, a table, code) makes this
 * decline, and the block is rendered again as before. Nothing here parses markdown: the tokens
 * are marked's, and the DOM is checked to hold exactly the old text where the new one will go.
 */

/**
 * Brings `block` (the rendered `old` token) up to `next` by growing its last text node, when that
 * is the only difference. False, with the DOM untouched, when it is not.
 */
export function growTextInPlace(block: HTMLElement, old: Token, next: Token): boolean {
  const grow = lastTextGrowth(block, old, next);
  if (!grow) return false;
  if ('parent' in grow) grow.parent.append(grow.to);
  // Appended, not replaced: a selection in the node keeps its place.
  else if (grow.from !== grow.to) grow.node.appendData(grow.to.slice(grow.from.length));
  return true;
}

/** Either the end of `node` grows from `from` to `to`, or `to` is a new text node appended to `parent`. */
type Growth = { node: Text; from: string; to: string } | { parent: Element; to: string };

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
      return blockGrowth(lastElement(parent, b.ordered ? 'OL' : 'UL'), a.items, b.items);
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

/** A table whose only change is in the last cell of its last row (the row's last column, usually its longest text). */
function tableGrowth(table: Element | undefined, old: Tokens.Table, next: Tokens.Table): Growth | undefined {
  if (!table || old.align.join() !== next.align.join() || !sameCells(old.header, next.header, next.header.length)) return undefined;
  const rows = next.rows.length;
  if (rows === 0 || old.rows.length !== rows) return undefined;
  for (let r = 0; r < rows - 1; r++) if (!sameCells(old.rows[r]!, next.rows[r]!, next.rows[r]!.length)) return undefined;
  const a = old.rows[rows - 1]!;
  const b = next.rows[rows - 1]!;
  if (a.length !== b.length || a.length === 0 || !sameCells(a, b, b.length - 1)) return undefined;
  const cell = lastElement(lastElement(lastElement(table, 'TBODY') ?? table, 'TR') ?? table, 'TD');
  return inlineGrowth(cell, a.at(-1)!.tokens, b.at(-1)!.tokens);
}

/** The first `count` cells hold the same text (a cell renders from its text alone). */
function sameCells(a: Tokens.TableCell[], b: Tokens.TableCell[], count: number): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < count; k++) if (a[k]!.text !== b[k]!.text) return false;
  return true;
}

/** Children of a container: the same, but for the last one, which must grow on its own. */
function blockGrowth(el: Element | undefined, old: readonly Token[] | undefined, next: readonly Token[] | undefined): Growth | undefined {
  if (!el || !sameHead(old, next)) return undefined;
  return lastTextGrowth(el, old!.at(-1)!, next!.at(-1)!);
}

/** Inline tokens whose render ends in an element of its own, so text after it starts a new text node. */
const ENDS_IN_ELEMENT = new Set(['codespan', 'strong', 'em', 'del', 'link']);

/**
 * Inline tokens: all the same but the last, plain text in both, that only got longer; or one
 * more token, plain text, after an element (the text that follows a just-closed `code` or **bold**).
 */
function inlineGrowth(el: Element | undefined, old: readonly Token[] | undefined, next: readonly Token[] | undefined): Growth | undefined {
  if (!el || !old || !next) return undefined;
  if (next.length === old.length + 1 && old.length > 0) {
    const added = next.at(-1)! as Tokens.Text;
    if (!isPlainText(added) || !added.text || !ENDS_IN_ELEMENT.has(old.at(-1)!.type) || !(el.lastChild instanceof Element)) return undefined;
    for (let k = 0; k < old.length; k++) if (old[k]!.type !== next[k]!.type || old[k]!.raw !== next[k]!.raw) return undefined;
    return { parent: el, to: added.text };
  }
  if (!sameHead(old, next)) return undefined;
  const a = old!.at(-1)! as Tokens.Text;
  const b = next!.at(-1)! as Tokens.Text;
  if (!isPlainText(a) || !isPlainText(b) || !a.text || !b.text.startsWith(a.text)) return undefined;
  // The last run of text is the end of the element's last text node (a run may share a node
  // with text before it, e.g. after a task box); anything else means the DOM is not what it seems.
  const node = el.lastChild;
  if (!(node instanceof Text) || !node.data.endsWith(a.text)) return undefined;
  return { node, from: a.text, to: b.text };
}

/**
 * Plain text renders as itself: escaped into HTML and parsed back, its characters come out
 * unchanged, except '&', which may start an entity that the parser turns into another character.
 */
function isPlainText(token: Token): boolean {
  return token.type === 'text' && !(token as Tokens.Text).tokens && !(token as Tokens.Text).escaped && !token.text.includes('&');
}

/** As many children, the same type and source for all but the last. */
function sameHead(old: readonly Token[] | undefined, next: readonly Token[] | undefined): boolean {
  if (!old || !next || old.length === 0 || old.length !== next.length) return false;
  for (let k = 0; k < old.length - 1; k++) if (old[k]!.type !== next[k]!.type || old[k]!.raw !== next[k]!.raw) return false;
  return true;
}

/** The element's last element child, when it has the expected tag. */
function lastElement(parent: Element, tag: string): Element | undefined {
  const el = parent.lastElementChild;
  return el?.tagName === tag ? el : undefined;
}
