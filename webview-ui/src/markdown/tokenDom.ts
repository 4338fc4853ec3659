import type { Token, Tokens } from 'marked';
import { HTTP_URL, LANGUAGE_CLASS } from './sanitize';

/*
 * Most of an answer is prose, lists, tables and code. For those, the DOM is built here straight
 * from marked's tokens, node for node what marked's HTML for them parses and sanitizes to
 * (test/webview/tokenDom.test.ts holds the two equal over the test documents and every state of
 * a stream). Parsing that HTML and DOMPurify's walk over it were the largest part of a post's cost.
 *
 * Nothing here parses markup: every character of the model's text goes into a text node, and
 * the only elements and attributes are the ones written below. Whatever this does not build
 * (raw HTML, images, links that are not http(s), text with '&', which HTML reads as an entity)
 * returns undefined, and the block takes the HTML path through DOMPurify as before.
 */

/** The HTML parser drops NUL and reads '&' as the start of an entity; such text goes the HTML way. */
const NOT_LITERAL = /[\0&]/;
/** An attribute value DOMPurify could drop or the parser read differently. */
const NOT_LITERAL_ATTRIBUTE = /[\0&<>"]/;

/** Top-level (or nested) block tokens as DOM; undefined when one of them needs the HTML path. */
export function blocksToDom(tokens: readonly Token[]): DocumentFragment | undefined {
  const fragment = document.createDocumentFragment();
  return blocks(fragment, tokens) ? fragment : undefined;
}

/** Inline tokens as DOM; undefined when one of them needs the HTML path. */
export function inlineToDom(tokens: readonly Token[]): DocumentFragment | undefined {
  const fragment = document.createDocumentFragment();
  return inline(fragment, tokens, false) ? fragment : undefined;
}

function blocks(parent: Node, tokens: readonly Token[]): boolean {
  for (const token of tokens) if (!block(parent, token)) return false;
  return true;
}

function block(parent: Node, token: Token): boolean {
  switch (token.type) {
    case 'space':
    case 'def':
      return true;
    case 'paragraph':
      return inlineElement(parent, 'p', token.tokens) && text(parent, '\n');
    case 'heading':
      return inlineElement(parent, `h${(token as Tokens.Heading).depth}`, token.tokens) && text(parent, '\n');
    case 'text':
      // A tight list item's text.
      return token.tokens ? inline(parent, token.tokens, false) : plainText(parent, token as Tokens.Text);
    case 'checkbox':
      return checkbox(parent, token as Tokens.Checkbox);
    case 'hr':
      parent.appendChild(document.createElement('hr'));
      return text(parent, '\n');
    case 'blockquote': {
      const quote = append(parent, 'blockquote');
      text(quote, '\n');
      return blocks(quote, token.tokens ?? []) && text(parent, '\n');
    }
    case 'list':
      return list(parent, token as Tokens.List);
    case 'table':
      return table(parent, token as Tokens.Table);
    case 'code':
      return code(parent, token as Tokens.Code);
    default:
      return false;
  }
}

function list(parent: Node, token: Tokens.List): boolean {
  const el = append(parent, token.ordered ? 'ol' : 'ul');
  if (token.ordered && token.start !== 1) el.setAttribute('start', String(token.start));
  text(el, '\n');
  for (const item of token.items) {
    if (!blocks(append(el, 'li'), item.tokens)) return false;
    text(el, '\n');
  }
  return text(parent, '\n');
}

function table(parent: Node, token: Tokens.Table): boolean {
  const el = append(parent, 'table');
  text(el, '\n');
  const head = append(el, 'thead');
  text(head, '\n');
  if (!row(head, token.header)) return false;
  text(el, '\n');
  if (token.rows.length) {
    const body = append(el, 'tbody');
    for (const cells of token.rows) if (!row(body, cells)) return false;
  }
  return text(parent, '\n');
}

function row(parent: Node, cells: Tokens.TableCell[]): boolean {
  const tr = append(parent, 'tr');
  text(tr, '\n');
  for (const cell of cells) {
    const el = append(tr, cell.header ? 'th' : 'td');
    if (cell.align) el.setAttribute('align', cell.align);
    if (!inline(el, cell.tokens, false)) return false;
    text(tr, '\n');
  }
  return text(parent, '\n');
}

function code(parent: Node, token: Tokens.Code): boolean {
  const lang = /^\S*/.exec(token.lang ?? '')![0];
  const body = token.text ? `${token.text.replace(/\n$/, '')}\n` : '';
  if (token.escaped || body.includes('\0') || NOT_LITERAL_ATTRIBUTE.test(lang)) return false;
  const pre = append(parent, 'pre');
  const el = append(pre, 'code');
  // DOMPurify's hook keeps a code block's class only when it is a plain language name.
  if (lang && LANGUAGE_CLASS.test(`language-${lang}`)) el.className = `language-${lang}`;
  text(el, body);
  return text(parent, '\n');
}

function checkbox(parent: Node, token: Tokens.Checkbox): boolean {
  const input = append(parent, 'input');
  // In the order marked writes them, so either path gives the same markup.
  if (token.checked) input.setAttribute('checked', '');
  input.setAttribute('disabled', '');
  input.setAttribute('type', 'checkbox');
  return text(parent, ' ');
}

function inline(parent: Node, tokens: readonly Token[], inLink: boolean): boolean {
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        if (!(token.tokens ? inline(parent, token.tokens, inLink) : plainText(parent, token as Tokens.Text))) return false;
        break;
      case 'escape':
        if (!literalText(parent, token.text)) return false;
        break;
      case 'codespan':
        if (token.text.includes('\0')) return false;
        text(append(parent, 'code'), token.text);
        break;
      case 'strong':
      case 'em':
      case 'del':
        if (!inlineElement(parent, token.type, token.tokens, inLink)) return false;
        break;
      case 'br':
        append(parent, 'br');
        break;
      case 'checkbox':
        checkbox(parent, token as Tokens.Checkbox);
        break;
      case 'link':
        if (inLink || !link(parent, token as Tokens.Link)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A web link as marked writes it (its URL through encodeURI) and DOMPurify keeps it; anything else goes the HTML way. */
function link(parent: Node, token: Tokens.Link): boolean {
  let href: string;
  try {
    href = encodeURI(token.href).replace(/%25/g, '%');
  } catch {
    return false;
  }
  const title = token.title ?? '';
  if (!HTTP_URL.test(href) || NOT_LITERAL_ATTRIBUTE.test(href) || NOT_LITERAL_ATTRIBUTE.test(title) || title.trim() !== title) return false;
  const a = append(parent, 'a');
  a.setAttribute('href', href);
  if (title) a.setAttribute('title', title);
  return token.autolink ? literalText(a, token.text) : inline(a, token.tokens, true);
}

function inlineElement(parent: Node, tag: string, tokens: readonly Token[] | undefined, inLink = false): boolean {
  return inline(append(parent, tag), tokens ?? [], inLink);
}

function plainText(parent: Node, token: Tokens.Text): boolean {
  return !token.escaped && literalText(parent, token.text);
}

function literalText(parent: Node, data: string): boolean {
  return !NOT_LITERAL.test(data) && text(parent, data);
}

/** Text joins the text node it follows, as the HTML parser joins it. */
function text(parent: Node, data: string): true {
  if (!data) return true;
  const last = parent.lastChild;
  if (last && last.nodeType === Node.TEXT_NODE) (last as Text).appendData(data);
  else parent.appendChild(document.createTextNode(data));
  return true;
}

function append<K extends keyof HTMLElementTagNameMap>(parent: Node, tag: K): HTMLElementTagNameMap[K];
function append(parent: Node, tag: string): HTMLElement;
function append(parent: Node, tag: string): HTMLElement {
  return parent.appendChild(document.createElement(tag));
}
