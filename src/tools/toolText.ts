// What Switchboard's agent tools say: their inputs checked, the confirmation with the cost, and the
// results a model reads. No vscode here, so all of it is unit-tested in Node.
import { formatCredits } from '../gateway/creditsText';

export const MAX_PROMPT_CHARS = 4000;

export interface ImageToolInput {
  prompt: string;
  model?: string;
  size?: string;
}

export interface VideoToolInput {
  prompt: string;
  model?: string;
}

const text = (v: unknown, field: string, max: number): string | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new Error(`"${field}" must be a string.`);
  const trimmed = v.trim();
  if (trimmed.length > max) throw new Error(`"${field}" is longer than ${max} characters.`);
  return trimmed || undefined;
};

function prompt(input: Record<string, unknown>): string {
  const value = text(input.prompt, 'prompt', MAX_PROMPT_CHARS);
  if (!value) throw new Error('"prompt" is required: describe what to generate.');
  return value;
}

/** The tool input as the model sent it, checked (models do not always follow the schema). */
export function imageInput(raw: unknown): ImageToolInput {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const size = text(input.size, 'size', 20);
  if (size !== undefined && !/^\d{2,5}x\d{2,5}$/.test(size)) throw new Error('"size" must look like 1024x1024.');
  const model = text(input.model, 'model', 200);
  return { prompt: prompt(input), ...(model ? { model } : {}), ...(size ? { size } : {}) };
}

export function videoInput(raw: unknown): VideoToolInput {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const model = text(input.model, 'model', 200);
  return { prompt: prompt(input), ...(model ? { model } : {}) };
}

/** "for 200 credits", or what is known of the price when it is not a number. */
export function costPhrase(credits: number | undefined, rateLabel: string | undefined): string {
  if (credits !== undefined) return `for ${formatCredits(credits)} ${credits === 1 ? 'credit' : 'credits'}`;
  if (rateLabel && rateLabel !== 'TBD') return `at ${rateLabel}`;
  return '(price not published)';
}

/** "Generate an image with Nano Banana Pro for 200 credits?" */
export function confirmationQuestion(what: 'image' | 'video', modelName: string, credits: number | undefined, rateLabel?: string): string {
  return `Generate ${what === 'image' ? 'an image' : 'a video'} with ${modelName} ${costPhrase(credits, rateLabel)}?`;
}

/** Why a paid call is refused up front: "This costs 200 credits, more than the 12.34 left at HelyxAI." */
export function overBalanceMessage(credits: number, balance: number, providerName: string): string {
  return `This costs ${formatCredits(credits)} credits, more than the ${formatCredits(balance)} left at ${providerName}.`;
}

/** Ask unless the price is known and within the user's threshold (0, the default: always ask). */
export function needsConfirmation(credits: number | undefined, confirmAbove: number): boolean {
  return credits === undefined || credits > confirmAbove;
}

export interface CreditsFacts {
  provider: string;
  unit: string;
  balance?: number;
  balanceAt?: number;
  spentToday: number;
  estimated: boolean;
  nextResetAt?: number;
}

/** The credits tool's answer: JSON a model can read, with the reset both as a time and a duration. */
export function creditsResult(facts: CreditsFacts, now: number): Record<string, unknown> {
  const msToReset = facts.nextResetAt !== undefined ? Math.max(0, facts.nextResetAt - now) : undefined;
  return {
    provider: facts.provider,
    unit: facts.unit,
    balance: facts.balance ?? null,
    ...(facts.balance === undefined ? { balanceNote: `${facts.provider} has not reported a balance yet (it reports one with each paid answer, or never).` } : {}),
    ...(facts.balanceAt !== undefined ? { balanceReportedAt: new Date(facts.balanceAt).toISOString() } : {}),
    spentToday: Math.round(facts.spentToday * 100) / 100,
    spentTodayEstimated: facts.estimated,
    resetsAt: facts.nextResetAt !== undefined ? new Date(facts.nextResetAt).toISOString() : null,
    timeToReset: msToReset !== undefined ? durationText(msToReset) : null,
  };
}

export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}
