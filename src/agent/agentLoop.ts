// Agent mode's loop, without the editor: each step is one turn through the turn runner (so it is
// estimated, streamed and billed like every other request), with the tools' schemas; the tool
// calls it ends with are run (approvals asked through the host) and their results sent back, until
// the model answers without tool calls, the user stops, or a guard (budget, steps, a repeated
// call, a failed turn) ends it.
import type { TurnCallbacks, TurnEstimate, TurnRequest, TurnResult } from '../gateway/turnRunner';
import type { ToolCall } from '../gateway/types';
import { formatCredits } from '../gateway/creditsText';
import type { AgentTaskView, ToolCardView } from '../shared/protocol';
import { keptTokens, shortenOldToolResults, type LoopMessage } from './contextTrim';
import { runStepCalls, type StepHost } from './stepCalls';
import { newCard } from './toolCards';
import type { AgentTool, ToolContext } from './tool';

export interface AgentLoopHost<Ctx extends ToolContext> extends StepHost<Ctx> {
  /** The step's request is about to go out: a new assistant message for it. */
  stepStarted(step: number): void;
  text(delta: string): void;
  reasoning(delta: string): void;
  /** The step's turn ended (before its tools run): its status, cost and tool calls. */
  stepEnded(result: TurnResult, cards: ToolCardView[]): void;
  /** The task's budget, spend, step or status changed. */
  task(view: AgentTaskView): void;
}

export interface AgentLoopOptions<Ctx extends ToolContext> {
  id: string;
  model: string;
  /** The conversation so far, ending with the user's request. */
  messages: LoopMessage[];
  tools: readonly AgentTool<Ctx>[];
  budget: number;
  maxSteps: number;
  contextWindow?: number;
  /** Overrides the level derived from the context window (the bench compares with none). */
  keepTokens?: number;
  reasoning?: boolean;
  signal: AbortSignal;
  runTurn(request: TurnRequest, callbacks: TurnCallbacks): Promise<TurnResult>;
  needsApproval(tool: AgentTool<Ctx>, call: ToolCall): boolean;
  host: AgentLoopHost<Ctx>;
}

export const REPEAT_LIMIT = 3;

export class AgentLoop<Ctx extends ToolContext> {
  readonly view: AgentTaskView;
  private readonly messages: LoopMessage[];
  private raised: (() => void) | undefined;
  private lastCall = '';
  private repeats = 0;

  constructor(private readonly options: AgentLoopOptions<Ctx>) {
    this.messages = [...options.messages];
    this.view = { id: options.id, budget: options.budget, spent: 0, spentEstimated: false, step: 0, maxSteps: options.maxSteps, status: 'running', checkpoint: 'none' };
    options.signal.addEventListener('abort', () => this.raised?.(), { once: true });
  }

  /** A task paused at its budget goes on; a running one gets the new limit for its next steps. */
  raiseBudget(budget: number): void {
    this.view.budget = budget;
    this.publish();
    this.raised?.();
  }

  /** The conversation as the loop last sent or will send it (tool results whole). */
  get transcript(): readonly LoopMessage[] {
    return this.messages;
  }

  async run(): Promise<AgentTaskView> {
    const o = this.options;
    this.publish();
    const schemas = o.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.inputSchema }));
    while (this.view.status === 'running') {
      if (o.signal.aborted) return this.end('stopped', 'Stopped.');
      if (this.view.step >= o.maxSteps) return this.end('stopped', `Step limit reached: ${o.maxSteps} steps (switchboard.agent.maxSteps).`);
      const result = await o.runTurn(
        { model: o.model, messages: shortenOldToolResults(this.messages, o.keepTokens ?? keptTokens(o.contextWindow)), tools: schemas, toolChoice: 'auto', signal: o.signal, ...(o.reasoning ? { reasoning: true } : {}) },
        {
          beforeSend: (estimate) => this.withinBudget(estimate),
          onStart: () => {
            this.view.step++;
            this.view.status = 'running';
            delete this.view.reason;
            this.publish();
            o.host.stepStarted(this.view.step);
          },
          onText: (t) => o.host.text(t),
          onReasoning: (t) => o.host.reasoning(t),
        },
      );
      if (result.status === 'declined') return this.end('stopped', this.view.reason ?? 'Stopped.');
      if (result.cost) {
        this.view.spent = Math.round((this.view.spent + result.cost.credits) * 100) / 100;
        this.view.spentEstimated ||= result.cost.estimated;
      }
      const cards = result.status === 'done' ? result.toolCalls.map(newCard) : [];
      o.host.stepEnded(result, cards);
      this.publish();
      if (result.status === 'stopped') return this.end('stopped', 'Stopped.');
      if (result.status === 'failed') return this.end('failed', 'The request failed; see the message above.');
      if (result.toolCalls.length === 0) return this.end('done');
      this.messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      const repeated = this.repeatedCall(result.toolCalls);
      const outcome = await runStepCalls(result.toolCalls, cards, { tools: o.tools, needsApproval: o.needsApproval, signal: o.signal, host: o.host, stopAt: repeated });
      this.messages.push(...outcome.results);
      if (repeated !== undefined) {
        const call = result.toolCalls[repeated]!;
        return this.end('stopped', `Stopped: the model asked for the same call (${call.name} with the same arguments) ${REPEAT_LIMIT} times in a row.`);
      }
      if (o.signal.aborted) return this.end('stopped', 'Stopped.');
    }
    return this.view;
  }

  /** The index of the call that makes the same call REPEAT_LIMIT times in a row, if any. */
  private repeatedCall(calls: readonly ToolCall[]): number | undefined {
    for (const [i, call] of calls.entries()) {
      const signature = `${call.name}\u0000${JSON.stringify(call.arguments)}`;
      this.repeats = signature === this.lastCall ? this.repeats + 1 : 1;
      this.lastCall = signature;
      if (this.repeats >= REPEAT_LIMIT) return i;
    }
    return undefined;
  }

  /**
   * The budget gate, before anything is sent: a request whose worst case would cross the budget is
   * held (never sent) and the task pauses until the user raises the budget or stops.
   */
  private async withinBudget({ estimate }: TurnEstimate): Promise<boolean> {
    const worst = estimate.maxCredits;
    if (worst === undefined) return !this.options.signal.aborted;
    while (this.view.spent + worst > this.view.budget) {
      if (this.options.signal.aborted) return false;
      this.view.status = 'paused';
      this.view.reason = `Budget reached: spent ${formatCredits(this.view.spent)} of ${formatCredits(this.view.budget)} credits (the next step may cost up to ${formatCredits(worst)}).`;
      this.publish();
      await new Promise<void>((resolve) => (this.raised = resolve));
      this.raised = undefined;
    }
    if (this.options.signal.aborted) return false;
    this.view.status = 'running';
    return true;
  }

  private end(status: AgentTaskView['status'], reason?: string): AgentTaskView {
    this.view.status = status;
    if (reason) this.view.reason = reason;
    else delete this.view.reason;
    this.publish();
    return this.view;
  }

  private publish(): void {
    this.options.host.task({ ...this.view });
  }
}
