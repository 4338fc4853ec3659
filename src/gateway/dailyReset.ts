// Day boundaries for spend-today and the credit reset. HelyxAI resets at 00:00 PKT (UTC+5); other
// gateways do not reset, so "today" is the UTC day for them.
import type { DailyReset } from './types';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const UTC_MIDNIGHT: DailyReset = { utcOffsetMinutes: 0, hour: 0 };

/** The most recent reset instant at or before `now` (ms since epoch). */
export function lastResetAt(now: number, reset: DailyReset = UTC_MIDNIGHT): number {
  const shift = reset.utcOffsetMinutes * 60_000 - reset.hour * HOUR_MS;
  return Math.floor((now + shift) / DAY_MS) * DAY_MS - shift;
}

/** The next reset instant strictly after `now`. */
export function nextResetAt(now: number, reset: DailyReset = UTC_MIDNIGHT): number {
  return lastResetAt(now, reset) + DAY_MS;
}

/** "3 h 12 min", "12 min", "40 s": how long until a reset, for a counter in the UI. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${total} s`;
}
