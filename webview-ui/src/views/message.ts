import type { ChatMessageView, ErrorActionView, ErrorView, ToolCardView } from '../../../src/shared/protocol';
import { revealRemoteImages } from '../markdown/blockRenderer';
import type { RenderHooks } from '../markdown/renderHooks';
import { renderMarkdownOnce, StreamingMarkdown } from '../markdown/streamingMarkdown';
import { formatCost } from './creditsFormat';
import { append, button, h, icon, setAttr } from './dom';
import { ToolCard, type ToolCardPost } from './toolCard';

export interface MessageContext {
  hooks: RenderHooks;
  unit(): string;
  runAction(action: ErrorActionView): void;
  retry(): void;
  editResend(message: ChatMessageView): void;
  /** Approve, Deny and Open Diff on a tool card. */
  toolCardPost: ToolCardPost;
  /** Agent mode's way out for a model that cannot call tools: the page's own model picker, or Ask. */
  switchModel(): void;
  useAsk(): void;
}

/** Which per-message actions apply right now; computed by the transcript from the message order. */
export interface MessageActions {
  editResend: boolean;
  retry: boolean;
}

/**
 * One message as an `article`. Assistant text streams into a StreamingMarkdown that only ever
 * receives appended deltas; status, cost and error are separate parts updated in place, so a
 * status change never re-renders the text.
 */
