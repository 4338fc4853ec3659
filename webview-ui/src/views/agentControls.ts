import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { AgentSettingsView, ChatMode } from '../../../src/shared/protocol';
import { h } from './dom';

type Select = HTMLElement & { value: string; label: string };
export type NumberField = HTMLElement & { value: string; label: string; invalid: boolean };

/** The largest budget the host accepts (its schema's bound). */
export const MAX_BUDGET = 1_000_000_000;

/**
 * The composer's Mode control (Ask or Agent) and, in Agent mode, the task's budget. The host owns
 * the mode: a pick is shown at once and posted, and the host's `agentSettings` has the last word.
 * The budget starts at the host's default and keeps what the user typed until a task is sent.
 */
export class AgentControls {
  readonly element: HTMLElement;
  private readonly select: Select;
  private readonly budgetField: NumberField;
  private readonly budgetWrap: HTMLElement;
  private settings: AgentSettingsView | undefined;
  private budgetEdited = false;

  constructor(private readonly onMode: (mode: ChatMode) => void) {
    this.select = h('vscode-single-select', { class: 'mode-select', position: 'above', title: 'Ask answers; Agent runs a task with workspace tools' },
      h('vscode-option', { value: 'ask' }, 'Ask'),
      h('vscode-option', { value: 'agent' }, 'Agent')) as Select;
    // A property: vscode-single-select forwards it to its combobox's aria-label.
    this.select.label = 'Mode';
    this.budgetField = numberField('Budget (credits)', 'budget-input');
    this.budgetField.title = 'The most this task may spend; a request that would cross it is not sent';
    this.budgetWrap = h('span', { class: 'budget', hidden: true },
      h('span', { class: 'budget-label', 'aria-hidden': 'true' }, 'Budget'),
      this.budgetField);
    this.element = h('span', { class: 'agent-controls', hidden: true }, this.select, this.budgetWrap);

    this.select.addEventListener('change', () => {
      const mode: ChatMode = this.select.value === 'agent' ? 'agent' : 'ask';
      if (mode === this.mode) return;
      this.showMode(mode);
      this.onMode(mode);
    });
    this.budgetField.addEventListener('input', () => {
      this.budgetEdited = true;
      this.budgetField.invalid = false;
    });
  }

  get mode(): ChatMode {
    return this.settings?.mode ?? 'ask';
  }

  /** A mode chosen elsewhere on the page (Use Ask): as if picked here. */
  choose(mode: ChatMode): void {
    if (!this.settings || mode === this.mode) return;
    this.showMode(mode);
    this.onMode(mode);
  }

  /** The host's settings; absent while agent mode is not wired, and then nothing here shows. */
  update(settings: AgentSettingsView | undefined): void {
    this.element.hidden = !settings;
    if (!settings) {
      this.settings = undefined;
      return;
    }
    if (!this.budgetEdited) this.budgetField.value = String(settings.defaultBudget);
    this.settings = settings;
    this.showMode(settings.mode);
  }

  /**
   * The budget to send, or undefined (and the field marked invalid) when it is not a number in
   * range; the caller then does not send.
   */
  takeBudget(): number | undefined {
    const budget = parseBudget(this.budgetField.value);
    if (budget === undefined) {
      this.budgetField.invalid = true;
      this.budgetField.focus();
      return undefined;
    }
    return budget;
  }

  /** A task was sent: the next one starts from the default again. */
  resetBudget(): void {
    this.budgetEdited = false;
    this.budgetField.invalid = false;
    if (this.settings) this.budgetField.value = String(this.settings.defaultBudget);
  }

  private showMode(mode: ChatMode): void {
    if (this.settings) this.settings = { ...this.settings, mode };
    if (this.select.value !== mode) this.select.value = mode;
    this.budgetWrap.hidden = mode !== 'agent';
  }
}

export function numberField(label: string, className: string): NumberField {
  const field = h('vscode-textfield', { class: className, type: 'number', min: '0', step: 'any' }) as NumberField;
  field.label = label;
  return field;
}

/** A budget as typed: a finite number of credits, at least 0, within the host's bound. */
export function parseBudget(text: string): number | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= MAX_BUDGET ? value : undefined;
}
