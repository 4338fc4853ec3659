import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../gateway/types';
import type { TurnCallbacks, TurnEstimate, TurnResult } from '../gateway/turnRunner';
import type { ChatMessageView, ChatStateView, HostToWebview, TranscriptView } from '../shared/protocol';
import { messageUpdated, newConversation, titleFrom, type ContextAttachment, type Conversation } from './conversation';
import { opened, overspendText, stripContent, withCurrent, type ChatSessionDeps, type Post, type SlashCommand } from './sessionPorts';
import { DeltaCoalescer } from './deltaCoalescer';
import { errorView } from '../errors/errorActions';
import { buildRequestMessages } from './requestMessages';
import { RemoteImageGate } from './remoteImageGate';
import { runSlashTurn } from './slashTurn';
import { AgentMode } from './agentMode';

const LAST_CONVERSATION = 'switchboard.chat.lastConversation';
const SAVE_EVERY_MS = 2000;

/**
 * The chat without the editor: the transcript, the reply's lifecycle (send, stream, stop, retry,
 * edit & resend, slash commands), model picks and persistence. It tells the surfaces what changed
 * through `broadcast`, or through the asking surface's `reply` for what only it asked.
 */
export class ChatSession {
  private conversation: Conversation;
  private stream: { abort: AbortController; done: Promise<void> } | undefined;
  private reasoning = false;
  private readonly remoteImages: RemoteImageGate;
  private modelChange: Promise<void> = Promise.resolve();
  private readonly slashCommands = new Map<string, SlashCommand>();
  private readonly deleted = new Set<string>();
  private saving: Promise<void> = Promise.resolve();
  readonly loaded: Promise<void>;
  /** Agent mode, when the editor lends it a workspace (the chat works without). */
  readonly agent: AgentMode | undefined;

  constructor(private readonly deps: ChatSessionDeps) {
    this.conversation = newConversation(randomUUID(), deps.backend.providerId(), '', Date.now());
    this.remoteImages = new RemoteImageGate(deps.remoteImagePolicy ?? (() => 'ask'));
    this.loaded = this.restoreLast();
    const host = { conversation: () => this.conversation, broadcast: deps.broadcast, save: () => this.save(), begin: () => this.begin(), backend: deps.backend, memory: deps.memory, log: deps.log, notify: deps.prompts.notify };
    this.agent = deps.agent && new AgentMode(deps.agent, host);
  }

  private async restoreLast(): Promise<void> {
    const lastId = this.deps.memory.get<string>(LAST_CONVERSATION);
    const last = lastId ? await this.deps.store.load(lastId) : undefined;
    if (last) this.conversation = opened(last);
  }

  get busy(): boolean {
    return !!this.stream;
  }
  get conversationId(): string {
    return this.conversation.id;
  }

  get transcript(): readonly ChatMessageView[] {
    return this.conversation.messages;
  }

  /** Resolves when the current reply (if any) has finished; used by commands and tests. */
  async idle(): Promise<void> {
    await this.stream?.done;
  }

  /** `/image …` and the like: a feature registers a handler; the chat shows what it returns. */
  registerSlashCommand(name: string, command: SlashCommand): { dispose(): void } {
    this.slashCommands.set(name, command);
    return { dispose: () => void this.slashCommands.delete(name) };
  }

  // ------------------------------------------------------------------------------------------
  // What the surfaces show
  // ------------------------------------------------------------------------------------------

  async state(): Promise<ChatStateView> {
    await this.loaded;
    const [models, conversations] = await Promise.all([this.modelsMessage(), this.deps.store.list()]);
    const { type: _type, ...modelState } = models;
    return {
      ...this.transcriptState(),
      ...modelState,
      credits: this.deps.backend.credits(),
      conversations: withCurrent(conversations, this.conversation),
      remoteImages: this.remoteImages.view(),
      ...(this.agent ? { agent: this.agent.settingsView() } : {}),
    };
  }

  /** Model list, selection, key and provider: what a settings, key or model-list change touches. */
  async modelsMessage(): Promise<Extract<HostToWebview, { type: 'models' }>> {
    const backend = this.deps.backend;
    const [models, modelId, hasKey] = await Promise.all([backend.chatModels().catch(() => []), backend.currentChatModel(), backend.hasKey()]);
    return { type: 'models', models, modelId, reasoningSupported: await backend.reasoningSupported(modelId), hasKey, providerLabel: backend.providerLabel() };
  }

