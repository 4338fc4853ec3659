/**
 * Credits for a person, in the editor's host UI (status bar, prompts, errors): thousands
 * separators, and decimals only where they matter (under 10 credits, two at most).
 */
export function formatCredits(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 });
}
