import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import type { AgentSettingsView, ChatMessageView, ChatMode, ContextChipView, EstimateView, WebviewToHost } from '../../../src/shared/protocol';
import type { DraftState } from '../vscodeApi';
import { AgentControls } from './agentControls';
import { button, h, icon, setDisabled } from './dom';

/** Typing pauses this long before the host is asked what sending would cost. */
export const ESTIMATE_DEBOUNCE_MS = 250;

type TextArea = HTMLElement & { value: string; label: string; placeholder: string };

const ASK = {
  placeholder: 'Ask Switchboard… (Enter to send, Shift+Enter for a new line)',
  send: 'Send',
  sendTitle: 'Send',
};
const AGENT = {
  placeholder: 'Describe a task: sending starts it, with workspace tools and the budget below (Enter to start, Shift+Enter for a new line)',
  send: 'Start Task',
  sendTitle: 'Start an agent task with this budget',
};
type Checkbox = HTMLElement & { checked: boolean };

export interface ComposerHost {
  post(message: WebviewToHost): void;
  saveDraft(state: DraftState): void;
}

/**
 * The message box and everything around it: context chips, reasoning switch, estimate, Send/Stop.
 * Enter sends, Shift+Enter is a new line, Escape stops (wired in main for the whole view).
 */
export class Composer {
  readonly element: HTMLElement;
  private readonly textarea: TextArea;
  private readonly chips: HTMLElement;
  private readonly reasoning: Checkbox;
  private readonly estimateEl: HTMLElement;
  private readonly sendButton: HTMLElement;
  private readonly stopButton: HTMLElement;
  private readonly editBanner: HTMLElement;
  private readonly agent: AgentControls;
  private busy = false;
  private reasoningSupported = false;
  /** What the last Send posted, so a send the host declines comes back as it was. */
  private lastSent: { text: string; editing?: string } | undefined;
  private editing: string | undefined;
  private estimateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ComposerHost, draft: DraftState) {
    this.textarea = h('vscode-textarea', { class: 'composer-input', placeholder: ASK.placeholder, rows: '3', resize: 'vertical' }) as TextArea;
    // A property, not an attribute: vscode-textarea forwards it to the inner textarea's aria-label.
    this.textarea.label = 'Message';
    this.chips = h('ul', { class: 'context-chips', 'aria-label': 'Context' });
    this.reasoning = h('vscode-checkbox', { class: 'reasoning-toggle', toggle: true, label: 'Reasoning', title: 'Ask the model to reason before answering (models that support it)' }) as Checkbox;
    this.estimateEl = h('span', { class: 'estimate', 'aria-live': 'polite' });
    this.sendButton = button({ text: ASK.send, icon: 'send', className: 'send', onClick: () => this.send() });
    this.agent = new AgentControls((mode) => {
      this.showMode();
      this.host.post({ type: 'setMode', mode });
    });
    this.stopButton = button({ text: 'Stop', icon: 'debug-stop', className: 'stop', secondary: true, onClick: () => this.stop() });
    this.editBanner = h('div', { class: 'edit-banner', hidden: true },
      icon('edit'), h('span', {}, 'Editing your last message: sending replaces it and the reply.'),
      button({ text: 'Cancel Edit', secondary: true, onClick: () => this.cancelEdit() }));

    this.element = h('footer', { class: 'composer' },
      this.editBanner,
      this.chips,
      this.textarea,
      h('div', { class: 'composer-bar' },
        button({ label: 'Add Selection', icon: 'selection', className: 'composer-tool', onClick: () => this.host.post({ type: 'addSelection' }) }),
        button({ label: 'Add File', icon: 'new-file', className: 'composer-tool', onClick: () => this.host.post({ type: 'addFile' }) }),
        this.agent.element,
        this.reasoning,
        this.estimateEl,
        h('span', { class: 'spacer' }),
        this.stopButton,
        this.sendButton));

    this.textarea.value = draft.draft;
    this.editing = draft.editingMessageId;
    this.editBanner.hidden = !this.editing;

    this.textarea.addEventListener('keydown', (ev) => this.onKeyDown(ev));
    this.textarea.addEventListener('input', () => this.onInput());
    this.reasoning.addEventListener('change', () => {
      this.host.post({ type: 'setReasoning', enabled: this.reasoning.checked });
    });
    this.setBusy(false);
  }

  get text(): string {
    return this.textarea.value;
  }

  focus(): void {
    this.textarea.focus();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    setDisabled(this.stopButton, !busy);
    setDisabled(this.sendButton, busy);
  }

  /** Switches the Mode control as the user would (Use Ask under Agent mode's notice) and focuses the message. */
  useMode(mode: ChatMode): void {
    this.agent.choose(mode);
    this.focus();
  }

  /** The host's mode and default budget (absent while agent mode is not wired: no Mode control). */
  setAgent(settings: AgentSettingsView | undefined): void {
    this.agent.update(settings);
    this.showMode();
  }

  setReasoning(enabled: boolean, supported: boolean): void {
    this.reasoningSupported = supported;
    this.reasoning.checked = enabled && supported;
    setDisabled(this.reasoning, !supported);
    this.reasoning.title = supported
      ? 'Ask the model to reason before answering'
      : 'The current model does not support reasoning';
  }

  setContext(context: ContextChipView[]): void {
    this.chips.hidden = context.length === 0;
    this.chips.replaceChildren(...context.map((chip) =>
      h('li', { class: 'chip', title: chipTitle(chip) },
        icon(chip.startLine !== undefined ? 'selection' : 'file'),
        h('span', { class: 'chip-label' }, chip.label),
        button({ label: `Remove ${chip.label}`, icon: 'close', className: 'chip-remove', onClick: () => this.host.post({ type: 'removeContext', id: chip.id }) }))));
  }

  /**
   * The host's estimate of what sending would cost. When it exceeds the balance the host asks
   * before sending (and answers `restoreDraft` if the user declines); here it is only shown.
   */
  setEstimate(estimate: EstimateView | undefined): void {
    const shown = this.textarea.value.trim() ? estimate : undefined;
    this.estimateEl.textContent = shown?.label ?? '';
    this.estimateEl.classList.toggle('exceeds', !!shown?.exceedsBalance);
    this.estimateEl.title = shown?.exceedsBalance ? 'This may cost more than the credits you have left' : 'Estimated cost of sending';
  }

  /** The host declined a send: the text comes back, ahead of anything typed since. */
  restoreDraft(text: string): void {
    const current = this.textarea.value;
    this.textarea.value = current.trim() ? `${text}\n\n${current}` : text;
    if (this.lastSent?.text === text && this.lastSent.editing) {
      this.editing = this.lastSent.editing;
      this.editBanner.hidden = false;
    }
    this.lastSent = undefined;
    this.onInput();
    this.focus();
  }

  /** Edit & Resend: the last user message goes back into the box; Send then replaces it. */
  startEdit(message: ChatMessageView): void {
    this.editing = message.id;
    this.editBanner.hidden = false;
    this.textarea.value = message.text;
    this.onInput();
    this.focus();
  }

  /** Called by the view's Escape handler; true when there was something to stop. */
  stop(): boolean {
    if (!this.busy) return false;
    this.host.post({ type: 'stop' });
    return true;
  }

  cancelEdit(): boolean {
    if (!this.editing) return false;
    this.editing = undefined;
    this.editBanner.hidden = true;
    this.saveDraft();
    return true;
  }

  /** An edit survives a reload, but only while its message is still the last one the user sent. */
  keepEditOnlyFor(lastUserMessageId: string | undefined): void {
    if (this.editing && this.editing !== lastUserMessageId) this.cancelEdit();
  }

  private onKeyDown(ev: KeyboardEvent): void {
    if (ev.key !== 'Enter' || ev.shiftKey || ev.isComposing || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    ev.preventDefault();
    this.send();
  }

  private onInput(): void {
    this.saveDraft();
    if (this.estimateTimer) clearTimeout(this.estimateTimer);
    const text = this.textarea.value;
    if (!text.trim()) {
      this.setEstimate(undefined);
      return;
    }
    this.estimateTimer = setTimeout(() => this.host.post({ type: 'estimate', text }), ESTIMATE_DEBOUNCE_MS);
  }

  private send(): void {
    const text = this.textarea.value.trim();
    if (!text || this.busy) return;
    // Agent mode: a task goes with its budget; a budget that is not a number keeps the text here.
    const budget = !this.editing && this.agent.mode === 'agent' ? this.agent.takeBudget() : undefined;
    if (!this.editing && this.agent.mode === 'agent' && budget === undefined) return;
    if (this.estimateTimer) clearTimeout(this.estimateTimer);
    this.lastSent = { text, ...(this.editing ? { editing: this.editing } : {}) };
    const reasoning = this.reasoningSupported && this.reasoning.checked;
    if (this.editing) this.host.post({ type: 'editResend', messageId: this.editing, text });
    else if (budget !== undefined) {
      this.host.post({ type: 'send', text, reasoning, budget });
      this.agent.resetBudget();
    } else this.host.post({ type: 'send', text, reasoning });
    this.editing = undefined;
    this.editBanner.hidden = true;
    this.textarea.value = '';
    this.setEstimate(undefined);
    this.saveDraft();
  }

  private showMode(): void {
    const words = this.agent.mode === 'agent' ? AGENT : ASK;
    this.textarea.placeholder = words.placeholder;
    this.sendButton.title = words.sendTitle;
    const label = [...this.sendButton.childNodes].find((node) => node.nodeType === Node.TEXT_NODE);
    if (label) label.textContent = words.send;
  }

  private saveDraft(): void {
    this.host.saveDraft({ draft: this.textarea.value, ...(this.editing ? { editingMessageId: this.editing } : {}) });
  }
}

function chipTitle(chip: ContextChipView): string {
  const lines = chip.startLine !== undefined ? `:${chip.startLine}${chip.endLine !== undefined ? `-${chip.endLine}` : ''}` : '';
  return `${chip.path}${lines} (${chip.language})`;
}
