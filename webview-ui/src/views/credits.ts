import type { CreditsView } from '../../../src/shared/protocol';
import { creditParts, creditsLabel, formatCredits } from './creditsFormat';
import { h, icon } from './dom';

/** Long enough to be cheap, short enough that "resets in 3h 12m" is never a minute stale for long. */
const COUNTDOWN_REFRESH_MS = 20_000;

/** The live credit counter in the header: a `status` whose name tells the whole story. */
export class CreditsCounter {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private credits: CreditsView | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly now: () => number = Date.now) {
    this.text = h('span', { class: 'credits-text' });
    this.element = h('div', { class: 'credits', role: 'status' }, icon('credit-card'), this.text);
  }

  update(credits: CreditsView | undefined): void {
    this.credits = credits;
    this.render();
    const needsTicking = credits?.nextResetAt !== undefined;
    if (needsTicking && !this.timer) this.timer = setInterval(() => this.render(), COUNTDOWN_REFRESH_MS);
    if (!needsTicking && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private render(): void {
    const now = this.now();
    const label = creditsLabel(this.credits, now);
    this.element.setAttribute('aria-label', label);
    this.element.title = this.credits ? `${this.credits.providerLabel} — ${label}` : label;
    this.element.classList.toggle('estimated', !!this.credits && (this.credits.estimated || this.credits.balance === undefined));
    this.text.textContent = this.credits ? this.visibleText(this.credits, now) : '—';
  }

  /** The sidebar is narrow: the balance first, the rest after it (CSS truncates). */
  private visibleText(credits: CreditsView, now: number): string {
    if (credits.balance !== undefined) {
      const rest = creditParts(credits, now).slice(1);
      return [`${formatCredits(credits.balance)} ${credits.unit}`, ...rest].join(' · ');
    }
    return `≈ ${creditParts(credits, now).join(' · ')}`;
  }
}
