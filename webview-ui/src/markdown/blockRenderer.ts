import type { Token, Tokens } from 'marked';
import { CHUNK_CLASS, showCode } from './codeHighlighting';
import { inlineTokensToHtml, tokensToHtml } from './markedLexer';
import type { RenderHooks } from './renderHooks';
import { REMOTE_SRC_ATTR, sanitizeMarkdownHtml } from './sanitize';
import { blocksToDom, inlineToDom } from './tokenDom';
import { replaceMissingImages } from './workspaceImages';

const BLOCK_CLASS = 'md-block';
export const CODE_ACTION_ATTR = 'data-md-action';
export const IMAGE_PLACEHOLDER_CLASS = 'md-image-placeholder';

export type CodeAction = 'copy' | 'insert' | 'new-file';

export interface BlockRenderOptions {
  /**
   * Finished blocks are highlighted whole. In the growing block only a top-level code block is
   * highlighted, piece by piece as its lines complete (see codeHighlighting); the rest stays plain.
   */
  final: boolean;
  remoteImages: RemoteImageRule;
}

export interface RemoteImageRule {
  allow(src: string): boolean;
  never: boolean;
}

export function remoteImageRule(hooks: RenderHooks): RemoteImageRule {
  return { allow: (src) => hooks.allowRemoteImage(src), never: hooks.remoteImagePolicy() === 'never' };
}

/** Tokens that produce no output get no element. */
export function rendersToElement(token: Token): boolean {
  return token.type !== 'space' && token.type !== 'def';
}

/** One top-level markdown block as an element; every string passes through DOMPurify first. */
export function renderBlock(token: Token, options: BlockRenderOptions): HTMLElement {
  const block = document.createElement('div');
  block.className = BLOCK_CLASS;
  block.append(renderFragment(token, options));
  return block;
}

function renderFragment(token: Token, options: BlockRenderOptions): DocumentFragment {
  const mode = options.final || token.type !== 'code' ? options.final : 'live';
  const direct = blocksToDom([token]);
  const fragment = direct ?? htmlFragment([token]);
  // Done before the nodes reach the page (the HTML path's still belong to DOMPurify's inert
  // document), so nothing can load first.
  fragment.querySelectorAll<HTMLElement>('pre > code').forEach((code) => enhanceCodeBlock(code, mode));
  return direct ? fragment : withImagesHandled(fragment, options.remoteImages);
}

/** Inline tokens (the new end of a growing paragraph) rendered exactly as inside their block. */
export function renderInline(tokens: Token[], remoteImages: RemoteImageRule): DocumentFragment {
  return inlineToDom(tokens) ?? withImagesHandled(htmlFragment(tokens, true), remoteImages);
}

/**
 * Tokens the way tokenDom cannot build them: marked's HTML through DOMPurify. Exported so the
 * tests can hold the two paths equal.
 */
export function htmlFragment(tokens: Token[], inline = false): DocumentFragment {
  return sanitizeMarkdownHtml(inline ? inlineTokensToHtml(tokens) : tokensToHtml(tokens));
}

/** Remote images held back as placeholders (or loaded, or dropped) and missing workspace images marked, before anything can load. */
function withImagesHandled(fragment: DocumentFragment, remoteImages: RemoteImageRule): DocumentFragment {
  fragment.querySelectorAll<HTMLImageElement>(`img[${REMOTE_SRC_ATTR}]`).forEach((img) => {
    if (remoteImages.allow(img.getAttribute(REMOTE_SRC_ATTR) ?? '')) revealImage(img);
    else if (remoteImages.never) img.remove();
    else img.replaceWith(createImagePlaceholder(img));
  });
  replaceMissingImages(fragment);
  return fragment;
}

/**
 * Brings a rendered, still growing list up to `list` by re-rendering only its items from `from`
 * on: an item renders from its own text alone (given the list's kind and looseness, which the
 * caller checked are unchanged), so the items before it stay as they are. marked writes a list
 * as a newline, then each item followed by a newline; the DOM keeps that shape.
 */
export function growListBlock(block: HTMLElement, list: Tokens.List, from: number, options: BlockRenderOptions): boolean {
  const element = block.firstElementChild;
  if (!element || (element.tagName !== 'OL' && element.tagName !== 'UL')) return false;
  const items = Array.from(element.children);
  if (from > items.length || items.some((item) => item.tagName !== 'LI')) return false;
  const keepUntil = from === 0 ? element.firstChild : items[from - 1]!.nextSibling;
  if (!keepUntil) return false;
  if (from === list.items.length) {
    while (keepUntil.nextSibling) keepUntil.nextSibling.remove();
    return true;
  }
  const rest = renderListItems({ ...list, items: list.items.slice(from) }, options);
  if (!rest) return false;
  while (keepUntil.nextSibling) keepUntil.nextSibling.remove();
  element.append(rest);
  return true;
}

/** A list's items rendered on their own, as the children its element would have after its first newline. */
export function renderListItems(list: Tokens.List, options: BlockRenderOptions): DocumentFragment | undefined {
  const rendered = renderFragment(list, options).firstElementChild;
  if (!rendered || rendered.tagName !== (list.ordered ? 'OL' : 'UL') || !(rendered.firstChild instanceof Text)) return undefined;
  rendered.firstChild.remove();
  const items = document.createDocumentFragment();
  items.append(...Array.from(rendered.childNodes));
  return items;
}

