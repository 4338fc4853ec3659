/*
 * Finished blocks are gathered, GROUP_SIZE at a time, into one box with content-visibility: auto
 * (markdown.css, .md-group). Off screen, a group is skipped by style, layout, paint and the
 * compositor's per-frame walk, so a frame costs what is near the view, not what the answer already
 * holds; measured on an 80k-token stream, that per-frame walk over every finished block was what
 * made the cost of a post grow with the answer. One box per GROUP_SIZE blocks keeps the browser's
 * per-frame visibility check short too (a box per block made that check the larger cost).
 *
 * Which blocks share a group depends only on their order: runs of GROUP_SIZE from the first, the
 * blocks after the last full run left loose. A streamed answer groups its finished blocks as they
 * freeze and its last blocks when it ends, so it ends with the DOM of the same text rendered at once.
 */
export const GROUP_SIZE = 32;
const GROUP_CLASS = 'md-group';

interface Block {
  el: HTMLElement;
}

function wrap(members: Block[]): HTMLElement {
  const group = document.createElement('div');
  group.className = GROUP_CLASS;
  members[0]!.el.before(group);
  group.append(...members.map((m) => m.el));
  return group;
}

/** A one-shot render's blocks, in groups: what a streamed render of the same text ends with. */
export function groupBlocks(elements: HTMLElement[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  let i = 0;
  for (; i + GROUP_SIZE <= elements.length; i += GROUP_SIZE) {
    const group = document.createElement('div');
    group.className = GROUP_CLASS;
    group.append(...elements.slice(i, i + GROUP_SIZE));
    out.push(group);
  }
  return out.concat(elements.slice(i));
}

/** The blocks of a rendered answer in order, looking through groups. */
export function renderedBlocks(container: Element): Element[] {
  return Array.from(container.children).flatMap((child) => (child.classList.contains(GROUP_CLASS) ? Array.from(child.children) : [child]));
}

/** The groups of one streaming render. */
export class BlockGroups {
  /** Finished blocks not in a group yet (fewer than GROUP_SIZE). */
  private loose: Block[] = [];
  /** Groups made when the answer ended that hold blocks still in the tail. */
  private closing: { group: HTMLElement; frozen: Block[] }[] = [];

  constructor(private readonly container: HTMLElement) {}

  reset(): void {
    this.loose = [];
    this.closing = [];
  }

  /** Blocks that just froze, in order after the ones before: full runs go into a group. */
  freeze(blocks: Block[]): void {
    this.loose.push(...blocks);
    while (this.loose.length >= GROUP_SIZE) wrap(this.loose.splice(0, GROUP_SIZE));
  }

  /** The answer ended: tail blocks complete runs too, as in a one-shot render. */
  finish(tail: Block[]): void {
    const all = [...this.loose, ...tail];
    let i = 0;
    for (; i + GROUP_SIZE <= all.length; i += GROUP_SIZE) {
      const members = all.slice(i, i + GROUP_SIZE);
      this.closing.push({ group: wrap(members), frozen: members.filter((m) => this.loose.includes(m)) });
    }
    if (i > 0) this.loose = this.loose.filter((b) => !all.slice(0, i).includes(b));
  }

  /**
   * Before the tail renders again (text appended after the end): groups that hold tail blocks are
   * opened, so the tail sits at the top level, where it is placed and replaced.
   */
  reopen(): void {
    if (this.closing.length === 0) return;
    for (const { group, frozen } of this.closing) {
      group.replaceWith(...Array.from(group.childNodes));
      this.loose.push(...frozen);
    }
    this.closing = [];
  }

  /** The top-level node that holds `el`: the block itself, or its group. */
  topLevel(el: HTMLElement): ChildNode {
    return el.parentElement === this.container ? el : (el.parentElement ?? el);
  }
}
