import type { Token, Tokens } from 'marked';
import { isPlainText, lastElement } from './textGrowth';

/*
 * Most posts of a reply are a few words. When a post is only words, spaces and a few marks, and
 * it follows the plain text (or a finished code span, bold word or link, then a space) that the
 * block being written ends with, on a line that began as that block's text, it cannot start, end
 * or change any markdown construct. The one exception is a URL or address that marked turns into
 * a link, ruled out by what the text already ends with. So marked would give the same tokens with
 * the last text longer: the DOM needs only the characters, and nothing is lexed, rendered or
 * sanitized. The checks below are each the reason a case is left to the full render.
 */

/** Words, spaces and marks that take part in no markdown construct on their own (see the checks on parentheses and links below). */
const PLAIN_CHARACTER = String.raw`[\p{L}\p{N} ,;:'"?!.()/-]`;
const PLAIN_POST = new RegExp(`^${PLAIN_CHARACTER}+$`, 'u');
/** The characters a post may follow as more of the same text: none of them can be half of a construct. */
const PLAIN_BEFORE = new RegExp(`^${PLAIN_CHARACTER}$`, 'u');
/**
 * The current line up to its first character of text, after any list, quote and heading markers:
 * a letter, a code span's or emphasis's opening, or a number that is not a list marker. Such a
 * line is the block's text whatever follows on it.
 */
const TEXT_LINE = /^(?:[ \t]*(?:[-+*][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?|#{1,6}[ \t]+))*[ \t]{0,3}(?:\p{L}|`[^`]|[*_]{1,2}[\p{L}`]|\d+[^\d.)])/u;
/**
 * A table row that starts with its pipe: appended text cannot make it the start of another block
 * (a list, heading, quote or fence) that would end the table.
 */
const TABLE_ROW_LINE = /^[ \t]*\|/;
/** What marked's GFM autolinks start from: www., an address's @, a scheme it links (http, https, ftp, mailto, xmpp) and its colon. */
const LINK_START = /www\.|@|(?:https?|ftp|mailto|xmpp):/i;
/** A link's text followed by the start of its destination: a ')' may still close it into a link. */
const LINK_DESTINATION = /\]\s*\(/;
/**
 * Inline tokens that end in an element of their own. Text after one, starting with a space, leaves
 * it as it is: a closing delimiter stays followed by whitespace, as at the end of the text, and a
 * URL that marked made a link ends where it did.
 */
const ENDS_IN_ELEMENT = new Set(['codespan', 'strong', 'em', 'del', 'link']);

/**
 * Appends `added` to the block being written, when that is exactly what rendering `source` (the
 * tail of the text that the block ends, `added` already on it) would show. The block's token is
 * updated to what the lexer would give, so the next full render compares against what is shown.
 * False, with nothing changed, when that cannot be promised.
 */
export function appendPlainText(block: HTMLElement, token: Token, source: string, added: string): boolean {
  if (!PLAIN_POST.test(added)) return false;
  const end = source.length - added.length;
  const found = lastInline(block, token);
  if (!found) return false;
  const { el, tokens } = found;
  // marked trims a heading's, a list item's and a table cell's text: a space they end with would not show.
  if (added.endsWith(' ') && !found.keepsFinalSpace) return false;
  const last = tokens.at(-1)!;
  // The token is the end of the source verbatim (not trimmed, unescaped or re-indented by marked).
  if (!source.endsWith(last.raw, end)) return false;
  const line = source.slice(source.lastIndexOf('\n', end - 1) + 1, end);
  // A link definition's title may still close.
  if (!found.line.test(line) || token.raw.includes(']:')) return false;
  if (/[()]/.test(added) && LINK_DESTINATION.test(token.raw)) return false;
  const node = el.lastChild;
  if (isPlainText(last)) {
    const text = last as Tokens.Text;
    if (!PLAIN_BEFORE.test(text.text.slice(-1)) || text.raw !== text.text || !(node instanceof Text) || !node.data.endsWith(text.text)) return false;
    // A URL or address may still grow into a link, or a link just before the text (marked leaves
    // a final '.' out of it) grow on.
    const start = Math.max(text.text.lastIndexOf(' '), text.text.lastIndexOf('\n')) + 1;
    if (start === 0 && tokens.length > 1) return false;
    if (LINK_START.test(text.text.slice(start) + added)) return false;
    node.appendData(added);
    text.raw += added;
    text.text += added;
    if (found.cell) found.cell.text += added;
    return true;
  }
  if (!ENDS_IN_ELEMENT.has(last.type) || !added.startsWith(' ') || !(node instanceof Element) || LINK_START.test(added)) return false;
  el.append(added);
  tokens.push({ type: 'text', raw: added, text: added, escaped: false });
  if (found.cell) found.cell.text += added;
  return true;
}

interface LastInline {
  el: Element;
  tokens: Token[];
  /** A paragraph outside any list: the only text marked does not trim at its end. */
  keepsFinalSpace: boolean;
  /** What the line being written must start like to stay this block's text whatever follows on it. */
  line: RegExp;
  /** A table's last cell: its text grows with its tokens (a table compares its rows by it). */
  cell?: Tokens.TableCell;
}

/** The inline tokens a rendered block ends with, and the element that shows them. */
function lastInline(parent: Element, token: Token): LastInline | undefined {
  let el: Element | undefined = parent;
  let at: Token | undefined = token;
  let inList = false;
  for (;;) {
    if (!el || !at) return undefined;
    const children: Token[] | undefined = (at as { tokens?: Token[] }).tokens;
    switch (at.type) {
      case 'paragraph':
        return inlineIn(lastElement(el, 'P'), children, !inList);
      case 'heading':
        return inlineIn(lastElement(el, `H${(at as Tokens.Heading).depth}`), children, false);
      case 'text':
        // A tight list item's text: its inline content sits in the <li> itself.
        return inlineIn(el, children, false);
      case 'blockquote':
        el = lastElement(el, 'BLOCKQUOTE');
        at = children?.at(-1);
        break;
      case 'list':
        inList = true;
        el = lastElement(el, (at as Tokens.List).ordered ? 'OL' : 'UL');
        at = (at as Tokens.List).items.at(-1);
        break;
      case 'list_item':
        el = lastElement(el, 'LI');
        at = children?.at(-1);
        break;
      case 'table': {
        // The last cell of the row being written; a table still without body rows is left to the lexer.
        const cell = (at as Tokens.Table).rows.at(-1)?.at(-1);
        const td = ['TABLE', 'TBODY', 'TR', 'TD'].reduce<Element | undefined>((parent, tag) => parent && lastElement(parent, tag), el);
        return td && cell && cell.tokens.length > 0 ? { el: td, tokens: cell.tokens, keepsFinalSpace: false, line: TABLE_ROW_LINE, cell } : undefined;
      }
      default:
        return undefined;
    }
  }
}

function inlineIn(el: Element | undefined, tokens: Token[] | undefined, keepsFinalSpace: boolean): LastInline | undefined {
  return el && tokens && tokens.length > 0 ? { el, tokens, keepsFinalSpace, line: TEXT_LINE } : undefined;
}
