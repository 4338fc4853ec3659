// Every step re-sends the whole conversation, so without care the tokens (and credits) per step
// grow with each tool result. Once the conversation nears the model's context window, older tool
// results are cut to a short head with a note; the latest step's results stay whole. The model can
// always call the tool again for what was cut. Pure, so the plateau is unit-tested and benched.
import { roughTokenCount } from '../gateway/tokenizer';
import type { ChatMessage, ToolResultMessage } from '../gateway/types';

export type LoopMessage = ChatMessage | ToolResultMessage;

/** The share of the context window the conversation may fill before older results are cut. */
export const CONTEXT_SHARE = 0.5;
/** Even a huge window is not filled: every token sent each step is paid for. */
export const MAX_KEPT_TOKENS = 16_000;
/** What is assumed when neither the catalogue nor the gateway states a window. */
export const DEFAULT_CONTEXT_WINDOW = 32_000;
const HEAD_CHARS = 200;

/** The token level above which older tool results are shortened, for a model's context window. */
export function keptTokens(contextWindow: number | undefined): number {
  return Math.min(MAX_KEPT_TOKENS, Math.floor((contextWindow ?? DEFAULT_CONTEXT_WINDOW) * CONTEXT_SHARE));
}

function tokensOf(message: LoopMessage): number {
  let text = message.content;
  if (message.role === 'assistant' && message.toolCalls) for (const call of message.toolCalls) text += call.name + call.rawArguments;
  return roughTokenCount(text) + 4;
}

export function shortened(content: string): string {
  return `${content.slice(0, HEAD_CHARS)}\n[… ${content.length - HEAD_CHARS} characters of this older tool result left out to keep the context small; call the tool again if you need them]`;
}

/**
 * A copy of `messages` under `limit` tokens where possible: tool results oldest first are shortened
 * until it fits, never those of the last step (after the last assistant message).
 */
export function shortenOldToolResults(messages: readonly LoopMessage[], limit: number): LoopMessage[] {
  const out = [...messages];
  let total = out.reduce((sum, m) => sum + tokensOf(m), 0);
  if (total <= limit) return out;
  let lastAssistant = -1;
  out.forEach((m, i) => {
    if (m.role === 'assistant') lastAssistant = i;
  });
  for (let i = 0; i < lastAssistant && total > limit; i++) {
    const m = out[i]!;
    if (m.role !== 'tool' || m.content.length <= HEAD_CHARS * 2) continue;
    const short: ToolResultMessage = { ...m, content: shortened(m.content) };
    total -= tokensOf(m) - tokensOf(short);
    out[i] = short;
  }
  return out;
}
