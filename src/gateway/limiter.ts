// Client-side limits per provider, so Switchboard queues rather than earning 429s: concurrent
// streams, requests per minute and per hour, and tokens per minute (weighted by each request's
// estimated tokens). Bottleneck does the scheduling; each limit is one Bottleneck gate, and a
// request passes through every gate in turn.
import Bottleneck from 'bottleneck';
import { cancelledError } from './errors';
import type { ProviderLimits } from './types';

export interface LimiterOptions extends ProviderLimits {
  /** Length of the "minute" window; tests shrink it. Default 60 000 ms. */
  minuteMs?: number;
  /** Length of the "hour" window. Default 3 600 000 ms. */
  hourMs?: number;
}

export interface AcquireOptions {
  /** Estimated tokens of the request (prompt + max completion); weights the tokens/min gate. */
  tokens?: number;
  /** Aborting while queued rejects with a 'cancelled' GatewayError. */
  signal?: AbortSignal;
}

/** Gives the slot back. Calling it more than once is harmless. */
export type Release = () => void;

interface Gate {
  limiter: Bottleneck;
  weightOf: (tokens: number) => number;
}

function reservoirGate(amount: number, intervalMs: number, weightOf: (tokens: number) => number): Gate {
  return {
    limiter: new Bottleneck({ reservoir: amount, reservoirRefreshAmount: amount, reservoirRefreshInterval: intervalMs }),
    weightOf,
  };
}

export class RateLimiter {
  private readonly gates: Gate[] = [];
  private inFlight = 0;
  private waiting = 0;

  constructor(readonly options: LimiterOptions) {
    const minute = options.minuteMs ?? 60_000;
    const hour = options.hourMs ?? 3_600_000;
    if (options.concurrentStreams !== undefined) {
      this.gates.push({ limiter: new Bottleneck({ maxConcurrent: Math.max(1, options.concurrentStreams) }), weightOf: () => 1 });
    }
    if (options.requestsPerMinute !== undefined) this.gates.push(reservoirGate(options.requestsPerMinute, minute, () => 1));
    if (options.requestsPerHour !== undefined) this.gates.push(reservoirGate(options.requestsPerHour, hour, () => 1));
    const tpm = options.tokensPerMinute;
    if (tpm !== undefined) {
      // A request bigger than a whole minute's budget would wait forever; it goes when the budget is full.
      this.gates.push(reservoirGate(tpm, minute, (tokens) => Math.min(tpm, Math.max(1, Math.ceil(tokens)))));
    }
  }

  /** Requests holding a slot right now. */
  get running(): number {
    return this.inFlight;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting;
  }

  /** Waits for every gate, then resolves with the function that frees the concurrency slot. */
  acquire(options: AcquireOptions = {}): Promise<Release> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelledError());
    const tokens = options.tokens ?? 1;
    return new Promise<Release>((resolve, reject) => {
      let settled = false;
      this.waiting++;
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        this.waiting--;
        reject(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      const hold = (): Promise<void> =>
        new Promise<void>((free) => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) {
            free(); // cancelled while queued: hand the slot straight back
            return;
          }
          settled = true;
          this.waiting--;
          this.inFlight++;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.inFlight--;
            free();
          });
        });

      let job = hold;
      for (const gate of [...this.gates].reverse()) {
        const inner = job;
        // A request cancelled while queued at an outer gate does not spend the inner gates' budget.
        job = () => (settled ? Promise.resolve() : gate.limiter.schedule({ weight: gate.weightOf(tokens) }, inner));
      }
      // Bottleneck rejects queued jobs only when stop() drops them.
      job().catch(() => {
        if (settled) return;
        settled = true;
        this.waiting--;
        reject(cancelledError());
      });
    });
  }

  /** Runs `fn` inside a slot. */
  async run<T>(fn: () => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Drops queued work and stops the gates' timers. */
  async stop(): Promise<void> {
    await Promise.all(this.gates.map((g) => g.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
  }
}

/** A limiter for a provider's documented limits, or undefined when it documents none. */
export function limiterFor(limits: ProviderLimits | undefined, overrides: Partial<LimiterOptions> = {}): RateLimiter | undefined {
  const merged = { ...limits, ...overrides };
  const any = [merged.concurrentStreams, merged.requestsPerMinute, merged.requestsPerHour, merged.tokensPerMinute].some((v) => v !== undefined);
  return any ? new RateLimiter(merged) : undefined;
}
