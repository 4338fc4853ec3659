// One turn against a gateway, the same for every surface (the chat view, code actions, the
// `vscode.lm` provider, the @switchboard participant, and later the agent loop): estimate the cost,
// let the caller decline, stream, fold the events into one result, and bill what happened in the
// ledger — also when the stream is stopped or fails half-way, because what arrived was paid for.
// Limits and retries live in the client the runner is given (its limiter and SDK retries).
import type { BillingLedger, CostEstimate } from './ledger';
import type { ToolCall } from './toolTypes';
import type { Billing, ChatEvent, ChatRequest, Usage } from './types';

/** What the runner needs of a gateway client: `GatewayClient` fits. */
export interface ChatStreamer {
  chat(request: ChatRequest): AsyncIterable<ChatEvent>;
}

export interface TurnRequest {
  model: string;
  messages: ChatRequest['messages'];
  tools?: ChatRequest['tools'];
  toolChoice?: ChatRequest['toolChoice'];
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  reasoning?: boolean;
  signal?: AbortSignal;
}

/** A complete tool call the model asked for, its arguments already parsed by the gateway core. */
export type TurnToolCall = ToolCall;

export interface TurnEstimate {
  estimate: CostEstimate;
  /** 'no' when even an empty reply would cost more than the last known balance. */
  affordability: ReturnType<BillingLedger['affordability']>;
}

export interface TurnCallbacks {
  /**
   * Called with the cost estimate before anything is sent; false declines the turn (nothing is
   * sent, nothing billed). The chat asks the user when the balance is too low; an agent would
   * check its budget here.
   */
  beforeSend?(estimate: TurnEstimate): boolean | Promise<boolean>;
  /** The request is about to go out (the estimate was accepted). */
  onStart?(): void;
  onText?(text: string): void;
  onReasoning?(text: string): void;
  /** Every event the stream yields, after it was folded into the result. */
  onEvent?(event: ChatEvent): void;
}

export type TurnStatus = 'done' | 'stopped' | 'failed' | 'declined';

export interface TurnCost {
  credits: number;
  /** True when computed from usage × rate rather than reported by the gateway. */
  estimated: boolean;
}

export interface TurnResult {
  status: TurnStatus;
  text: string;
  reasoning: string;
  /** In the order the model made them; a non-empty list means the model wants them run. */
  toolCalls: TurnToolCall[];
  usage?: Usage;
  billing?: Billing;
  cost?: TurnCost;
  finishReason?: string;
  estimate?: TurnEstimate;
  /** Why a 'failed' turn failed (usually a GatewayError); the partial text above is kept. */
  error?: unknown;
}

export interface TurnRunnerDeps {
  client: ChatStreamer;
  ledger: BillingLedger;
}

/** Runs one turn. Never throws for gateway failures: they come back as status 'failed' with `error`. */
export async function runTurn(deps: TurnRunnerDeps, request: TurnRequest, callbacks: TurnCallbacks = {}): Promise<TurnResult> {
  const result: TurnResult = { status: 'done', text: '', reasoning: '', toolCalls: [] };
  const estimate = await deps.ledger
    .estimateCost({ model: request.model, messages: request.messages, ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}) })
    .then((e): TurnEstimate => ({ estimate: e, affordability: deps.ledger.affordability(e) }))
    .catch(() => undefined);
  if (estimate) result.estimate = estimate;
  if (estimate && callbacks.beforeSend && !(await callbacks.beforeSend(estimate))) return { ...result, status: 'declined' };
  if (request.signal?.aborted) return { ...result, status: 'stopped' };

  callbacks.onStart?.();
  try {
    const stream = deps.client.chat({
      model: request.model,
      messages: request.messages,
      ...(request.tools?.length ? { tools: request.tools } : {}),
      ...(request.tools?.length && request.toolChoice !== undefined ? { toolChoice: request.toolChoice } : {}),
      ...(request.tools?.length && request.parallelToolCalls !== undefined ? { parallelToolCalls: request.parallelToolCalls } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.reasoning ? { reasoning: true } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    for await (const event of stream) {
      foldEvent(result, event, callbacks);
      callbacks.onEvent?.(event);
    }
  } catch (error) {
    if (!request.signal?.aborted) {
      result.status = 'failed';
      result.error = error;
    }
  }
  if (result.status !== 'failed' && (request.signal?.aborted || result.finishReason === 'cancelled')) result.status = 'stopped';
  const cost = await bill(deps.ledger, request, result).catch(() => undefined);
  if (cost) result.cost = cost;
  return result;
}

/** The one place a gateway's chat events become a turn's text, usage and billing. */
export function foldEvent(result: TurnResult, event: ChatEvent, callbacks: Pick<TurnCallbacks, 'onText' | 'onReasoning'> = {}): void {
  switch (event.type) {
    case 'text':
      if (!event.text) return;
      result.text += event.text;
      callbacks.onText?.(event.text);
      return;
    case 'reasoning':
      if (!event.text) return;
      result.reasoning += event.text;
      callbacks.onReasoning?.(event.text);
      return;
    case 'usage':
      result.usage = event.usage;
      return;
    case 'billing':
      result.billing = { ...result.billing, ...event.billing };
      return;
    case 'finish':
      result.finishReason = event.reason;
      return;
    case 'toolCall':
      result.toolCalls.push(event.call);
      return;
    default:
      // A new event kind (tool calls) must be folded here, not in a surface.
      return ((unhandled: never) => unhandled)(event);
  }
}

/** The gateway's charge, else usage × rate, else the text that went and came, counted. */
async function bill(ledger: BillingLedger, request: TurnRequest, result: TurnResult): Promise<TurnCost | undefined> {
  let usage = result.usage;
  if (!usage && result.billing?.creditsCharged === undefined && result.text) {
    // The gateway reported nothing (e.g. a stopped stream): count what was sent and received.
    const { countMessageTokens, countTokens } = await import('./tokenizer');
    const promptTokens = await countMessageTokens(request.messages);
    const completionTokens = await countTokens(result.text);
    usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  }
  if (!usage && !result.billing) return undefined;
  const record = ledger.record({ model: request.model, ...(usage ? { usage } : {}), ...(result.billing ? { billing: result.billing } : {}) });
  return record.credits !== undefined ? { credits: record.credits, estimated: record.estimated } : undefined;
}
