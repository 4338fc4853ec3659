import './markdown.css';
import type { Token, Tokens } from 'marked';
import { BlockGroups, groupBlocks } from './blockGroups';
import { appendCode } from './codeHighlighting';
import { growCodeBlock, growListBlock, remoteImageRule, renderBlock, renderInline, renderListItems, renderTableRows, rendersToElement, revealRemoteImages } from './blockRenderer';
import { findFreezePoint } from './freezePoint';
import { bindInteractions } from './interactions';
import { changedLabels, collectDefinitions, definitionsKey, foldForLabels } from './linkDefinitions';
import { copyLinks, lexMarkdown, normalizeNewlines, type LinkDefinitions } from './markedLexer';
import type { RenderHooks } from './renderHooks';
import { appendPlainText } from './plainTextPost';
import { growTextInPlace } from './textGrowth';

// Callers build hooks and a renderer together; one import gives them both.
export type { RenderHooks } from './renderHooks';

export interface StreamingMarkdownOptions {
  /**
   * 'frame' (default): append() only records the text; the render runs once per animation
   * frame however many deltas arrived. 'sync': every append() renders at once.
   */
  schedule?: 'frame' | 'sync';
}

interface RenderedBlock {
  raw: string;
  type: string;
  /** For a top-level code block: its language, so a growing one can be extended in place. */
  code?: { lang: string | undefined };
  /** For a top-level list: its shape and each item's text, so a growing one re-renders only changed items. */
  list?: ListShape;
  /** The token the element shows, while the block is in the tail (so a post that only adds text can grow it). */
  token?: Token;
  /** The link definitions this block was rendered with, when its text could reference one. */
  linksKey: string;
  final: boolean;
  el: HTMLElement;
}

interface ListShape {
  ordered: boolean;
  start: number | '';
  loose: boolean;
  items: string[];
}

function listShape(token: Tokens.List): ListShape {
  return { ordered: token.ordered, start: token.start, loose: token.loose, items: token.items.map((item) => item.raw) };
}

/** Where a list that kept its kind, start and looseness first differs from what is shown; -1 if it did not keep them. */
function firstChangedItem(old: ListShape, next: ListShape): number {
  if (old.ordered !== next.ordered || old.start !== next.start || old.loose !== next.loose) return -1;
  let k = 0;
  while (k < old.items.length && k < next.items.length && old.items[k] === next.items[k]) k++;
  return k;
}

/** Text up to a safe boundary, rendered once. Only a late link definition it refers to can make it render again. */
interface FrozenChunk {
  text: string;
  blocks: RenderedBlock[];
  foldedText: string | undefined;
}

/**
 * Renders a markdown stream incrementally. The text is split into top-level blocks with
 * marked's lexer; blocks before a safe boundary (see findFreezePoint) are finished, rendered
 * once and never touched again. Each update lexes only the unfinished tail (usually the last
 * block) and re-renders only the blocks in it whose text changed, so the cost of a delta does
 * not grow with the length of the answer. After finish() the DOM equals renderMarkdownOnce()
 * of the whole text.
 */
export class StreamingMarkdown {
  private readonly chunks: FrozenChunk[] = [];
  private frozenText = '';
  private frozenLinks: LinkDefinitions = Object.create(null) as LinkDefinitions;
  private lastFrozenBlock: RenderedBlock | undefined;
  private frozenBlocks = 0;
  private links: LinkDefinitions = Object.create(null) as LinkDefinitions;
  private linksKey = '{}';
  private tail = '';
  /** Text appended since the last render. */
  private added = '';
  private tailBlocks: RenderedBlock[] = [];
  private pendingCarriageReturn = false;
  private finished = false;
  private dirty = false;
  private frame: number | undefined;
  private openFence: OpenFence | undefined;
  /** The last tail block ends the text: nothing unrendered (a space, a definition) follows it. */
  private endsInBlock = false;
  private fallback: ReturnType<typeof setTimeout> | undefined;
  private readonly groups: BlockGroups;

