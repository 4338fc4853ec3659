// Prompt token counts for cost estimates and the token-per-minute limiter. gpt-tokenizer's tables
// are megabytes, so they load on first use (dynamic import), never at activation.
import type { ChatMessage } from './types';

type CountFn = (text: string) => number;

let loading: Promise<CountFn> | undefined;
let loaded: CountFn | undefined;

// Text from users and files may contain "<|endoftext|>" and friends: count them as plain text
// rather than letting the tokenizer throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens each chat message adds around its content (role and separators), per OpenAI's guidance. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens that prime the reply. */
export const REPLY_PRIMING_TOKENS = 3;

function load(): Promise<CountFn> {
  loading ??= import('gpt-tokenizer').then((mod) => {
    const count: CountFn = (text) => mod.countTokens(text, PLAIN_TEXT);
    loaded = count;
    return count;
  });
  return loading;
}

/** Starts loading the tokenizer in the background (e.g. when the chat view opens). */
export function preloadTokenizer(): void {
  void load().catch(() => undefined);
}

export function isTokenizerLoaded(): boolean {
  return loaded !== undefined;
}

export async function countTokens(text: string): Promise<number> {
  if (!text) return 0;
  return (loaded ?? (await load()))(text);
}

export async function countMessageTokens(messages: readonly Pick<ChatMessage, 'content'>[]): Promise<number> {
  const count = loaded ?? (await load());
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) total += MESSAGE_OVERHEAD_TOKENS + (message.content ? count(message.content) : 0);
  return total;
}

/** A quick estimate (about 4 characters a token) for hot paths that cannot wait for the tokenizer. */
export function roughTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}
