// How a credit amount reads, the same on both sides: the host's status bar, prompts and errors
// (src/gateway/creditsText.ts) and the webview's counter and reply costs
// (webview-ui/src/views/creditsFormat.ts) both call this. Plain ECMAScript (Intl only): the webview
// bundle takes it in as it is, so it must never import zod, Node or the DOM.

/**
 * Thousands separators always; at most two decimals, rounded half away from zero on the number as
 * written (2.675 → 2.68); and an amount under one credit keeps two significant digits instead, so a
 * cheap reply (0.00042) does not read as zero. `locale` defaults to the runtime's.
 */
export function formatCredits(value: number, locale?: string): string {
  const abs = Math.abs(value);
  const options: Intl.NumberFormatOptions = abs > 0 && abs < 1 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 2 };
  return new Intl.NumberFormat(locale, options).format(value);
}
