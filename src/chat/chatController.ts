import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../gateway/types';
import { GatewayError } from '../gateway/errors';
import { assertNever, type ChatMessageView, type ContextChipView, type ConversationSummaryView, type CostView, type ErrorActionView, type ChatStateView, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import type { Log } from '../log/log';
import type { ChatBackend } from './chatBackend';
import type { ChatSurface, ChatSurfaceHandler } from './chatSurfaces';
import { newConversation, titleFrom, type ContextAttachment, type Conversation } from './conversation';
import type { ConversationStore } from './conversationStore';
import { DeltaCoalescer } from './deltaCoalescer';
import { errorView } from './errorView';
import { buildRequestMessages } from './requestMessages';
import type { ChatEditorActions } from './editorActions';

export type SlashCommand = (args: string) => Promise<{ markdown: string; cost?: CostView }>;

interface ActiveStream {
  messageId: string;
  abort: AbortController;
  done: Promise<void>;
}

const SAVE_EVERY_MS = 2000;

/**
 * Owns the transcript and the stream: the webviews only ask and display. Every surface (the
 * sidebar view, editor tabs) gets the same state and the same deltas.
 */
export class ChatController implements ChatSurfaceHandler, vscode.Disposable {
  private conversation: Conversation;
  private stream: ActiveStream | undefined;
  private reasoning = false;
  private remoteImagesAllowed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly loaded: Promise<void>;
  /** `/image …` and the like: a feature registers a handler; the chat shows what it returns. */
  private readonly slashCommands = new Map<string, SlashCommand>();
  private modelChange: Promise<void> = Promise.resolve();

  constructor(
    private readonly backend: ChatBackend,
    private readonly store: ConversationStore,
    private readonly surfaces: Set<ChatSurface>,
    private readonly editor: ChatEditorActions,
    private readonly state: vscode.Memento,
    private readonly log: Log,
    private readonly providerId: () => string,
  ) {
    this.conversation = newConversation(randomUUID(), providerId(), '', Date.now());
    this.loaded = this.restoreLast();
    this.subscriptions.push(
      backend.onDidChange(() => void this.sendState()),
      backend.onDidChangeCredits(() => this.broadcast({ type: 'credits', credits: backend.credits() })),
    );
  }

  private async restoreLast(): Promise<void> {
    const lastId = this.state.get<string>('switchboard.chat.lastConversation');
    const last = lastId ? await this.store.load(lastId) : undefined;
    if (last) {
      // A reply that was streaming when the window closed is kept, marked as stopped.
      for (const m of last.messages) if (m.status === 'streaming') m.status = 'stopped';
      this.conversation = last;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Surfaces
  // ------------------------------------------------------------------------------------------

  onReady(surface: ChatSurface): void {
    void this.sendState(surface);
  }

  onMessage(message: Exclude<WebviewToHost, { type: 'ready' }>): void {
    void this.handle(message).catch((err: unknown) => this.log.error(`Chat action ${message.type} failed: ${describeError(err)}`));
  }

  private async handle(message: Exclude<WebviewToHost, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'send':
        return this.send(message.text, message.reasoning);
      case 'stop':
        return this.stop();
      case 'retry':
        return this.retry();
      case 'editResend':
        return this.editResend(message.messageId, message.text);
      case 'pickModel':
        return this.pickModel(message.modelId);
      case 'setReasoning':
        this.reasoning = message.enabled;
        return;
      case 'estimate':
        return this.estimate(message.text);
      case 'newChat':
        return this.newChat();
      case 'switchConversation':
        return this.switchTo(message.id);
      case 'renameConversation':
        return this.rename(message.id, message.title);
      case 'deleteConversation':
        return this.deleteConversation(message.id);
      case 'exportConversation':
        return this.exportConversation(message.id);
      case 'addSelection':
        return void (await this.addSelection());
      case 'addFile':
        return void (await this.addFile());
      case 'removeContext':
        this.conversation.pendingContext = this.conversation.pendingContext.filter((c) => c.id !== message.id);
        this.broadcastContext();
        return this.save();
      case 'copyCode':
        return this.editor.copy(message.code);
      case 'insertCode':
        return this.editor.insertAtCursor(message.code);
      case 'newFile':
        return this.editor.newFile(message.code, message.language);
      case 'openLink':
        return this.editor.openLink(message.href);
      case 'runAction':
        return this.runAction(message.action);
      case 'allowRemoteImages':
        this.remoteImagesAllowed = true;
        this.broadcast({ type: 'remoteImagesAllowed' });
        return;
      default:
        assertNever(message);
    }
  }

  private broadcast(message: HostToWebview): void {
    for (const surface of this.surfaces) surface.post(message);
  }

  private async buildState(): Promise<ChatStateView> {
    await this.loaded;
    const [models, modelId, hasKey, conversations] = await Promise.all([
      this.backend.chatModels().catch(() => []),
      this.backend.currentChatModel(),
      this.backend.hasKey(),
      this.store.list(),
    ]);
    return {
      conversationId: this.conversation.id,
      title: this.conversation.title,
      messages: this.conversation.messages,
      models,
      modelId,
      credits: this.backend.credits(),
      context: this.conversation.pendingContext.map(stripContent),
      conversations: withCurrent(conversations, this.conversation),
      busy: !!this.stream,
      reasoning: this.reasoning,
      reasoningSupported: await this.backend.reasoningSupported(modelId),
      remoteImagesAllowed: this.remoteImagesAllowed,
      hasKey,
      providerLabel: this.backend.providerLabel(),
    };
  }

  private async sendState(surface?: ChatSurface): Promise<void> {
    const state = await this.buildState();
    if (surface) surface.post({ type: 'state', state });
    else this.broadcast({ type: 'state', state });
  }

  private broadcastContext(): void {
    this.broadcast({ type: 'context', context: this.conversation.pendingContext.map(stripContent) });
  }

  private async broadcastConversations(): Promise<void> {
    const list = await this.store.list();
    this.broadcast({ type: 'conversations', conversations: withCurrent(list, this.conversation), activeId: this.conversation.id });
  }

  // ------------------------------------------------------------------------------------------
  // Sending and streaming
  // ------------------------------------------------------------------------------------------

  get busy(): boolean {
    return !!this.stream;
  }

  /** Resolves when the current reply (if any) has finished; used by commands and tests. */
  async idle(): Promise<void> {
    await this.stream?.done;
  }

  get transcript(): readonly ChatMessageView[] {
    return this.conversation.messages;
  }

  registerSlashCommand(name: string, command: SlashCommand): vscode.Disposable {
    this.slashCommands.set(name, command);
    return new vscode.Disposable(() => this.slashCommands.delete(name));
  }

  /** `model` overrides the chat's model for this reply only (e.g. `switchboard.codeActions.model`). */
  async send(text: string, reasoning = this.reasoning, options: { model?: string } = {}): Promise<void> {
    await this.loaded;
    const slash = /^\/(\w+)\s*([\s\S]*)$/.exec(text.trim());
    const command = slash ? this.slashCommands.get(slash[1] ?? '') : undefined;
    if (command && slash) return this.runSlashCommand(text, command, (slash[2] ?? '').trim());
    if (this.stream) {
      void vscode.window.showInformationMessage('Switchboard is still answering. Stop it first, or wait for it to finish.');
      this.broadcast({ type: 'restoreDraft', text });
      return;
    }
    if (!(await this.backend.ensureKey())) {
      this.broadcast({ type: 'restoreDraft', text });
      return;
    }
    const model = options.model || (await this.chatModel());
    const attachments = this.conversation.pendingContext;
    const userMessage: ChatMessageView = {
      id: randomUUID(),
      role: 'user',
      text,
      status: 'done',
      createdAt: Date.now(),
      ...(attachments.length ? { context: attachments.map(stripContent) } : {}),
    };
    const prompt = buildRequestMessages([...this.conversation.messages, userMessage], { ...this.conversation.attachments, [userMessage.id]: attachments });
    if (!(await this.confirmCost(model, prompt))) {
      this.broadcast({ type: 'restoreDraft', text });
      return;
    }
    this.reasoning = reasoning;
    this.conversation.pendingContext = [];
    if (attachments.length) this.conversation.attachments[userMessage.id] = attachments;
    if (this.conversation.messages.length === 0) this.conversation.title = titleFrom(text);
    this.conversation.messages.push(userMessage);
    this.broadcast({ type: 'messageAdded', message: userMessage });
    this.broadcastContext();
    await this.reply(model, reasoning);
  }

  async retry(): Promise<void> {
    await this.loaded;
    if (this.stream) return;
    const messages = this.conversation.messages;
    if (messages.at(-1)?.role === 'assistant') messages.pop();
    if (messages.at(-1)?.role !== 'user') return;
    if (!(await this.backend.ensureKey())) return;
    await this.sendState();
    await this.reply(await this.chatModel(), this.reasoning);
  }

  async editResend(messageId: string, text: string): Promise<void> {
    await this.loaded;
    if (this.stream) return;
    const index = this.conversation.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    if (index < 0) return;
    // The edited message replaces itself and everything after it, keeping its attachments.
    this.conversation.pendingContext = this.conversation.attachments[messageId] ?? [];
    this.conversation.messages.splice(index);
    await this.sendState();
    await this.send(text, this.reasoning);
  }

  stop(): void {
    this.stream?.abort.abort();
  }

  /**
   * A slash command runs outside the model: its user message and its answer (markdown, e.g. an
   * image link to the saved file) go into the transcript like any other turn.
   */
  private async runSlashCommand(text: string, command: SlashCommand, args: string): Promise<void> {
    const userMessage: ChatMessageView = { id: randomUUID(), role: 'user', text, status: 'done', createdAt: Date.now() };
    const answer: ChatMessageView = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', createdAt: Date.now() };
    if (this.conversation.messages.length === 0) this.conversation.title = titleFrom(text);
    this.conversation.messages.push(userMessage, answer);
    this.broadcast({ type: 'messageAdded', message: userMessage });
    this.broadcast({ type: 'messageAdded', message: answer });
    try {
      const result = await command(args);
      answer.text = result.markdown;
      answer.status = 'done';
      if (result.cost) answer.cost = result.cost;
    } catch (err) {
      answer.status = 'error';
      answer.error = errorView(err);
    }
    if (answer.text) this.broadcast({ type: 'messageDelta', id: answer.id, text: answer.text });
    this.broadcast({ type: 'messageUpdated', id: answer.id, status: answer.status, ...(answer.cost ? { cost: answer.cost } : {}), ...(answer.error ? { error: answer.error } : {}) });
    this.broadcast({ type: 'credits', credits: this.backend.credits() });
    await this.save();
  }

  private async confirmCost(model: string, prompt: ChatMessage[]): Promise<boolean> {
    const estimate = await this.backend.estimate(model, prompt).catch(() => undefined);
    if (!estimate?.exceedsBalance) return true;
    const credits = this.backend.credits();
    const choice = await vscode.window.showWarningMessage(
      `This message may cost ${estimate.label.replace(/^≈\s*/, '')}, more than the ${formatNumber(credits?.balance ?? 0)} credits you have left.`,
      { modal: true, detail: 'The gateway may refuse it with an insufficient-credits error.' },
      'Send Anyway',
    );
    return choice === 'Send Anyway';
  }

  private async reply(model: string, reasoning: boolean): Promise<void> {
    const assistant: ChatMessageView = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', model, createdAt: Date.now() };
    const prompt = buildRequestMessages(this.conversation.messages, this.conversation.attachments);
    this.conversation.messages.push(assistant);
    this.conversation.model = model;
    this.broadcast({ type: 'messageAdded', message: assistant });
    this.broadcast({ type: 'busy', busy: true });
    const abort = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.stream = { messageId: assistant.id, abort, done };
    await this.save();
    void this.broadcastConversations();

    const coalescer = new DeltaCoalescer((text, reasoningText) =>
      this.broadcast({ type: 'messageDelta', id: assistant.id, ...(text ? { text } : {}), ...(reasoningText ? { reasoning: reasoningText } : {}) }),
    );
    let lastSave = Date.now();
    const result = await this.backend.runTurn(
      { model, messages: prompt, reasoning, signal: abort.signal },
      {
        onText: (text) => {
          assistant.text += text;
          coalescer.pushText(text);
        },
        onReasoning: (text) => {
          assistant.reasoning = (assistant.reasoning ?? '') + text;
          coalescer.pushReasoning(text);
        },
        onEvent: () => {
          if (Date.now() - lastSave > SAVE_EVERY_MS) {
            lastSave = Date.now();
            void this.save();
          }
        },
      },
    );
    coalescer.flush();
    coalescer.dispose();
    assistant.status = result.status === 'failed' ? 'error' : result.status === 'stopped' ? 'stopped' : 'done';
    if (result.status === 'failed') {
      assistant.error = errorView(result.error);
      this.log.warn(`Chat reply failed (${model}): ${describeError(result.error)}`);
    }
    const cost = result.cost;
    if (cost) assistant.cost = cost;
    this.stream = undefined;
    this.conversation.updatedAt = Date.now();
    this.broadcast({ type: 'messageUpdated', id: assistant.id, status: assistant.status, ...(cost ? { cost } : {}), ...(assistant.error ? { error: assistant.error } : {}) });
    this.broadcast({ type: 'busy', busy: false });
    this.broadcast({ type: 'credits', credits: this.backend.credits() });
    await this.save();
    finish();
  }

  private async estimate(text: string): Promise<void> {
    if (!text.trim()) {
      this.broadcast({ type: 'estimate', estimate: undefined });
      return;
    }
    const model = await this.chatModel();
    const draft: ChatMessageView = { id: 'draft', role: 'user', text, status: 'done', createdAt: Date.now() };
    const prompt = buildRequestMessages([...this.conversation.messages, draft], { ...this.conversation.attachments, draft: this.conversation.pendingContext });
    const estimate = await this.backend.estimate(model, prompt).catch(() => undefined);
    this.broadcast({ type: 'estimate', estimate });
  }

  // ------------------------------------------------------------------------------------------
  // Models, context, conversations
  // ------------------------------------------------------------------------------------------

  /**
   * The picker shows the new model at once, so a message sent right after must use it: sends wait
   * for the pick (settings are written asynchronously) before reading the model.
   */
  private pickModel(modelId: string): Promise<void> {
    this.modelChange = this.modelChange.then(async () => {
      const models = await this.backend.chatModels();
      if (!models.some((m) => m.id === modelId)) {
        this.log.warn(`Ignored a pick of unknown model ${JSON.stringify(modelId.slice(0, 80))}`);
        return;
      }
      await this.backend.setChatModel(modelId);
    }).catch((err: unknown) => this.log.error(`Could not switch model: ${describeError(err)}`));
    return this.modelChange;
  }

  private async chatModel(): Promise<string> {
    await this.modelChange;
    return this.backend.currentChatModel();
  }

  async addSelection(): Promise<boolean> {
    const attachment = this.editor.selectionAttachment();
    if (!attachment) {
      void vscode.window.showInformationMessage('Select some code in an editor first, then add it to the chat.');
      return false;
    }
    this.addContext(attachment);
    return true;
  }

  async addFile(uri?: vscode.Uri): Promise<boolean> {
    const attachment = await this.editor.fileAttachment(uri);
    if (!attachment) return false;
    this.addContext(attachment);
    return true;
  }

  addContext(attachment: ContextAttachment): void {
    this.conversation.pendingContext = [...this.conversation.pendingContext.filter((c) => c.label !== attachment.label), attachment];
    this.broadcastContext();
    void this.save();
  }

  async newChat(): Promise<void> {
    await this.loaded;
    if (this.stream) this.stop();
    await this.stream?.done;
    if (this.conversation.messages.length) await this.save();
    this.conversation = newConversation(randomUUID(), this.providerId(), await this.chatModel(), Date.now());
    await this.state.update('switchboard.chat.lastConversation', this.conversation.id);
    await this.sendState();
    this.broadcast({ type: 'focusComposer' });
  }

  private async switchTo(id: string): Promise<void> {
    if (id === this.conversation.id) return;
    const next = await this.store.load(id);
    if (!next) {
      void vscode.window.showWarningMessage('That conversation could not be opened; it may have been deleted in another window.');
      await this.broadcastConversations();
      return;
    }
    if (this.stream) this.stop();
    await this.stream?.done;
    for (const m of next.messages) if (m.status === 'streaming') m.status = 'stopped';
    this.conversation = next;
    await this.state.update('switchboard.chat.lastConversation', id);
    await this.sendState();
  }

  private async rename(id: string, title: string): Promise<void> {
    const target = id === this.conversation.id ? this.conversation : await this.store.load(id);
    if (!target) return;
    target.title = title.trim().slice(0, 200) || target.title;
    await this.store.save(target);
    if (target === this.conversation) await this.sendState();
    else await this.broadcastConversations();
  }

  private async deleteConversation(id: string): Promise<void> {
    const summary = (await this.store.list()).find((c) => c.id === id);
    const title = id === this.conversation.id ? this.conversation.title : summary?.title ?? 'this conversation';
    const choice = await vscode.window.showWarningMessage(`Delete "${title}"?`, { modal: true, detail: 'This cannot be undone.' }, 'Delete');
    if (choice !== 'Delete') return;
    await this.store.delete(id);
    if (id === this.conversation.id) {
      this.conversation.messages = [];
      await this.newChat();
    } else {
      await this.broadcastConversations();
    }
  }

  private async exportConversation(id: string): Promise<void> {
    const target = id === this.conversation.id ? this.conversation : await this.store.load(id);
    if (target) await this.editor.exportMarkdown(target);
  }

  private async runAction(action: ErrorActionView): Promise<void> {
    switch (action) {
      case 'set-key':
        await vscode.commands.executeCommand('switchboard.setApiKey');
        return;
      case 'pick-model':
        await vscode.commands.executeCommand('switchboard.selectModel');
        return;
      case 'retry':
        return this.retry();
      case 'check-base-url':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.baseUrl');
        return;
      case 'wait-or-top-up':
      case 'upgrade-plan': {
        const credits = this.backend.credits();
        const reset = credits?.nextResetAt ? ` Credits reset at ${new Date(credits.nextResetAt).toLocaleTimeString()}.` : '';
        void vscode.window.showInformationMessage(
          action === 'upgrade-plan' ? `This model needs a higher plan on ${this.backend.providerLabel()}. Pick another model or upgrade your plan.` : `You are out of credits on ${this.backend.providerLabel()}.${reset} You can also top up or upgrade your plan.`,
        );
        return;
      }
      case 'fix-request':
        await vscode.commands.executeCommand('switchboard.showLog');
        return;
      case 'none':
        return;
      default:
        assertNever(action);
    }
  }

  private async save(): Promise<void> {
    this.conversation.updatedAt = Date.now();
    try {
      await this.store.save(this.conversation);
      await this.state.update('switchboard.chat.lastConversation', this.conversation.id);
    } catch (err) {
      this.log.error(`Could not save the conversation: ${describeError(err)}`);
    }
  }

  dispose(): void {
    this.stream?.abort.abort();
    for (const s of this.subscriptions) s.dispose();
  }
}

function stripContent(attachment: ContextAttachment): ContextChipView {
  const { content: _content, ...chip } = attachment;
  return chip;
}

function withCurrent(list: ConversationSummaryView[], current: Conversation): ConversationSummaryView[] {
  const others = list.filter((c) => c.id !== current.id);
  return current.messages.length ? [{ id: current.id, title: current.title, updatedAt: current.updatedAt, messageCount: current.messages.length }, ...others] : others;
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function describeError(err: unknown): string {
  if (err instanceof GatewayError) return `${err.kind}: ${err.explanation}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
