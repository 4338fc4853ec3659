import type { AgentTaskView, ChatMessageView, ChatStateView, ToolCardView } from '../../../src/shared/protocol';
import { button, h, icon } from './dom';
import { MessageView, type MessageActions, type MessageContext } from './message';
import { taskEnded, TaskSummary } from './taskSummary';

export interface TranscriptContext extends MessageContext {
  restoreCheckpoint(taskId: string): void;
}

/** How close to the bottom still counts as "following the stream". */
const STICK_THRESHOLD_PX = 32;

/**
 * The scrolling list of messages. Each message is its own view, so a delta touches exactly one
 * renderer; the transcript only keeps the scroll pinned to the bottom unless the user scrolled up
 * (a ResizeObserver: one check per layout however many deltas landed in it).
 *
 * While it follows, the browser's scroll anchoring is off (the `following` class): anchoring
 * shifts the position when something above grows (Edit & Resend appearing as a task ends), and
 * that shift's scroll event, read after the summary and the answer's tail were laid out below,
 * looked like the user leaving the bottom. Scrolled up, anchoring is on and keeps their place.
 */
export class Transcript {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private views = new Map<string, MessageView>();
  /** A finished task's summary sits under the last message of that task. */
  private summaries = new Map<string, TaskSummary>();
  private lastOfTask = new Map<string, MessageView>();
  private following = true;
  /** Where we last put the scroll; a scroll event that lands elsewhere was the user's. */
  private pinnedTop = -1;
  private lastActions: { user?: string; assistant?: string } = {};
  private readonly messageCtx: MessageContext;

  constructor(private readonly ctx: TranscriptContext, private readonly onSetKey: () => void) {
    // Approving or denying a tool call is a deliberate act, like sending: follow the task on from
    // there even if the view had been scrolled up to reach the card.
    this.messageCtx = {
      ...ctx,
      toolCardPost: (message) => {
        if (message.type === 'approveTool') this.follow(true);
        ctx.toolCardPost(message);
      },
    };
    this.list = h('div', { class: 'message-list' });
    this.empty = h('div', { class: 'empty-state', hidden: true });
    this.element = h('main', { class: 'transcript', 'aria-label': 'Conversation' }, this.empty, this.list);
    this.element.addEventListener('scroll', () => {
      const el = this.element;
      // Our own scroll's event arrives a frame later, when the layout may have moved on.
      if (el.scrollTop === this.pinnedTop) return;
      this.pinnedTop = -1;
      this.follow(el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX);
    }, { passive: true });
    this.follow(true);
    // Content grows (a highlighted block, an image) and the view shrinks (chips, a taller
    // composer) without any scroll event: stay at the bottom through both.
    const keepPinned = new ResizeObserver(() => {
      if (this.following) this.scrollToBottom();
    });
    keepPinned.observe(this.element);
    keepPinned.observe(this.list);
  }

  /** Full rebuild: the first `state`, and a `transcript` (switch, new chat, retry, edit). */
  render(state: ChatStateView, lastIds: { user?: string; assistant?: string }): void {
    this.views = new Map();
    this.summaries = new Map();
    this.lastOfTask = new Map();
    this.list.replaceChildren(...state.messages.map((m) => this.createView(m).element));
    for (const task of state.tasks ?? []) this.task(task);
    this.refreshEmpty(state);
    this.lastActions = {};
    this.refreshActions(lastIds, state.busy);
    this.follow(true);
    this.scrollToBottom();
  }

  add(message: ChatMessageView, state: ChatStateView): void {
    this.list.append(this.createView(message).element);
    if (message.taskId) this.placeSummary(message.taskId);
    this.refreshEmpty(state);
    // Sending is a deliberate act: follow the new exchange even if the user had scrolled up.
    if (message.role === 'user') this.follow(true);
  }

  replace(message: ChatMessageView): void {
    this.views.get(message.id)?.rerender(message);
  }