  private transcriptState(): TranscriptView {
    const c = this.conversation;
    // A copy: what was posted must not change as the transcript grows (VS Code serializes later).
    return { conversationId: c.id, title: c.title, messages: [...c.messages], context: c.pendingContext.map(stripContent), busy: !!this.stream, reasoning: this.reasoning, tasks: [...(c.tasks ?? [])] };
  }

  private sendTranscript(): void {
    this.deps.broadcast({ type: 'transcript', transcript: this.transcriptState() });
  }

  async sendConversations(): Promise<void> {
    const list = await this.deps.store.list();
    this.deps.broadcast({ type: 'conversations', conversations: withCurrent(list, this.conversation), activeId: this.conversation.id });
  }

  private sendContext(): void {
    this.deps.broadcast({ type: 'context', context: this.conversation.pendingContext.map(stripContent) });
  }

  setReasoning(enabled: boolean): void {
    this.reasoning = enabled;
  }

  /** Allows one image link (never all of them); refused under "never" or for a non-http(s) URL. */
  allowRemoteImages(url: string | undefined): void {
    const allowed = this.remoteImages.allow(url);
    if (allowed) this.deps.broadcast(allowed);
  }

  // ------------------------------------------------------------------------------------------
  // Sending and streaming
  // ------------------------------------------------------------------------------------------

  /** `model` overrides the chat's model for this reply only (e.g. `switchboard.codeActions.model`). */
  async send(text: string, options: { reasoning?: boolean; model?: string; reply?: Post; budget?: number } = {}): Promise<void> {
    await this.loaded;
    const reply = options.reply ?? this.deps.broadcast;
    const slash = /^\/(\w+)\s*([\s\S]*)$/.exec(text.trim());
    const command = slash ? this.slashCommands.get(slash[1] ?? '') : undefined;
    if (command && slash) return this.runSlashCommand(text, command, (slash[2] ?? '').trim());
    if (this.stream) {
      this.deps.prompts.notify('Switchboard is still answering. Stop it first, or wait for it to finish.');
      reply({ type: 'restoreDraft', text });
      return;
    }
    if (!(await this.deps.backend.ensureKey())) {
      reply({ type: 'restoreDraft', text });
      return;
    }
    const reasoning = options.reasoning ?? this.reasoning;
    const model = options.model || (await this.chatModel());
    if (this.agent?.mode === 'agent' && !options.model) return this.agent.send(text, model, { reasoning, ...(options.budget !== undefined ? { budget: options.budget } : {}) });
    const attachments = this.conversation.pendingContext;
    const user: ChatMessageView = { id: randomUUID(), role: 'user', text, status: 'done', createdAt: Date.now(), ...(attachments.length ? { context: attachments.map(stripContent) } : {}) };
    const prompt = buildRequestMessages([...this.conversation.messages, user], { ...this.conversation.attachments, [user.id]: attachments });
    const sent = await this.reply(model, reasoning, prompt, {
      beforeSend: this.affordable,
      onStart: () => {
        this.reasoning = reasoning;
        this.conversation.pendingContext = [];
        if (attachments.length) this.conversation.attachments[user.id] = attachments;
        if (this.conversation.messages.length === 0) this.conversation.title = titleFrom(text);
        this.conversation.messages.push(user);
        this.deps.broadcast({ type: 'messageAdded', message: user });
        this.sendContext();
      },
    });
    if (!sent) reply({ type: 'restoreDraft', text });
  }

  /** Asks like Send does; the old reply goes only once the new request is on its way. */
  async retry(): Promise<void> {
    await this.loaded;
    if (this.stream) return;
    const messages = this.conversation.messages;
    const question = messages.at(-1)?.role === 'assistant' ? messages.slice(0, -1) : messages;
    if (question.at(-1)?.role !== 'user') return;
    if (!(await this.deps.backend.ensureKey())) return;
    await this.reply(await this.chatModel(), this.reasoning, buildRequestMessages(question, this.conversation.attachments), {
      beforeSend: this.affordable,
      onStart: () => {
        if (messages !== question) messages.pop();
        this.sendTranscript();
      },
    });
  }

