// Sliding-window request limit per API key, answering with the seconds a client should wait.

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit: { requests: number; windowMs: number } | undefined) {}

  /** 0 when the request may go ahead (it is then counted), else the Retry-After seconds. */
  check(key: string, now = Date.now()): number {
    if (!this.limit) return 0;
    const { requests, windowMs } = this.limit;
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= requests) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return 0;
  }
}
