import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ConversationSummaryView, WebviewToHost } from '../../../src/shared/protocol';
import { button, h } from './dom';

type Post = (message: WebviewToHost) => void;

/**
 * The conversation menu: a toggle button and a panel listing saved conversations with switch,
 * rename, export and delete. Webviews cannot show `confirm()`/`prompt()` dialogs, so rename and
 * delete confirm inline in the row.
 */
export class ConversationMenu {
  readonly toggle: HTMLElement;
  readonly newChat: HTMLElement;
  readonly panel: HTMLElement;
  private readonly list: HTMLElement;
  private conversations: ConversationSummaryView[] = [];
  private activeId = '';
  /** The row being renamed or asked to confirm a delete; survives list refreshes from the host. */
  private pending: { id: string; mode: 'rename' | 'delete' } | undefined;

  constructor(private readonly post: Post) {
    this.toggle = button({ label: 'Conversations', icon: 'history', className: 'header-action', onClick: () => this.setOpen(this.panel.hidden) });
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', 'conversation-panel');
    this.newChat = button({ label: 'New Chat', icon: 'add', className: 'header-action', onClick: () => this.post({ type: 'newChat' }) });
    this.list = h('ul', { class: 'conversation-list', 'aria-label': 'Saved conversations' });
    this.panel = h('section', { id: 'conversation-panel', class: 'conversation-panel', 'aria-label': 'Conversations', hidden: true },
      h('div', { class: 'conversation-panel-header' },
        h('span', { class: 'conversation-panel-title' }, 'Conversations'),
        button({ text: 'New Chat', icon: 'add', secondary: true, onClick: () => {
          this.post({ type: 'newChat' });
          this.setOpen(false);
        } })),
      this.list);
    this.panel.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape') return;
      // Closing the menu is what Escape means here; it must not also stop a streaming reply.
      ev.preventDefault();
      ev.stopPropagation();
      if (this.pending) {
        this.pending = undefined;
        this.render();
      } else {
        this.setOpen(false);
        this.toggle.focus();
      }
    });
  }

  update(conversations: ConversationSummaryView[], activeId: string): void {
    this.conversations = conversations;
    this.activeId = activeId;
    if (this.pending && !conversations.some((c) => c.id === this.pending?.id)) this.pending = undefined;
    this.render();
  }

  setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (!open) this.pending = undefined;
    this.render();
  }

  private render(): void {
    if (this.panel.hidden) return;
    if (this.conversations.length === 0) {
      this.list.replaceChildren(h('li', { class: 'conversation-empty' }, 'No saved conversations yet'));
      return;
    }
    const sorted = [...this.conversations].sort((a, b) => b.updatedAt - a.updatedAt);
    this.list.replaceChildren(...sorted.map((c) => this.renderRow(c)));
  }

  private renderRow(c: ConversationSummaryView): HTMLElement {
    const active = c.id === this.activeId;
    const row = h('li', { class: `conversation-row${active ? ' active' : ''}`, 'aria-current': active ? 'true' : undefined });
    if (this.pending?.id === c.id && this.pending.mode === 'rename') {
      row.append(this.renderRename(c));
      return row;
    }
    if (this.pending?.id === c.id && this.pending.mode === 'delete') {
      row.append(
        h('span', { class: 'conversation-confirm' }, `Delete “${c.title}”?`),
        button({ text: 'Delete', onClick: () => {
          this.pending = undefined;
          this.post({ type: 'deleteConversation', id: c.id });
        } }),
        button({ text: 'Cancel', secondary: true, onClick: () => {
          this.pending = undefined;
          this.render();
        } }),
      );
      return row;
    }
    const open = h('button', { class: 'conversation-open', type: 'button', title: c.title },
      h('span', { class: 'conversation-title' }, c.title),
      h('span', { class: 'conversation-meta' }, `${c.messageCount} message${c.messageCount === 1 ? '' : 's'} · ${new Date(c.updatedAt).toLocaleString()}`));
    open.addEventListener('click', () => {
      if (!active) this.post({ type: 'switchConversation', id: c.id });
      this.setOpen(false);
    });
    row.append(
      open,
      button({ label: `Rename ${c.title}`, icon: 'edit', className: 'row-action', onClick: () => this.startPending(c.id, 'rename') }),
      button({ label: `Export ${c.title}`, icon: 'export', className: 'row-action', onClick: () => this.post({ type: 'exportConversation', id: c.id }) }),
      button({ label: `Delete ${c.title}`, icon: 'trash', className: 'row-action', onClick: () => this.startPending(c.id, 'delete') }),
    );
    return row;
  }

  private renderRename(c: ConversationSummaryView): HTMLElement {
    const field = h('vscode-textfield', { class: 'conversation-rename' }) as HTMLElement & { value: string; label: string };
    // A property, not an attribute: it becomes the inner input's aria-label.
    field.label = `New name for ${c.title}`;
    field.value = c.title;
    const commit = () => {
      const title = field.value.trim();
      this.pending = undefined;
      if (title && title !== c.title) this.post({ type: 'renameConversation', id: c.id, title: title.slice(0, 200) });
      this.render();
    };
    field.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        commit();
      }
    });
    queueMicrotask(() => field.focus());
    return h('div', { class: 'conversation-rename-row' },
      field,
      button({ text: 'Save', onClick: commit }),
      button({ text: 'Cancel', secondary: true, onClick: () => {
        this.pending = undefined;
        this.render();
      } }));
  }

  private startPending(id: string, mode: 'rename' | 'delete'): void {
    this.pending = { id, mode };
    this.render();
  }
}
