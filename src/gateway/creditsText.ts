/**
 * Credits for a person, in the editor's host UI (status bar, prompts, errors): thousands
 * separators, and decimals only where they matter (under 10 credits, two at most).
 */
export function formatCredits(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 });
}

/** An estimate's range for a person ("≈ 12–420 credits"), or its prompt size when no rate is known. */
export function estimateLabel(estimate: { promptTokens: number; minCredits?: number; maxCredits?: number }): string {
  if (estimate.maxCredits === undefined || estimate.minCredits === undefined) return `≈ ${estimate.promptTokens.toLocaleString('en-US')} prompt tokens`;
  return `≈ ${formatCredits(estimate.minCredits)}–${formatCredits(estimate.maxCredits)} credits`;
}