  /** More than the last known balance asks first, for every request the chat makes. */
  private readonly affordable = (estimate: TurnEstimate): boolean | Promise<boolean> =>
    estimate.affordability !== 'no' || this.deps.prompts.confirmOverspend(overspendText(estimate, this.deps.backend.credits()));

  async editResend(messageId: string, text: string, reply?: Post): Promise<void> {
    await this.loaded;
    if (this.stream) return;
    const index = this.conversation.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    if (index < 0) return;
    // The edited message replaces itself and everything after it, keeping its attachments.
    this.conversation.pendingContext = this.conversation.attachments[messageId] ?? [];
    this.conversation.messages.splice(index);
    this.sendTranscript();
    await this.send(text, { ...(reply ? { reply } : {}) });
  }

  stop(): void {
    this.stream?.abort.abort();
  }

  /**
   * Streams one reply into a new assistant message through the turn runner. False when the turn
   * was declined before anything was sent (nothing is added to the transcript then).
   */
  private begin(): { signal: AbortSignal; finish(): void } {
    let done!: () => void;
    const slot = { abort: new AbortController(), done: new Promise<void>((resolve) => (done = resolve)) };
    this.stream = slot;
    return { signal: slot.abort.signal, finish: () => ((this.stream = this.stream === slot ? undefined : this.stream), done()) };
  }

  private async reply(model: string, reasoning: boolean, prompt: ChatMessage[], gate: Pick<TurnCallbacks, 'beforeSend' | 'onStart'> = {}): Promise<boolean> {
    const { signal, finish } = this.begin();
    const assistant: ChatMessageView = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', model, createdAt: Date.now() };
    const coalescer = new DeltaCoalescer((text, thought) =>
      this.deps.broadcast({ type: 'messageDelta', id: assistant.id, ...(text ? { text } : {}), ...(thought ? { reasoning: thought } : {}) }),
    );
    let lastSave = Date.now();
    let result: TurnResult;
    try {
      result = await this.deps.backend.runTurn(
        { model, messages: prompt, reasoning, signal },
        {
          ...(gate.beforeSend ? { beforeSend: gate.beforeSend } : {}),
          onStart: () => {
            gate.onStart?.();
            this.conversation.messages.push(assistant);
            this.conversation.model = model;
            this.deps.broadcast({ type: 'messageAdded', message: assistant });
            this.deps.broadcast({ type: 'busy', busy: true });
            void this.save().then(() => this.sendConversations());
          },
          onText: (text) => {
            assistant.text += text;
            coalescer.pushText(text);
          },
          onReasoning: (text) => {
            assistant.reasoning = (assistant.reasoning ?? '') + text;
            coalescer.pushReasoning(text);
          },
          onEvent: () => {
            if (Date.now() - lastSave < SAVE_EVERY_MS) return;
            lastSave = Date.now();
            void this.save();
          },
        },
      );
    } finally {
      coalescer.flush();
      coalescer.dispose();
    }
    this.stream = undefined;
    if (result.status === 'declined') return (finish(), false);
    assistant.status = result.status === 'failed' ? 'error' : result.status === 'stopped' ? 'stopped' : 'done';
    if (result.status === 'failed') {
      assistant.error = errorView(result.error);
      this.deps.log.warn(`Chat reply failed (${model}): ${assistant.error.kind}: ${assistant.error.explanation}`);
    }
    if (result.cost) assistant.cost = result.cost;
    this.deps.broadcast(messageUpdated(assistant));
    this.deps.broadcast({ type: 'busy', busy: false });
    this.deps.broadcast({ type: 'credits', credits: this.deps.backend.credits() });
    await this.save();
    finish();
    return true;
  }

  private async runSlashCommand(text: string, command: SlashCommand, args: string): Promise<void> {
    await runSlashTurn(this.conversation, { text, command, args }, this.deps.broadcast, () => this.deps.backend.credits());
    await this.save();
  }

  /** The cost of sending `text` now, for the asking surface only. */
  async estimate(text: string, reply: Post = this.deps.broadcast): Promise<void> {
    if (!text.trim()) return reply({ type: 'estimate', estimate: undefined });
    const draft: ChatMessageView = { id: 'draft', role: 'user', text, status: 'done', createdAt: Date.now() };
    const prompt = buildRequestMessages([...this.conversation.messages, draft], { ...this.conversation.attachments, draft: this.conversation.pendingContext });
    const estimate = await this.deps.backend.estimate(await this.chatModel(), prompt).catch(() => undefined);
    reply({ type: 'estimate', estimate });
  }

