// Checks both gateways make before doing work: the key, the per-key rate limit, the JSON body.
import { sendError, type Gateway } from './errors';
import { bearerKey, isObject, type RouteContext } from './http-io';
import type { SimState } from './state';
import { checkToolMessages, toolFieldsProblem } from './toolCalls';

/** The caller's key when it is known and within its rate limit; otherwise the error is already sent. */
export function admit(ctx: RouteContext, gateway: Gateway, known: (key: string) => boolean, sim: SimState): string | undefined {
  const key = bearerKey(ctx.req);
  if (!key) {
    sendError(ctx.res, gateway, 401, 'Missing API key. Pass it as "Authorization: Bearer <key>".');
    return undefined;
  }
  if (!known(key)) {
    // Never echo the key back: error messages end up in logs.
    sendError(ctx.res, gateway, 401);
    return undefined;
  }
  const waitSeconds = sim.limiter.check(key);
  if (waitSeconds > 0) {
    sendError(ctx.res, gateway, 429, undefined, { headers: { 'retry-after': String(waitSeconds) } });
    return undefined;
  }
  return key;
}

export function jsonObject(ctx: RouteContext, gateway: Gateway): Record<string, unknown> | undefined {
  if (ctx.jsonError || !isObject(ctx.json)) {
    sendError(ctx.res, gateway, 400, 'Invalid JSON body.');
    return undefined;
  }
  return ctx.json;
}

export interface ChatMessageIn {
  role: string;
  content?: unknown;
}

/** A problem with the chat body, in the gateway's voice, or undefined when model and messages are usable. */
export function chatBodyProblem(body: Record<string, unknown>, maxTokensCap?: number): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') return 'Missing required field: model.';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'Missing required field: messages.';
  const badIndex = body.messages.findIndex((m: unknown) => !isObject(m) || typeof m.role !== 'string');
  if (badIndex >= 0) return `messages[${badIndex}] must be an object with role and content.`;
  const max = body.max_tokens;
  if (max !== undefined && !(Number.isInteger(max) && (max as number) >= 1 && (maxTokensCap === undefined || (max as number) <= maxTokensCap))) {
    return maxTokensCap === undefined
      ? 'max_tokens must be a positive integer.'
      : `max_tokens must be an integer between 1 and ${maxTokensCap}.`;
  }
  const t = body.temperature;
  if (t !== undefined && !(typeof t === 'number' && t >= 0 && t <= 2)) return 'temperature must be a number between 0 and 2.';
  const p = body.top_p;
  if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1)) return 'top_p must be a number between 0 and 1.';
  return undefined;
}

export function imageCountProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.prompt !== 'string' || body.prompt.trim() === '') return 'Missing required field: prompt.';
  const n = body.n;
  if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 4)) return 'n must be an integer between 1 and 4.';
  const format = body.response_format;
  if (format !== undefined && format !== 'url' && format !== 'b64_json') return "response_format must be 'url' or 'b64_json'.";
  return undefined;
}

/**
 * Checks `tools`, `tool_choice`, image parts and the tool messages coming back; records the tool
 * results of an accepted request. The problem, in OpenAI's words, or undefined.
 */
export function toolProblem(body: Record<string, unknown>, path: string, sim: SimState): string | undefined {
  const problem = toolFieldsProblem(body);
  if (problem) return problem;
  const checked = checkToolMessages(body.messages as unknown[], path);
  if ('problem' in checked) return checked.problem;
  sim.toolResults.push(...checked.results);
  return undefined;
}
