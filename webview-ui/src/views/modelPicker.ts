import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { ModelKindView, ModelView } from '../../../src/shared/protocol';
import { chatModels } from '../store';
import { h, icon, setAttr } from './dom';

const KIND_LABELS: Record<ModelKindView, string> = {
  chat: 'Chat models',
  image: 'Image models',
  video: 'Video models',
  embedding: 'Embedding models',
};

/**
 * A searchable combobox (ARIA 1.2 pattern: the text input owns a listbox through
 * aria-activedescendant). vscode-single-select can only show plain-text options, and the picker
 * needs kind groups, rates and Pro badges, so the list is our own; the input is styled like
 * vscode-textfield from theme variables.
 */
export class ModelPicker {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly listbox: HTMLElement;
  private models: ModelView[] = [];
  private selectedId = '';
  /** Options currently shown, in display order; `active` indexes into it. */
  private visible: { model: ModelView; el: HTMLElement }[] = [];
  private active = -1;
  private open = false;

  constructor(private readonly onPick: (modelId: string) => void) {
    this.input = h('input', {
      type: 'text',
      class: 'model-input',
      role: 'combobox',
      'aria-label': 'Model',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'model-listbox',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'Search models',
    });
    this.listbox = h('div', { id: 'model-listbox', class: 'model-listbox', role: 'listbox', 'aria-label': 'Models', hidden: true });
    const toggle = h('span', { class: 'model-toggle' }, icon('chevron-down'));
    this.element = h('div', { class: 'model-picker' }, this.input, toggle, this.listbox);

    this.input.addEventListener('input', () => this.filter(this.input.value));
    this.input.addEventListener('focus', () => this.input.select());
    this.input.addEventListener('click', () => {
      if (!this.open) this.show('');
    });
    this.input.addEventListener('blur', () => this.close());
    this.input.addEventListener('keydown', (ev) => this.onKey(ev));
    toggle.addEventListener('mousedown', (ev) => {
      // Keep focus in the input so blur does not close the list we are opening.
      ev.preventDefault();
      if (this.open) this.close();
      else {
        this.input.focus();
        this.show('');
      }
    });
    // mousedown, not click: the input's blur would otherwise close the list before the click lands.
    this.listbox.addEventListener('mousedown', (ev) => {
      ev.preventDefault();
      const option = (ev.target as Element).closest<HTMLElement>('[role="option"]');
      const index = this.visible.findIndex((v) => v.el === option);
      if (index >= 0) this.pick(index);
    });
  }

  update(models: readonly ModelView[], modelId: string): void {
    this.models = chatModels(models);
    this.selectedId = modelId;
    if (this.open) this.filter(this.input.value);
    else this.input.value = this.labelOf(modelId);
    setAttr(this.input, 'title', this.describe(modelId));
  }

  focus(): void {
    this.input.focus();
  }

  /** Focused with every model listed, as a click on it does. */
  openList(): void {
    this.input.focus();
    this.show('');
  }

  private labelOf(modelId: string): string {
    return this.models.find((m) => m.id === modelId)?.displayName ?? modelId;
  }

  private describe(modelId: string): string {
    const model = this.models.find((m) => m.id === modelId);
    if (!model) return modelId;
    return [model.displayName, model.rateLabel, model.pro ? 'Pro' : undefined].filter(Boolean).join(' · ');
  }

  private show(pattern: string): void {
    this.open = true;
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.renderOptions(pattern);
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.input.value = this.labelOf(this.selectedId);
  }

  private filter(pattern: string): void {
    if (!this.open) {
      this.open = true;
      this.listbox.hidden = false;
      this.input.setAttribute('aria-expanded', 'true');
    }
    this.renderOptions(pattern);
  }

  private renderOptions(pattern: string): void {
    const needle = pattern.trim().toLowerCase();
    const matches = this.models.filter(
      (m) => !needle || m.displayName.toLowerCase().includes(needle) || m.id.toLowerCase().includes(needle),
    );
    this.visible = [];
    const groups: HTMLElement[] = [];
    for (const kind of Object.keys(KIND_LABELS) as ModelKindView[]) {
      const inKind = matches.filter((m) => m.kind === kind);
      if (inKind.length === 0) continue;
      const headingId = `model-group-${kind}`;
      const group = h('div', { role: 'group', class: 'model-group', 'aria-labelledby': headingId },
        h('div', { id: headingId, class: 'model-group-label', 'aria-hidden': 'true' }, KIND_LABELS[kind]));
      for (const model of inKind) {
        const el = this.renderOption(model, this.visible.length);
        this.visible.push({ model, el });
        group.append(el);
      }
      groups.push(group);
    }
    if (groups.length === 0) groups.push(h('div', { class: 'model-empty' }, needle ? 'No matching models' : 'No chat models'));
    this.listbox.replaceChildren(...groups);
    const selected = this.visible.findIndex((v) => v.model.id === this.selectedId);
    this.setActive(needle ? (this.visible.length > 0 ? 0 : -1) : selected);
  }

  private renderOption(model: ModelView, index: number): HTMLElement {
    const selected = model.id === this.selectedId;
    return h('div', {
      id: `model-option-${index}`,
      role: 'option',
      class: 'model-option',
      'aria-selected': selected ? 'true' : 'false',
      title: model.id,
    },
    h('span', { class: 'model-check' }, selected ? icon('check') : null),
    h('span', { class: 'model-name' }, model.displayName),
    model.rateLabel ? h('span', { class: 'model-rate' }, model.rateLabel) : null,
    model.pro ? h('vscode-badge', { class: 'model-pro' }, 'Pro') : null);
  }

  private setActive(index: number): void {
    this.visible[this.active]?.el.classList.remove('active');
    this.active = index;
    const current = this.visible[index];
    if (!current) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    current.el.classList.add('active');
    this.input.setAttribute('aria-activedescendant', current.el.id);
    current.el.scrollIntoView({ block: 'nearest' });
  }

  private pick(index: number): void {
    const choice = this.visible[index];
    if (!choice) return;
    const changed = choice.model.id !== this.selectedId;
    this.selectedId = choice.model.id;
    this.close();
    if (changed) this.onPick(choice.model.id);
  }

  private onKey(ev: KeyboardEvent): void {
    switch (ev.key) {
      case 'ArrowDown':
        ev.preventDefault();
        if (!this.open) this.show('');
        else this.setActive(Math.min(this.active + 1, this.visible.length - 1));
        break;
      case 'ArrowUp':
        ev.preventDefault();
        if (!this.open) this.show('');
        else this.setActive(Math.max(this.active - 1, 0));
        break;
      case 'Home':
      case 'End':
        if (!this.open) return;
        ev.preventDefault();
        this.setActive(ev.key === 'Home' ? 0 : this.visible.length - 1);
        break;
      case 'Enter':
        if (!this.open) return;
        ev.preventDefault();
        this.pick(this.active);
        break;
      case 'Escape':
        if (!this.open) return;
        // Handled here: Escape elsewhere stops the reply, which is not what closing a list means.
        ev.preventDefault();
        ev.stopPropagation();
        this.close();
        break;
      case 'Tab':
        this.close();
        break;
    }
  }
}
