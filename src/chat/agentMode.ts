// Agent mode in the chat: the mode (remembered), and a message sent in it starting a task. The
// task's request and each of its steps are messages of the conversation (with `taskId`), each
// step's tool calls cards under it, and the task's budget, spend and state a `task` record saved
// with the conversation. The loop (src/agent/agentLoop.ts) decides; this file shows and asks.
import { randomUUID } from 'node:crypto';
import { AgentLoop } from '../agent/agentLoop';
import { needsApproval } from '../agent/approvalPolicy';
import { PendingApprovals } from '../agent/approvals';
import type { WorkspaceToolContext } from '../agent/context';
import type { LoopMessage } from '../agent/contextTrim';
import type { TurnResult } from '../gateway/turnRunner';
import type { ToolCall } from '../gateway/types';
import { errorView } from '../errors/errorActions';
import type { AgentSettingsView, AgentTaskView, ChatMessageView, ChatMode, ErrorView, ToolCardView } from '../shared/protocol';
import type { AgentWorkspace } from './agentPorts';
import { messageUpdated, titleFrom, type Conversation } from './conversation';
import { DeltaCoalescer } from './deltaCoalescer';
import { buildRequestMessages } from './requestMessages';
import type { ChatBackend, Post, SessionLog, SessionMemory } from './sessionPorts';

const MODE_KEY = 'switchboard.agent.mode';

export const AGENT_PROMPT =
  'You are Switchboard, a coding agent inside VS Code. Use the tools to read, search, edit and run things in the workspace; paths are relative to the workspace folder. Make the change the user asks for, check it, then answer briefly in Markdown with what you did.';

/** What the session lends the agent: its conversation, its stream slot (Stop), saving and posting. */
export interface AgentSessionHost {
  conversation(): Conversation;
  broadcast: Post;
  save(): Promise<void>;
  /** Takes the session's stream slot: Stop aborts the signal; finish frees the slot. */
  begin(): { signal: AbortSignal; finish(): void };
  backend: ChatBackend;
  memory: SessionMemory;
  log: SessionLog;
  notify(message: string): void;
}

export class AgentMode {
  private running: { loop: AgentLoop<WorkspaceToolContext>; id: string } | undefined;
  private readonly approvals = new PendingApprovals();

  constructor(
    private readonly workspace: AgentWorkspace,
    private readonly host: AgentSessionHost,
  ) {}

  get mode(): ChatMode {
    return this.host.memory.get<ChatMode>(MODE_KEY) === 'agent' ? 'agent' : 'ask';
  }

  settingsView(): AgentSettingsView {
    const s = this.workspace.settings();
    return { mode: this.mode, defaultBudget: s.budgetCredits, maxSteps: s.maxSteps };
  }

  async setMode(mode: ChatMode): Promise<void> {
    await this.host.memory.update(MODE_KEY, mode);
    this.host.broadcast({ type: 'agentSettings', agent: this.settingsView() });
  }

  approve(callId: string, approved: boolean): void {
    if (!this.approvals.answer(callId, approved)) this.host.log.warn(`No tool call ${callId.slice(0, 80)} waits for approval.`);
  }

  async openDiff(callId: string): Promise<void> {
    const proposal = this.approvals.payload(callId);
    if (proposal === undefined) return this.host.notify('That change no longer waits for approval.');
    await this.workspace.showDiff(callId, proposal);
  }

  raiseBudget(taskId: string, budget: number): void {
    if (this.running?.id === taskId) return this.running.loop.raiseBudget(budget);
    const task = this.host.conversation().tasks?.find((t) => t.id === taskId);
    if (task) this.publishTask({ ...task, budget });
  }

  async restoreCheckpoint(taskId: string): Promise<void> {
    const root = this.workspace.root();
    const task = this.host.conversation().tasks?.find((t) => t.id === taskId);
    if (!task || !root) return;
    if (this.running?.id === taskId) return this.host.notify('Stop the task before restoring its checkpoint.');
    await this.workspace.checkpoint(taskId, root).restore();
    this.publishTask({ ...task, checkpoint: 'restored' });
    await this.host.save();
  }

