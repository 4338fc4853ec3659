// How long to wait between polls of a video task: quick at first (short tasks finish fast), then
// slower, so a half-hour render costs a few dozen requests rather than hundreds.

export const FIRST_POLL_MS = 2_000;
export const POLL_GROWTH = 1.5;
export const MAX_POLL_MS = 30_000;

/** The delay after `previous` (undefined: the first poll). */
export function nextPollDelay(previous?: number): number {
  if (previous === undefined) return FIRST_POLL_MS;
  return Math.min(MAX_POLL_MS, Math.round(previous * POLL_GROWTH));
}
