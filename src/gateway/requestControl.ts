// One request's abort signal, combining the caller's cancellation, the whole-request timeout and
// the idle timeout (no bytes for N ms), and remembering which of them fired.
import { cancelledError, timeoutError, type GatewayError } from './errors';

export type AbortCause = 'user' | 'idle' | 'total';

export class RequestControl {
  private readonly controller = new AbortController();
  private readonly totalTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private lastActivity = 0;
  private causeValue?: AbortCause;

  constructor(
    private readonly userSignal: AbortSignal | undefined,
    private readonly totalMs: number,
    private readonly idleMs: number,
    private readonly url?: string,
  ) {
    if (userSignal?.aborted) this.abort('user');
    else userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
    if (totalMs > 0 && Number.isFinite(totalMs)) {
      this.totalTimer = setTimeout(() => this.abort('total'), totalMs);
      this.totalTimer.unref();
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the request was aborted, if it was. */
  get cause(): AbortCause | undefined {
    return this.causeValue;
  }

  /** The caller cancelled (as opposed to a timeout). A method, so callers re-read it after awaits. */
  cancelledByUser(): boolean {
    return this.causeValue === 'user';
  }

  /** Starts (or restarts) watching for silence. */
  startIdle(): void {
    if (!(this.idleMs > 0) || !Number.isFinite(this.idleMs) || this.causeValue) return;
    this.lastActivity = performance.now();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(this.checkIdle, this.idleMs);
    this.idleTimer.unref();
  }

  /** Stops watching for silence (e.g. while waiting to retry). */
  pauseIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Bytes arrived. Kept to one clock read: it runs for every network read of a long stream. */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** The error for a timeout abort, or a cancellation, or undefined when nothing was aborted. */
  abortError(): GatewayError | undefined {
    switch (this.causeValue) {
      case 'idle':
        return timeoutError('idle', this.idleMs, this.url);
      case 'total':
        return timeoutError('total', this.totalMs, this.url);
      case 'user':
        return cancelledError(this.url);
      default:
        return undefined;
    }
  }

  /**
   * Clears the timers. Unless the request completed, also aborts it so its connection closes.
   * (A completed request is not aborted: an abort builds a DOMException with a stack, a cost every
   * request would pay for nothing.)
   */
  dispose(completed = false): void {
    clearTimeout(this.totalTimer);
    clearTimeout(this.idleTimer);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
    if (!completed && !this.controller.signal.aborted) this.controller.abort();
  }

  private readonly onUserAbort = (): void => this.abort('user');

  private readonly checkIdle = (): void => {
    const quiet = performance.now() - this.lastActivity;
    if (quiet >= this.idleMs) {
      this.abort('idle');
      return;
    }
    this.idleTimer = setTimeout(this.checkIdle, this.idleMs - quiet);
    this.idleTimer.unref();
  };

  private abort(cause: AbortCause): void {
    if (this.causeValue) return;
    this.causeValue = cause;
    clearTimeout(this.totalTimer);
    clearTimeout(this.idleTimer);
    this.controller.abort();
  }
}