  /** A message sent in Agent mode: one task, until it ends. */
  async send(text: string, model: string, options: { budget?: number; reasoning?: boolean }): Promise<void> {
    const conversation = this.host.conversation();
    const taskId = randomUUID();
    const user: ChatMessageView = { id: randomUUID(), role: 'user', text, status: 'done', createdAt: Date.now(), taskId };
    const history = buildRequestMessages([...conversation.messages, user], conversation.attachments).slice(1);
    if (conversation.messages.length === 0) conversation.title = titleFrom(text);
    this.addMessage(user);
    const root = this.workspace.root();
    const capabilities = await this.workspace.capabilities(model);
    if (!root || !capabilities.toolCalling) {
      const error: ErrorView = !root
        ? { kind: 'agent-unavailable', explanation: 'Agent mode works in a workspace folder: open a folder, or switch to Ask.', action: 'pick-model', actionLabel: 'Pick Model' }
        : noToolsNotice(model, capabilities.toolCallingReason);
      this.addMessage({ id: randomUUID(), role: 'assistant', text: '', status: 'error', model, createdAt: Date.now(), taskId, error });
      await this.host.save();
      return;
    }
    await this.run(taskId, model, root, [{ role: 'system', content: AGENT_PROMPT }, ...history], options, capabilities.contextWindow);
  }

  private async run(taskId: string, model: string, root: string, messages: LoopMessage[], options: { budget?: number; reasoning?: boolean }, contextWindow?: number): Promise<void> {
    const settings = this.workspace.settings();
    const { signal, finish } = this.host.begin();
    const checkpoint = this.workspace.checkpoint(taskId, root);
    let step: { message: ChatMessageView; coalescer: DeltaCoalescer } | undefined;
    let changedFiles = false;
    const broadcast = this.host.broadcast;
    const loop: AgentLoop<WorkspaceToolContext> = new AgentLoop<WorkspaceToolContext>({
      id: taskId,
      model,
      messages,
      tools: this.workspace.tools(),
      budget: options.budget ?? settings.budgetCredits,
      maxSteps: settings.maxSteps,
      ...(contextWindow !== undefined ? { contextWindow } : {}),
      ...(options.reasoning ? { reasoning: true } : {}),
      signal,
      runTurn: (request, callbacks) => this.host.backend.runTurn(request, callbacks),
      needsApproval: (tool, call) => needsApproval({ kind: tool.kind, ...(typeof call.arguments.command === 'string' ? { command: call.arguments.command } : {}) }, this.workspace.settings()),
      host: {
        stepStarted: () => {
          const message: ChatMessageView = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', model, createdAt: Date.now(), taskId, toolCalls: [] };
          const coalescer = new DeltaCoalescer((t, r) => broadcast({ type: 'messageDelta', id: message.id, ...(t ? { text: t } : {}), ...(r ? { reasoning: r } : {}) }));
          step = { message, coalescer };
          this.addMessage(message);
        },
        text: (t) => {
          if (!step) return;
          step.message.text += t;
          step.coalescer.pushText(t);
        },
        reasoning: (t) => {
          if (!step) return;
          step.message.reasoning = (step.message.reasoning ?? '') + t;
          step.coalescer.pushReasoning(t);
        },
        stepEnded: (result, cards) => {
          if (step) this.endStep(step, result, cards);
          void this.host.save();
        },
        card: (card) => {
          const message = step?.message;
          if (!message?.toolCalls) return;
          message.toolCalls = message.toolCalls.map((c) => (c.id === card.id ? card : c));
          broadcast({ type: 'toolCard', messageId: message.id, card });
          if (card.state === 'done' && !changedFiles && this.workspace.tools().find((t) => t.name === card.tool)?.kind === 'edit') {
            changedFiles = true;
            this.publishTask({ ...loop.view, checkpoint: 'available' });
          }
        },
        approve: (callId, payload) => this.approvals.wait(callId, payload, signal),
        context: (call: ToolCall, review) => ({
          signal,
          root,
          checkpoint,
          ...(review ? { review } : {}),
          onCommandOutput: (t: string) => this.workspace.commandOutput?.(call.id, t),
        }),
        task: (view) => this.publishTask({ ...view, checkpoint: changedFiles ? 'available' : 'none' }),
      },
    });
    this.running = { loop, id: taskId };
    broadcast({ type: 'busy', busy: true });
    try {
      const end = await loop.run();
      if (end.status !== 'done') this.host.log.warn(`Agent task ended ${end.status}: ${end.reason ?? ''}`);
      if (end.status === 'failed' && step?.message.status === 'error') await this.explainToolRefusal(step.message, model, { ...end, checkpoint: changedFiles ? 'available' : 'none' });
    } catch (error) {
      this.host.log.error(`Agent task failed: ${error instanceof Error ? error.message : String(error)}`);
      this.publishTask({ ...loop.view, status: 'failed', reason: 'The task failed unexpectedly; see Switchboard: Show Log.', checkpoint: changedFiles ? 'available' : 'none' });
    } finally {
      this.running = undefined;
      if (step && step.message.status === 'streaming') this.endStep(step, { status: 'stopped', text: '', reasoning: '', toolCalls: [] }, step.message.toolCalls ?? []);
      finish();
      broadcast({ type: 'busy', busy: false });
      broadcast({ type: 'credits', credits: this.host.backend.credits() });
      await this.host.save();
    }
  }

