import { formatCredits } from '../../../src/shared/creditsFormat';
import type { AgentTaskView, CostView, CreditsView } from '../../../src/shared/protocol';

// The amount itself is formatted by the one formatter the host uses too; this file only arranges it.
export { formatCredits };

/** "3h 12m", "45m", "1d 4h", "under 1m". */
export function formatCountdown(ms: number): string {
  if (ms < 60_000) return 'under 1m';
  const totalMinutes = Math.floor(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  return `${minutes}m`;
}

export function formatCost(cost: CostView, unit: string, locale?: string): string {
  return `${cost.estimated ? '≈ ' : ''}${formatCredits(cost.credits, locale)} ${unit}`;
}

/** The parts of the counter, each a short phrase, in reading order. */
export function creditParts(credits: CreditsView, now: number, locale?: string): string[] {
  const parts: string[] = [];
  if (credits.balance !== undefined) parts.push(`${formatCredits(credits.balance, locale)} left`);
  if (credits.lastCost) parts.push(`last reply ${formatCredits(credits.lastCost.credits, locale)}`);
  parts.push(
    credits.balance === undefined
      ? `spent today ${formatCredits(credits.spentToday, locale)}`
      : `today ${formatCredits(credits.spentToday, locale)}`,
  );
  if (credits.nextResetAt !== undefined && credits.nextResetAt > now) {
    parts.push(`resets in ${formatCountdown(credits.nextResetAt - now)}`);
  }
  return parts;
}

/**
 * The counter's accessible name, e.g. "Credits: 9,998.27 left · last reply 1.73 · today 12.4 ·
 * resets in 3h 12m", or "Credits (estimated): spent today 0.42" when the gateway reports no balance.
 */
export function creditsLabel(credits: CreditsView | undefined, now: number, locale?: string): string {
  if (!credits) return 'Credits: not reported yet';
  const prefix = credits.estimated || credits.balance === undefined ? 'Credits (estimated)' : 'Credits';
  return `${prefix}: ${creditParts(credits, now, locale).join(' · ')}`;
}

/** A running task's status: "Budget: spent 120 of 1,000 credits · step 3 of 25". */
export function budgetLabel(task: AgentTaskView, unit: string, locale?: string): string {
  const spent = `${task.spentEstimated ? '≈ ' : ''}${formatCredits(task.spent, locale)}`;
  return `Budget: spent ${spent} of ${formatCredits(task.budget, locale)} ${unit} · step ${task.step} of ${task.maxSteps}`;
}

/** What a finished task cost: "Task total: 1,234.5 credits", or "Task total (estimate): ≈ 12 credits". */
export function taskTotalLabel(task: AgentTaskView, unit: string, locale?: string): string {
  return task.spentEstimated
    ? `Task total (estimate): ≈ ${formatCredits(task.spent, locale)} ${unit}`
    : `Task total: ${formatCredits(task.spent, locale)} ${unit}`;
}