export class MessageView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly statusLine: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly costEl: HTMLElement;
  private readonly actionsEl: HTMLElement;
  private readonly toolCardsEl: HTMLElement;
  private toolCards = new Map<string, ToolCard>();
  private markdown: StreamingMarkdown | undefined;
  private thinking: { details: HTMLDetailsElement; body: HTMLElement; markdown: StreamingMarkdown } | undefined;
  private actions: MessageActions = { editResend: false, retry: false };

  constructor(private message: ChatMessageView, private readonly ctx: MessageContext) {
    const isUser = message.role === 'user';
    this.body = h('div', { class: isUser ? 'message-body user-text' : 'message-body markdown-body' });
    this.statusLine = h('div', { class: 'message-status' });
    this.errorBox = h('div', { class: 'message-error', hidden: true });
    this.costEl = h('span', { class: 'message-cost' });
    this.actionsEl = h('span', { class: 'message-actions' });
    this.toolCardsEl = h('div', { class: 'tool-cards', hidden: true });
    this.element = h('article', { class: `message ${message.role}`, 'aria-label': accessibleName(message) },
      h('div', { class: 'message-header' },
        icon(isUser ? 'account' : 'sparkle'),
        h('span', { class: 'message-author' }, isUser ? 'You' : 'Switchboard'),
        !isUser && message.model ? h('span', { class: 'message-model' }, message.model) : null),
      this.body,
      this.toolCardsEl,
      isUser && message.context?.length
        ? h('ul', { class: 'message-context', 'aria-label': 'Attached context' },
          ...message.context.map((c) => h('li', { class: 'chip', title: c.path }, icon('file'), c.label)))
        : null,
      this.statusLine,
      this.errorBox,
      h('div', { class: 'message-footer' }, this.costEl, this.actionsEl));
    this.renderContent();
    this.renderStatus(false);
  }

  get id(): string {
    return this.message.id;
  }

  appendText(delta: string): void {
    if (!delta) return;
    if (this.message.role === 'user') {
      this.body.textContent = this.message.text;
      return;
    }
    this.ensureMarkdown().append(delta);
    this.statusLine.classList.add('has-text');
  }

  appendReasoning(delta: string): void {
    if (delta) this.ensureThinking().markdown.append(delta);
  }

  /** A tool card arrived or changed: only that card's DOM is touched. */
  upsertToolCard(card: ToolCardView): void {
    const existing = this.toolCards.get(card.id);
    if (existing) {
      existing.update(card);
      return;
    }
    const view = new ToolCard(card, this.ctx.toolCardPost);
    this.toolCards.set(card.id, view);
    this.toolCardsEl.append(view.element);
    this.toolCardsEl.hidden = false;
  }

  /** Status, cost or error changed (the message object is the store's, already updated). */
  update(message: ChatMessageView): void {
    this.message = message;
    if (message.status !== 'streaming') {
      this.markdown?.finish();
      this.thinking?.markdown.finish();
    }
    this.renderStatus(true);
  }

  /** Rebuilds everything from the store's copy (the host re-sent a message we already had). */
  rerender(message: ChatMessageView): void {
    this.message = message;
    this.element.setAttribute('aria-label', accessibleName(message));
    this.markdown = undefined;
    this.thinking?.details.remove();
    this.thinking = undefined;
    this.body.replaceChildren();
    this.toolCards = new Map();
    this.toolCardsEl.replaceChildren();
    this.toolCardsEl.hidden = true;
    this.renderContent();
    this.renderStatus(false);
  }

  /** The user allowed some remote images: their placeholders become images in place, nothing re-renders. */
  showRemoteImages(allow: (src: string) => boolean): void {
    revealRemoteImages(this.element, allow);
  }

  setActions(actions: MessageActions): void {
    if (actions.editResend === this.actions.editResend && actions.retry === this.actions.retry) return;
    this.actions = actions;
    const buttons: HTMLElement[] = [];
    if (actions.editResend) {
      buttons.push(button({ text: 'Edit & Resend', icon: 'edit', secondary: true, className: 'message-action', onClick: () => this.ctx.editResend(this.message) }));
    }
    if (actions.retry) {
      buttons.push(button({ text: 'Retry', icon: 'refresh', secondary: true, className: 'message-action', onClick: () => this.ctx.retry() }));
    }
    this.actionsEl.replaceChildren(...buttons);
  }

  private renderContent(): void {
    const { message } = this;
    for (const card of message.toolCalls ?? []) this.upsertToolCard(card);
    if (message.role === 'user') {
      // What the user typed is shown as typed: no markdown, so nothing in it is interpreted.
      this.body.textContent = message.text;
      return;
    }
    if (message.reasoning) {
      const thinking = this.ensureThinking();
      if (message.status === 'streaming') thinking.markdown.setText(message.reasoning);
      else renderOnceInto(thinking.body, message.reasoning, this.ctx.hooks);
    }
    if (message.status === 'streaming') {
      if (message.text) this.ensureMarkdown().setText(message.text);
    } else if (message.text) {
      renderOnceInto(this.body, message.text, this.ctx.hooks);
    }
  }

  private ensureMarkdown(): StreamingMarkdown {
    this.markdown ??= new StreamingMarkdown(this.body, this.ctx.hooks);
    return this.markdown;
  }

  private ensureThinking(): NonNullable<MessageView['thinking']> {
    if (!this.thinking) {
      const body = h('div', { class: 'thinking-body markdown-body' });
      const details = h('details', { class: 'thinking', 'aria-label': 'Thinking' },
        h('summary', {}, icon('lightbulb'), h('span', {}, 'Thinking'), icon('loading', 'codicon-modifier-spin thinking-spinner')),
        body);
      this.element.insertBefore(details, this.body);
      this.thinking = { details, body, markdown: new StreamingMarkdown(body, this.ctx.hooks) };
    }
    return this.thinking;
  }

  private renderStatus(live: boolean): void {
    const { message } = this;
    const streaming = message.status === 'streaming';
    setAttr(this.element, 'aria-busy', streaming ? 'true' : undefined);
    this.element.classList.toggle('streaming', streaming);
    this.element.classList.toggle('has-error', message.status === 'error');

    if (streaming) {
      this.statusLine.classList.toggle('has-text', !!message.text);
      this.statusLine.replaceChildren(h('span', { class: 'streaming-indicator' }, icon('loading', 'codicon-modifier-spin'), 'Working…'));
    } else if (message.status === 'stopped') {
      this.statusLine.replaceChildren(h('span', { class: 'stopped-marker' }, icon('debug-stop'), 'Stopped'));
    } else {
      this.statusLine.replaceChildren();
    }

    if (message.error) this.renderError(message.error, live);
    else {
      this.errorBox.hidden = true;
      this.errorBox.replaceChildren();
      this.errorBox.removeAttribute('role');
    }

    this.costEl.textContent = message.cost ? formatCost(message.cost, this.ctx.unit()) : '';
    this.costEl.title = message.cost?.estimated ? 'Estimated from usage and the model’s rate' : '';
  }

  private renderError(error: ErrorView, live: boolean): void {
    // Announce errors as they happen, not again every time the view is rebuilt.
    setAttr(this.errorBox, 'role', live ? 'alert' : undefined);
    // The host's error-action table names the button; the page has no labels of its own.
    const label = error.actionLabel;
    // Retry is offered by the message's own Retry button; a second one would only confuse.
    const showAction = error.action !== 'none' && error.action !== 'retry' && !!label;
    this.errorBox.replaceChildren();
    append(this.errorBox,
      h('div', { class: 'error-explanation' }, icon('error'), h('span', {}, error.explanation)),
      error.gatewayMessage ? h('div', { class: 'error-gateway' }, h('span', { class: 'error-gateway-label' }, 'Gateway: '), error.gatewayMessage) : null,
      error.agentFallback
        ? h('div', { class: 'error-actions' },
          button({ text: 'Switch Model', icon: 'arrow-swap', onClick: () => this.ctx.switchModel() }),
          button({ text: 'Use Ask', icon: 'comment-discussion', secondary: true, onClick: () => this.ctx.useAsk() }))
        : showAction ? h('div', { class: 'error-actions' }, button({ text: label, onClick: () => this.ctx.runAction(error.action) })) : null,
    );
    this.errorBox.hidden = false;
  }
}

export function accessibleName(message: ChatMessageView): string {
  if (message.role === 'user') return 'You';
  return message.model ? `Switchboard, ${message.model}` : 'Switchboard';
}

function renderOnceInto(container: HTMLElement, text: string, hooks: RenderHooks): void {
  container.replaceChildren();
  renderMarkdownOnce(container, text, hooks);
}