  delta(id: string, text: string, reasoning: string): void {
    const view = this.views.get(id);
    if (!view) return;
    view.appendReasoning(reasoning);
    view.appendText(text);
  }

  update(message: ChatMessageView): void {
    this.views.get(message.id)?.update(message);
  }

  /** A tool card was added or changed: only that card is touched. */
  toolCard(messageId: string, card: ToolCardView): void {
    this.views.get(messageId)?.upsertToolCard(card);
  }

  /** A task changed: once it has ended, its summary (total, Restore Checkpoint) shows under it. */
  task(task: AgentTaskView): void {
    const existing = this.summaries.get(task.id);
    if (!taskEnded(task)) {
      existing?.element.remove();
      this.summaries.delete(task.id);
      return;
    }
    if (existing) {
      existing.update(task);
      return;
    }
    this.summaries.set(task.id, new TaskSummary(task, this.ctx.unit, (taskId) => this.ctx.restoreCheckpoint(taskId)));
    this.placeSummary(task.id);
  }

  private placeSummary(taskId: string): void {
    const summary = this.summaries.get(taskId);
    if (!summary) return;
    const last = this.lastOfTask.get(taskId);
    if (last) last.element.after(summary.element);
    else this.list.append(summary.element);
  }

  showRemoteImages(allow: (src: string) => boolean): void {
    for (const view of this.views.values()) view.showRemoteImages(allow);
  }

  /** Moves Edit & Resend / Retry to the current last messages; at most four views change. */
  refreshActions(lastIds: { user?: string; assistant?: string }, busy: boolean): void {
    const touched = new Set([this.lastActions.user, this.lastActions.assistant, lastIds.user, lastIds.assistant]);
    for (const id of touched) {
      if (!id) continue;
      const actions: MessageActions = {
        editResend: !busy && id === lastIds.user,
        retry: !busy && id === lastIds.assistant,
      };
      this.views.get(id)?.setActions(actions);
    }
    this.lastActions = lastIds;
  }

  private createView(message: ChatMessageView): MessageView {
    const view = new MessageView(message, this.messageCtx);
    this.views.set(message.id, view);
    if (message.taskId) this.lastOfTask.set(message.taskId, view);
    return view;
  }

  /** The welcome or no-key panel; the provider and key come with `models`, so it follows them. */
  refreshEmpty(state: ChatStateView): void {
    if (!state.hasKey) {
      this.empty.replaceChildren(
        icon('key', 'empty-icon'),
        h('h2', {}, state.messages.length ? `No ${state.providerLabel} API key` : 'Welcome to Switchboard'),
        h('p', {}, `Add your ${state.providerLabel} API key to start chatting. It is kept in VS Code’s secret storage and never shown here.`),
        button({ text: 'Set API Key', icon: 'key', onClick: this.onSetKey }),
      );
      this.empty.hidden = false;
    } else if (state.messages.length === 0) {
      this.empty.replaceChildren(
        icon('comment-discussion', 'empty-icon'),
        h('h2', {}, 'Ask anything'),
        h('p', {}, `Chatting with ${state.providerLabel}. Add a selection or a file for context; Enter sends, Shift+Enter starts a new line.`),
      );
      this.empty.hidden = false;
    } else {
      this.empty.hidden = true;
      this.empty.replaceChildren();
    }
  }

  /**
   * Reads the layout once (clean here: a ResizeObserver runs after layout) and then only writes,
   * so following the stream never forces a layout. If the browser rounds the position (zoom),
   * the scroll handler still finds it within STICK_THRESHOLD_PX of the bottom.
   */
  private scrollToBottom(): void {
    const el = this.element;
    const bottom = Math.max(0, el.scrollHeight - el.clientHeight);
    // Already there can mean the browser clamped us there (content shrank): its scroll event is
    // still to come and is ours too.
    this.pinnedTop = bottom;
    if (el.scrollTop !== bottom) el.scrollTop = bottom;
  }

  private follow(on: boolean): void {
    this.following = on;
    this.element.classList.toggle('following', on);
  }
}
