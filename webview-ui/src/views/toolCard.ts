import type { ToolCardState, ToolCardView, WebviewToHost } from '../../../src/shared/protocol';
import { button, h, icon } from './dom';

/** What a card's buttons post; the transcript passes the host's `post` through. */
export type ToolCardPost = (message: Extract<WebviewToHost, { type: 'approveTool' | 'openToolDiff' }>) => void;

/** The state in words (never colour alone) and its codicon. */
const STATES: Record<ToolCardState, { text: string; icon: string; spin?: boolean }> = {
  pending: { text: 'Pending', icon: 'circle-large-outline' },
  awaitingApproval: { text: 'Waiting for approval', icon: 'question' },
  running: { text: 'Running', icon: 'loading', spin: true },
  done: { text: 'Done', icon: 'pass' },
  denied: { text: 'Denied', icon: 'circle-slash' },
  failed: { text: 'Failed', icon: 'error' },
};

export function toolCardName(card: ToolCardView): string {
  return `${card.tool} ${card.summary}`.trim();
}

/**
 * One tool call under a step's text: a `group` named "read_file src/a.ts, Done". The host re-sends
 * the whole card on every change and only this card's DOM is rebuilt; the result is tool output,
 * so it only ever goes in as textContent, collapsed until the user opens it (and kept open across
 * updates once they have).
 */
export class ToolCard {
  readonly element: HTMLElement;
  private card: ToolCardView;
  private resultOpen = false;

  constructor(card: ToolCardView, private readonly post: ToolCardPost) {
    this.card = card;
    this.element = h('div', { class: 'tool-card', role: 'group' });
    this.render();
  }

  get id(): string {
    return this.card.id;
  }

  update(card: ToolCardView): void {
    this.card = card;
    this.render();
  }

  private render(): void {
    const { card } = this;
    const state = STATES[card.state] ?? STATES.pending;
    this.element.setAttribute('aria-label', `${toolCardName(card)}, ${state.text}`);
    this.element.dataset.state = card.state;
    this.element.replaceChildren(
      h('div', { class: 'tool-card-header' },
        icon(state.icon, `tool-card-icon${state.spin ? ' codicon-modifier-spin' : ''}`),
        h('code', { class: 'tool-card-tool' }, card.tool),
        h('span', { class: 'tool-card-summary', title: card.summary }, card.summary),
        h('span', { class: 'tool-card-state' }, state.text)),
      ...this.approval(),
      ...this.result());
  }

  private approval(): HTMLElement[] {
    const { card } = this;
    if (card.state !== 'awaitingApproval') return [];
    const parts: HTMLElement[] = [];
    const approval = card.approval;
    if (approval?.kind === 'command') {
      parts.push(h('pre', { class: 'tool-card-command', 'aria-label': 'Command' }, h('code', {}, approval.detail)));
    } else if (approval?.detail) {
      parts.push(h('div', { class: 'tool-card-detail' }, approval.detail));
    }
    const decide = (approved: boolean): void => this.post({ type: 'approveTool', callId: card.id, approved });
    parts.push(h('div', { class: 'tool-card-actions' },
      approval?.kind === 'edit'
        ? button({ text: 'Open Diff', icon: 'diff', secondary: true, onClick: () => this.post({ type: 'openToolDiff', callId: card.id }) })
        : null,
      button({ text: 'Approve', icon: 'check', onClick: () => decide(true) }),
      button({ text: 'Deny', icon: 'close', secondary: true, onClick: () => decide(false) })));
    return parts;
  }

  private result(): HTMLElement[] {
    const { card } = this;
    if (card.result === undefined) return [];
    const lines = card.result === '' ? 0 : card.result.split('\n').length;
    const details = h('details', { class: 'tool-card-result' },
      h('summary', {}, `Result (${lines} ${lines === 1 ? 'line' : 'lines'})`),
      h('pre', {}, card.result));
    details.open = this.resultOpen;
    details.addEventListener('toggle', () => {
      this.resultOpen = details.open;
    });
    return [details];
  }
}