  constructor(
    private readonly container: HTMLElement,
    private readonly hooks: RenderHooks,
    private readonly options: StreamingMarkdownOptions = {},
  ) {
    container.classList.add('md-root');
    bindInteractions(container, hooks);
    this.groups = new BlockGroups(container);
  }

  get text(): string {
    return this.frozenText + this.tail;
  }

  /** How many leading block elements are finished and will not be re-rendered. */
  get frozenBlockCount(): number {
    return this.frozenBlocks;
  }

  append(delta: string): void {
    if (!delta) return;
    let text = delta;
    // A \r\n split across two deltas is still one line ending.
    if (this.pendingCarriageReturn && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCarriageReturn = delta.charCodeAt(delta.length - 1) === 13;
    if (!text) return;
    const normalized = normalizeNewlines(text);
    this.tail += normalized;
    this.added += normalized;
    this.finished = false;
    this.dirty = true;
    this.schedule();
  }

  /** Replaces everything, e.g. when the host restores a conversation. */
  setText(full: string): void {
    this.cancel();
    this.container.replaceChildren();
    this.chunks.length = 0;
    this.frozenText = '';
    this.frozenLinks = Object.create(null) as LinkDefinitions;
    this.lastFrozenBlock = undefined;
    this.frozenBlocks = 0;
    this.groups.reset();
    this.links = Object.create(null) as LinkDefinitions;
    this.linksKey = '{}';
    this.tailBlocks = [];
    this.openFence = undefined;
    this.tail = normalizeNewlines(full);
    this.added = '';
    this.pendingCarriageReturn = full.endsWith('\r');
    this.finished = false;
    this.render(false);
  }

  /** The stream ended: the last block is final too (highlighted). */
  finish(): void {
    this.cancel();
    this.finished = true;
    this.render(true);
  }

  /** Renders what append() has scheduled, now. */
  flush(): void {
    if (!this.dirty) return;
    this.cancel();
    this.render(this.finished);
  }

  /** After the user allowed remote images: loads the ones already shown as placeholders. */
  showRemoteImages(): void {
    revealRemoteImages(this.container, (src) => this.hooks.allowRemoteImage(src));
  }

  private schedule(): void {
    if (this.options.schedule === 'sync') {
      this.flush();
      return;
    }
    if (this.frame === undefined) this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.flush();
    });
    // Animation frames stop while the view is hidden; the text must still land. One timer lives
    // across frames (a render does not cancel it), so a stream arms about five a second, not one per frame.
    this.fallback ??= setTimeout(() => {
      this.fallback = undefined;
      this.flush();
    }, 200);
  }

  /** Drops the pending frame; the fallback timer stays, and finds nothing to do if nothing is dirty. */
  private cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  private render(final: boolean): void {
    this.dirty = false;
    const added = this.added;
    this.added = '';
    this.groups.reopen();
    if (!final && (this.growOpenFence(added) || this.growPlainText(added))) return;
    this.openFence = undefined;
    const tail = this.tail;
    const tokens = lexMarkdown(tail, this.frozenLinks);
    this.updateLinks(tokens.links);
    const freeze = findFreezePoint(tokens, tail);
    const remoteImages = remoteImageRule(this.hooks);
    const parts = {
      inline: (inline: Token[]) => renderInline(inline, remoteImages),
      items: (list: Tokens.List) => renderListItems(list, { final: false, remoteImages }),
      rows: (table: Tokens.Table) => renderTableRows(table, { final: false, remoteImages }),
    };

    let lastContent = -1;
    for (let i = 0; i < tokens.length; i++) if (rendersToElement(tokens[i])) lastContent = i;

    const next: RenderedBlock[] = [];
    let frozenCount = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!rendersToElement(token)) continue;
      // Only the last block is still growing; the others are rendered as final straight away.
      const needFinal = final || i !== lastContent || i < freeze.tokenCount;
      const linksKey = token.raw.includes('[') ? this.linksKey : '';
      const old = this.tailBlocks[next.length] as RenderedBlock | undefined;
      const code = token.type === 'code' ? { lang: (token as Tokens.Code).lang } : undefined;
      const list = token.type === 'list' ? listShape(token as Tokens.List) : undefined;
      const firstChanged = old?.list && list && !old.final && !needFinal && old.linksKey === linksKey ? firstChangedItem(old.list, list) : -1;
      if (old && old.raw === token.raw && old.type === token.type && old.linksKey === linksKey && (old.final || !needFinal)) {
        next.push(old);
      } else if (old?.token && !old.final && old.linksKey === linksKey && (!needFinal || !old.el.querySelector('pre')) && growTextInPlace(old.el, old.token, token, parts)) {
        // Only the end of the last run of inline content changed: its text node is extended and
        // only new inline tokens are rendered.
        // (Finished and live renders differ only in code, so a block without code can just be marked final.)
        Object.assign(old, { raw: token.raw, token, final: needFinal, list });
        next.push(old);
      } else if (old && list && firstChanged >= 0 && growListBlock(old.el, token as Tokens.List, firstChanged, { final: false, remoteImages })) {
        // A growing list re-renders from its first changed item; the items before it stay.
        Object.assign(old, { raw: token.raw, token, list });
        next.push(old);
      } else if (old && !old.final && old.code && code && code.lang === old.code.lang && growCodeBlock(old.el, (token as Tokens.Code).text, needFinal)) {
        // A growing code block only gains text: extended (and finished) in place, its highlighted pieces kept.
        Object.assign(old, { raw: token.raw, token, linksKey, code, final: needFinal });
        next.push(old);
      } else {
        const el = renderBlock(token, { final: needFinal, remoteImages });
        next.push({ raw: token.raw, type: token.type, token, linksKey, final: needFinal, el, code, list });
      }
      if (i < freeze.tokenCount) frozenCount++;
    }
    this.placeTailBlocks(next);

    if (freeze.tokenCount > 0) {
      const text = tail.slice(0, freeze.offset);
      const blocks = next.slice(0, frozenCount);
      for (const block of blocks) block.token = undefined;
      this.chunks.push({ text, blocks, foldedText: undefined });
      collectDefinitions(tokens.slice(0, freeze.tokenCount), this.frozenLinks);
      this.frozenText += text;
      this.frozenBlocks += blocks.length;
      this.lastFrozenBlock = blocks.at(-1) ?? this.lastFrozenBlock;
      this.groups.freeze(blocks);
      this.tail = tail.slice(freeze.offset);
      this.tailBlocks = next.slice(frozenCount);
    } else {
      this.tailBlocks = next;
    }
    this.openFence = openFenceAtEnd(this.tail, this.tailBlocks.at(-1));
    this.endsInBlock = lastContent === tokens.length - 1;
    if (final) this.groups.finish(this.tailBlocks);
  }

  /** Words added to the text the last block ends with: appended to its text node, nothing lexed (see appendPlainText). */
  private growPlainText(added: string): boolean {
    const block = this.tailBlocks.at(-1);
    if (!added || !this.endsInBlock || !block?.token || block.final || !appendPlainText(block.el, block.token, this.tail, added)) return false;
    // Its source is known again at the next lex; '' never equals a token's, so nothing reuses a stale one.
    block.raw = '';
    return true;
  }

  /**
   * While a fenced code block is open at the end, appended text that cannot close it only
   * extends its code: marked would lex the whole block again for each post (a 2,000-line block
   * made every post cost its length). Only what was added since the last render is looked at (with
   * the line it continues), so a post costs the same at the 10th line as at the 2,000th. False
   * when the text may close the fence, or anything else could change: then the tail is lexed as usual.
   */
  private growOpenFence(added: string): boolean {
    const fence = this.openFence;
    if (!fence || !added) return false;
    // The line being written, and whatever follows it: a fence split across posts is seen whole.
    const lines = fence.line + added;
    if (FENCE_LINE.test(lines)) return false;
    // marked keeps trailing blank lines of an unclosed fence but drops a single final newline;
    // the rare blank-line ending is left to the lexer.
    const end = (fence.end + added).slice(-2);
    if (end === '\n\n') return false;
    if (!appendCode(fence.code, added, fence.end.endsWith('\n'))) return false;
    fence.line = lines.slice(lines.lastIndexOf('\n') + 1);
    fence.end = end;
    // Its source is known again at the next lex; '' never equals a token's, so nothing reuses a stale one.
    fence.block.raw = '';
    fence.block.token = undefined;
    return true;
  }

  /** Puts the tail's elements after the frozen ones, moving only what changed. */
  private placeTailBlocks(next: RenderedBlock[]): void {
    const kept = new Set(next);
    for (const old of this.tailBlocks) if (!kept.has(old)) old.el.remove();
    let cursor = this.lastFrozenBlock ? this.groups.topLevel(this.lastFrozenBlock.el).nextSibling : this.container.firstChild;
    for (const block of next) {
      if (block.el === cursor) cursor = cursor.nextSibling;
      else this.container.insertBefore(block.el, cursor);
    }
  }

  /**
   * A reference-style link can be defined after it is used. When the known definitions
   * change, finished blocks that mention a changed label are rendered again (rare: only
   * while a definition line streams in); tail blocks notice through their linksKey.
   */
  private updateLinks(links: LinkDefinitions): void {
    const key = definitionsKey(links);
    if (key === this.linksKey) return;
    const labels = changedLabels(this.links, links);
    this.links = copyLinks(links);
    this.linksKey = key;
    for (const chunk of this.chunks) {
      if (!chunk.text.includes('[')) continue;
      chunk.foldedText ??= foldForLabels(chunk.text);
      const folded = chunk.foldedText;
      if (labels.some((label) => folded.includes(label))) this.rerenderChunk(chunk);
    }
  }

  private rerenderChunk(chunk: FrozenChunk): void {
    const tokens = lexMarkdown(chunk.text, this.links).filter(rendersToElement);
    const remoteImages = remoteImageRule(this.hooks);
    tokens.forEach((token, k) => {
      const block = chunk.blocks[k];
      if (!block || !token.raw.includes('[')) return;
      const el = renderBlock(token, { final: true, remoteImages });
      block.el.replaceWith(el);
      block.el = el;
    });
  }
}

