// What a chat completion (a JSON body or one streamed chunk) means as ChatEvents. Tolerant of the
// shapes OpenAI-compatible gateways send: `reasoning_content` or `reasoning`, usage on any chunk,
// a billing object (HelyxAI's `helyx`, named by the preset) on the body or on any chunk.
import { GatewayError, errorFromStatus, messageFromErrorBody, codeFromErrorBody } from './errors';
import { statusForErrorCode } from './inBandCodes';
import type { Billing, ChatEvent, Usage } from './types';

/** What a stream reported besides text; filled in as chunks arrive. */
export interface StreamOutcome {
  finishReason?: string;
  usage?: Usage;
  billing?: Billing;
  /** The `[DONE]` sentinel arrived. */
  done: boolean;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function usageFrom(raw: unknown): Usage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const u = raw as Record<string, unknown>;
  const prompt = isNum(u.prompt_tokens) ? u.prompt_tokens : isNum(u.input_tokens) ? u.input_tokens : undefined;
  const completion = isNum(u.completion_tokens) ? u.completion_tokens : isNum(u.output_tokens) ? u.output_tokens : 0;
  if (prompt === undefined && !isNum(u.total_tokens)) return undefined;
  const promptTokens = prompt ?? 0;
  return { promptTokens, completionTokens: completion, totalTokens: isNum(u.total_tokens) ? u.total_tokens : promptTokens + completion };
}

export function billingFrom(raw: unknown): Billing | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const b = raw as Record<string, unknown>;
  const billing: Billing = {};
  if (isNum(b.credits_charged)) billing.creditsCharged = b.credits_charged;
  if (isNum(b.credits_remaining)) billing.creditsRemaining = b.credits_remaining;
  return billing.creditsCharged === undefined && billing.creditsRemaining === undefined ? undefined : billing;
}

/** An `{error:…}` object inside a 200 body or a stream chunk, as a GatewayError. */
export function inBandError(body: Record<string, unknown>, providerName?: string): GatewayError {
  const code = codeFromErrorBody(body);
  const inner = body.error as Record<string, unknown> | undefined;
  const statusLike = Number(inner?.status ?? inner?.code);
  const gatewayMessage = messageFromErrorBody(body);
  const status = Number.isInteger(statusLike) && statusLike >= 400 && statusLike <= 599 ? statusLike : statusForErrorCode(code);
  if (status !== undefined) return errorFromStatus({ status, gatewayMessage, code, providerName });
  // Words that name nothing known: say what the gateway said; retrying blindly would only repeat it.
  return new GatewayError({
    kind: 'unknown',
    gatewayMessage,
    explanation: `${providerName ?? 'The gateway'} reported an error in its reply${gatewayMessage ? '' : ' without saying what'}.`,
    action: 'none',
    retryable: false,
  });
}

/**
 * Applies one parsed chunk (or a whole completion body): text and reasoning deltas go to `out`
 * (merged with the previous event of the same type), usage, billing and finish reason to `outcome`.
 */
export function applyChunk(chunk: unknown, out: ChatEvent[], outcome: StreamOutcome, providerName?: string, billingField?: string): void {
  if (typeof chunk !== 'object' || chunk === null) return;
  const c = chunk as Record<string, unknown>;
  applyChunkExtras(c, outcome, providerName, billingField);
  const choices = c.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const choice = choices[0] as Record<string, unknown> | null;
    if (choice) {
      const delta = (choice.delta ?? choice.message) as Record<string, unknown> | undefined;
      if (delta) {
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string' && reasoning !== '') push(out, 'reasoning', reasoning);
        const content = delta.content;
        if (typeof content === 'string' && content !== '') push(out, 'text', content);
      }
      const finish = choice.finish_reason;
      if (typeof finish === 'string' && finish) outcome.finishReason = finish;
    }
  }
}

/** The parts of a chunk that are not deltas: an in-band error (thrown), usage, the preset's billing field. */
export function applyChunkExtras(c: Record<string, unknown>, outcome: StreamOutcome, providerName?: string, billingField?: string): void {
  if (c.error != null) throw inBandError(c, providerName);
  if (c.usage != null) {
    const usage = usageFrom(c.usage);
    if (usage) outcome.usage = usage;
  }
  if (billingField !== undefined && c[billingField] != null) {
    const billing = billingFrom(c[billingField]);
    if (billing) outcome.billing = { ...outcome.billing, ...billing };
  }
}

function push(out: ChatEvent[], type: 'text' | 'reasoning', text: string): void {
  const last = out[out.length - 1];
  if (last !== undefined && last.type === type) last.text += text;
  else out.push({ type, text });
}

/** The events of a whole (non-streamed) chat completion body. */
export function applyCompletion(body: unknown, out: ChatEvent[], outcome: StreamOutcome, providerName?: string, billingField?: string): void {
  applyChunk(body, out, outcome, providerName, billingField);
  if (!outcome.finishReason) outcome.finishReason = 'stop';
  outcome.done = true;
}