  private endStep(step: { message: ChatMessageView; coalescer: DeltaCoalescer }, result: TurnResult, cards: ToolCardView[]): void {
    step.coalescer.flush();
    step.coalescer.dispose();
    const m = step.message;
    m.status = result.status === 'failed' ? 'error' : result.status === 'stopped' ? 'stopped' : 'done';
    if (result.status === 'failed') m.error = errorView(result.error);
    if (result.cost) m.cost = result.cost;
    m.toolCalls = cards;
    this.host.broadcast(messageUpdated(m));
    for (const card of cards) this.host.broadcast({ type: 'toolCard', messageId: m.id, card });
  }

  /**
   * A step failed: if that taught the gateway client that the model refuses tools (it remembers a
   * 400 that says so), the step and the task end with the same notice a task gets before sending.
   */
  private async explainToolRefusal(m: ChatMessageView, model: string, task: AgentTaskView): Promise<void> {
    const now = await this.workspace.capabilities(model);
    if (now.toolCalling) return;
    m.error = noToolsNotice(model, now.toolCallingReason);
    this.host.broadcast(messageUpdated(m));
    this.publishTask({ ...task, reason: `${model} cannot call tools.` });
  }

  private addMessage(message: ChatMessageView): void {
    this.host.conversation().messages.push(message);
    this.host.broadcast({ type: 'messageAdded', message });
  }

  private publishTask(view: AgentTaskView): void {
    const conversation = this.host.conversation();
    const tasks = conversation.tasks ?? (conversation.tasks = []);
    const i = tasks.findIndex((t) => t.id === view.id);
    if (i >= 0) tasks[i] = view;
    else tasks.push(view);
    this.host.broadcast({ type: 'task', task: view });
  }
}

/** The one line Agent mode shows for a model that cannot call tools; the page adds Switch Model and Use Ask. */
function noToolsNotice(model: string, reason: string | undefined): ErrorView {
  return {
    kind: 'agent-no-tools',
    explanation: `${model} cannot call tools${reason ? ` (${reason})` : ''}, so Agent mode cannot use it: switch model, or use Ask.`,
    action: 'pick-model',
    agentFallback: true,
  };
}
