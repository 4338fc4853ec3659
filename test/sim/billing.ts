// Token counts and credit arithmetic. A gateway counts with its own tokenizer; ceil(chars / 4) is
// close enough for a fixture and keeps the sim free of a tokenizer dependency.

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join('');
  }
  return '';
}

export function usageFor(messages: readonly { content?: unknown }[], completion: string): TokenUsage {
  const prompt = messages.reduce((sum, m) => sum + estimateTokens(messageText(m.content)), 0);
  const completionTokens = estimateTokens(completion);
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** HelyxAI: (prompt tokens + completion tokens) × rate. */
export function tokenCost(usage: TokenUsage, rate: number): number {
  return round2(usage.total_tokens * rate);
}
