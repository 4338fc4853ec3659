import type { ChatStateView, WebviewToHost } from '../../../src/shared/protocol';
import { ConversationMenu } from './conversations';
import { CreditsCounter } from './credits';
import { h } from './dom';
import { ModelPicker } from './modelPicker';

/** Model picker, credit counter and conversation menu. */
export class Header {
  readonly element: HTMLElement;
  readonly picker: ModelPicker;
  readonly credits: CreditsCounter;
  readonly conversations: ConversationMenu;
  private readonly title: HTMLElement;

  constructor(post: (message: WebviewToHost) => void) {
    this.picker = new ModelPicker((modelId) => post({ type: 'pickModel', modelId }));
    this.credits = new CreditsCounter();
    this.conversations = new ConversationMenu(post);
    this.title = h('h1', { class: 'conversation-heading' });
    this.element = h('header', { class: 'chat-header' },
      h('div', { class: 'header-row' },
        this.picker.element,
        h('div', { class: 'header-actions' }, this.conversations.toggle, this.conversations.newChat)),
      h('div', { class: 'header-row secondary' }, this.credits.element, this.title),
      this.conversations.panel);
  }

  render(state: ChatStateView): void {
    this.picker.update(state.models, state.modelId);
    this.credits.update(state.credits);
    this.conversations.update(state.conversations, state.conversationId);
    this.renderTitle(state);
  }

  renderTitle(state: ChatStateView): void {
    this.title.textContent = state.title;
    this.title.title = state.title;
  }
}