/** A table's body rows rendered on their own, as the children its <tbody> would have. */
export function renderTableRows(table: Tokens.Table, options: BlockRenderOptions): DocumentFragment | undefined {
  const rendered = renderFragment(table, options).firstElementChild;
  const body = rendered?.tagName === 'TABLE' ? rendered.lastElementChild : null;
  if (body?.tagName !== 'TBODY' || body.children.length !== table.rows.length) return undefined;
  const rows = document.createDocumentFragment();
  rows.append(...Array.from(body.childNodes));
  return rows;
}

/**
 * Grows the code of a rendered top-level code block to marked's `text` for it, in place, and
 * finishes it when `final`. False when the block shows code that `text` does not continue.
 */
export function growCodeBlock(block: HTMLElement, text: string, final: boolean): boolean {
  const code = block.querySelector<HTMLElement>('pre > code');
  return !!code && showCode(code, text.replace(/\n$/, ''), languageOf(code), final);
}

/** The code exactly as the model wrote it: marked ends every code block with one newline of its own. */
export function rawCodeOf(code: Element): string {
  return (code.textContent ?? '').replace(/\n$/, '');
}

/**
 * The code as the reader sees it, for Copy, Insert and New File: text the page does not show (a
 * hidden element or a closed <details> in raw HTML inside the block) is not handed over. Code shown
 * by showCode (chunks of highlighted pieces and plain text) shows all of its text, and is read as
 * text: innerText would add a line break at each piece's box, a blank line every 20 lines.
 */
export function shownCodeOf(code: HTMLElement): string {
  const ownPieces = Array.from(code.children).every((child) => child.classList.contains(CHUNK_CLASS));
  return (code.isConnected && !ownPieces ? code.innerText : (code.textContent ?? '')).replace(/\n$/, '');
}

export function languageOf(code: Element): string | undefined {
  const cls = Array.from(code.classList).find((name) => name.startsWith('language-'));
  return cls?.slice('language-'.length);
}

function enhanceCodeBlock(code: HTMLElement, mode: boolean | 'live'): void {
  const pre = code.parentElement;
  if (!pre) return;
  const language = languageOf(code);
  if (mode) showCode(code, rawCodeOf(code), language, mode === true);
  const wrapper = document.createElement('div');
  wrapper.className = 'md-code';
  const toolbar = document.createElement('div');
  toolbar.className = 'md-code-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', language ? `${language} code` : 'Code');
  const label = document.createElement('span');
  label.className = 'md-code-language';
  label.textContent = language ?? '';
  toolbar.append(
    label,
    createCodeButton('copy', 'Copy', 'codicon-copy'),
    createCodeButton('insert', 'Insert at Cursor', 'codicon-insert'),
    createCodeButton('new-file', 'New File', 'codicon-new-file'),
  );
  pre.replaceWith(wrapper);
  wrapper.append(toolbar, pre);
}

function createCodeButton(action: CodeAction, name: string, icon: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'md-code-action';
  button.setAttribute(CODE_ACTION_ATTR, action);
  button.setAttribute('aria-label', name);
  button.title = name;
  const glyph = document.createElement('span');
  glyph.className = `codicon ${icon}`;
  glyph.setAttribute('aria-hidden', 'true');
  button.append(glyph);
  return button;
}

/**
 * The placeholder is named for the host the image would come from, taken from its URL: the alt
 * text is the model's to write, and could claim anything.
 */
function createImagePlaceholder(img: HTMLImageElement): HTMLButtonElement {
  const src = img.getAttribute(REMOTE_SRC_ATTR) ?? '';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = IMAGE_PLACEHOLDER_CLASS;
  button.setAttribute(REMOTE_SRC_ATTR, src);
  button.setAttribute('data-md-alt', img.getAttribute('alt') ?? '');
  button.title = src;
  const glyph = document.createElement('span');
  glyph.className = 'codicon codicon-file-media';
  glyph.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.textContent = `Load image from ${hostOf(src)}`;
  button.append(glyph, text);
  return button;
}

function revealImage(img: HTMLImageElement): void {
  const src = img.getAttribute(REMOTE_SRC_ATTR);
  img.removeAttribute(REMOTE_SRC_ATTR);
  if (src) img.setAttribute('src', src);
}

/** Swaps each "Load image" placeholder under `root` whose image the user allowed for the image. */
export function revealRemoteImages(root: ParentNode, allow: (src: string) => boolean): void {
  root.querySelectorAll(`button.${IMAGE_PLACEHOLDER_CLASS}`).forEach((button) => {
    if (!allow(button.getAttribute(REMOTE_SRC_ATTR) ?? '')) return;
    const img = document.createElement('img');
    img.alt = button.getAttribute('data-md-alt') ?? '';
    img.setAttribute('src', button.getAttribute(REMOTE_SRC_ATTR) ?? '');
    button.replaceWith(img);
  });
}

function hostOf(src: string): string {
  try {
    return new URL(src).host;
  } catch {
    return 'an unknown host';
  }
}