interface OpenFence {
  block: RenderedBlock;
  code: HTMLElement;
  /** The code's last line so far (after its last newline). */
  line: string;
  /** The code's last two characters. */
  end: string;
}

/** A line that could open or close a fence (conservatively: any fence character run of three). */
const FENCE_LINE = /(?:^|\n) {0,3}(?:`{3}|~{3})/;
/** An opening fence at column 0 with a complete info line. */
const OPENING_FENCE = /^(?:`{3,}|~{3,})[^\n]*\n/;

/** The last tail block when it is a fenced code block still open at the end of the tail. */
function openFenceAtEnd(tail: string, block: RenderedBlock | undefined): OpenFence | undefined {
  if (!block?.code || block.final || !tail.endsWith(block.raw)) return undefined;
  const opening = OPENING_FENCE.exec(block.raw);
  if (!opening || FENCE_LINE.test(block.raw.slice(opening[0].length - 1))) return undefined;
  const code = block.el.querySelector<HTMLElement>('pre > code');
  if (!code) return undefined;
  const body = block.raw.slice(opening[0].length);
  return { block, code, line: body.slice(body.lastIndexOf('\n') + 1), end: body.slice(-2) };
}

/** One-shot render of a whole text: restores, and the reference the streaming renderer must match. */
export function renderMarkdownOnce(container: HTMLElement, text: string, hooks: RenderHooks): void {
  container.classList.add('md-root');
  bindInteractions(container, hooks);
  const remoteImages = remoteImageRule(hooks);
  const blocks = lexMarkdown(normalizeNewlines(text))
    .filter(rendersToElement)
    .map((token) => renderBlock(token, { final: true, remoteImages }));
  container.replaceChildren(...groupBlocks(blocks));
}
