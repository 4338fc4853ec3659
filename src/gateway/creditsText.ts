import { formatCredits as formatCreditsIn } from '../shared/creditsFormat';

/** The host's text (status bar, prompts, errors) is English, and so are the numbers in it. */
export const HOST_LOCALE = 'en-US';

/** Credits in the host's UI, by the rules the webview uses too (src/shared/creditsFormat.ts). */
export function formatCredits(n: number): string {
  return formatCreditsIn(n, HOST_LOCALE);
}

/** An estimate's range for a person ("≈ 12–420 credits"), or its prompt size when no rate is known. */
export function estimateLabel(estimate: { promptTokens: number; minCredits?: number; maxCredits?: number }): string {
  if (estimate.maxCredits === undefined || estimate.minCredits === undefined) return `≈ ${estimate.promptTokens.toLocaleString(HOST_LOCALE)} prompt tokens`;
  return `≈ ${formatCredits(estimate.minCredits)}–${formatCredits(estimate.maxCredits)} credits`;
}