  // ------------------------------------------------------------------------------------------
  // Models, context, conversations
  // ------------------------------------------------------------------------------------------

  /**
   * The picker shows the new model at once, so a message sent right after must use it: sends wait
   * for the pick (settings are written asynchronously) before reading the model.
   */
  pickModel(modelId: string): Promise<void> {
    this.modelChange = this.modelChange
      .then(async () => {
        if (!(await this.deps.backend.chatModels()).some((m) => m.id === modelId)) {
          this.deps.log.warn(`Ignored a pick of unknown model ${JSON.stringify(modelId.slice(0, 80))}`);
          return;
        }
        await this.deps.backend.setChatModel(modelId);
      })
      .catch((err: unknown) => this.deps.log.error(`Could not switch model: ${err instanceof Error ? err.message : String(err)}`));
    return this.modelChange;
  }

  private async chatModel(): Promise<string> {
    await this.modelChange;
    return this.deps.backend.currentChatModel();
  }

  addContext(attachment: ContextAttachment): void {
    this.conversation.pendingContext = [...this.conversation.pendingContext.filter((c) => c.label !== attachment.label), attachment];
    this.sendContext();
    void this.save();
  }

  removeContext(id: string): Promise<void> {
    this.conversation.pendingContext = this.conversation.pendingContext.filter((c) => c.id !== id);
    this.sendContext();
    return this.save();
  }

  async newChat(): Promise<void> {
    await this.loaded;
    this.stop();
    await this.stream?.done;
    if (this.conversation.messages.length) await this.save();
    this.conversation = newConversation(randomUUID(), this.deps.backend.providerId(), await this.chatModel(), Date.now());
    await this.deps.memory.update(LAST_CONVERSATION, this.conversation.id);
    this.sendTranscript();
    await this.sendConversations();
    this.deps.broadcast({ type: 'focusComposer' });
  }

  async switchTo(id: string): Promise<void> {
    if (id === this.conversation.id) return;
    const next = await this.deps.store.load(id);
    if (!next) {
      this.deps.prompts.warn('That conversation could not be opened; it may have been deleted in another window.');
      return this.sendConversations();
    }
    this.stop();
    await this.stream?.done;
    this.conversation = opened(next);
    await this.deps.memory.update(LAST_CONVERSATION, id);
    this.sendTranscript();
    await this.sendConversations();
  }

  /** The open conversation or a stored one, e.g. for export. */
  async find(id: string): Promise<Conversation | undefined> {
    return id === this.conversation.id ? this.conversation : this.deps.store.load(id);
  }

  async rename(id: string, title: string): Promise<void> {
    const target = await this.find(id);
    if (!target) return;
    target.title = title.trim().slice(0, 200) || target.title;
    await this.deps.store.save(target);
    await this.sendConversations();
  }

  async deleteConversation(id: string): Promise<void> {
    const summary = (await this.deps.store.list()).find((c) => c.id === id);
    const title = id === this.conversation.id ? this.conversation.title : (summary?.title ?? 'this conversation');
    if (!(await this.deps.prompts.confirmDelete(title))) return;
    this.deleted.add(id);
    if (id === this.conversation.id) {
      // The reply's periodic and final saves would write the file back: end them first.
      this.stop();
      await this.idle();
    }
    await this.saving;
    await this.deps.store.delete(id);
    if (id !== this.conversation.id) return this.sendConversations();
    this.conversation.messages = [];
    await this.newChat();
  }

  /** Saves one at a time (a delete waits for the last), and never a deleted conversation. */
  private save(): Promise<void> {
    const conversation = this.conversation;
    this.saving = this.saving.then(async () => {
      if (this.deleted.has(conversation.id)) return;
      conversation.updatedAt = Date.now();
      try {
        await this.deps.store.save(conversation);
        await this.deps.memory.update(LAST_CONVERSATION, conversation.id);
      } catch (err) {
        this.deps.log.error(`Could not save the conversation: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return this.saving;
  }

  dispose(): void {
    this.stop();
  }
}
