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

/** Runs of GROUP_SIZE from the first item; the items after the last full run are left out. */
function fullRuns<T>(items: T[]): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i + GROUP_SIZE <= items.length; i += GROUP_SIZE) runs.push(items.slice(i, i + GROUP_SIZE));
  return runs;
}

/** Puts `elements` into a new group, in the place of the first when they are on the page. */
function wrap(elements: HTMLElement[]): HTMLElement {
  const group = document.createElement('div');
  group.className = GROUP_CLASS;
  elements[0]!.before(group);
  group.append(...elements);
  return group;
}

/** A one-shot render's blocks, in groups: what a streamed render of the same text ends with. */
export function groupBlocks(elements: HTMLElement[]): HTMLElement[] {
  const runs = fullRuns(elements);
  return [...runs.map(wrap), ...elements.slice(runs.length * GROUP_SIZE)];
}

/** The blocks of a rendered answer in order, looking through groups. */
export function renderedBlocks(container: Element): Element[] {
  return Array.from(container.children).flatMap((child) => (child.classList.contains(GROUP_CLASS) ? Array.from(child.children) : [child]));
}

/** The groups of one streaming render. */
export class BlockGroups {
  /**
   * Finished blocks not in a group of their own yet (fewer than GROUP_SIZE). Once the answer has
   * ended they sit in the first closing group, which the next render opens before anything else.
   */
  private loose: Block[] = [];
  /** Groups made when the answer ended, holding the loose blocks and the tail. */
  private closing: HTMLElement[] = [];

  constructor(private readonly container: HTMLElement) {}

  reset(): void {
    this.loose = [];
    this.closing = [];
  }

  /** Blocks that just froze, in order after the ones before: full runs go into a group. */
  freeze(blocks: Block[]): void {
    this.loose.push(...blocks);
    const runs = fullRuns(this.loose);
    for (const run of runs) wrap(run.map((b) => b.el));
    this.loose = this.loose.slice(runs.length * GROUP_SIZE);
  }

  /** The answer ended: tail blocks complete runs too, as in a one-shot render. */
  finish(tail: Block[]): void {
    this.closing = fullRuns([...this.loose, ...tail]).map((run) => wrap(run.map((b) => b.el)));
  }

  /**
   * Before the tail renders again (text appended after the end): the groups made at the end are
   * opened, so the tail sits at the top level, where it is placed and replaced.
   */
  reopen(): void {
    for (const group of this.closing) group.replaceWith(...Array.from(group.childNodes));
    this.closing = [];
  }

  /** The top-level node that holds `el`: the block itself, or its group. */
  topLevel(el: HTMLElement): ChildNode {
    return el.parentElement === this.container ? el : (el.parentElement ?? el);
  }
}
