// Everything the simulator remembers between requests, plus its timers so close() can stop them.
import { randomBytes } from 'node:crypto';
import { DEMO_KEYS } from './catalogue';
import { FaultQueue } from './faults';
import { RateLimiter } from './rate-limit';
import { messageText } from './billing';
import type { ReceivedToolResult, RecordedRequest, ScriptedReply, SimAccount, SimOptions } from './types';
import { VideoTasks } from './videos';

export const HEYTOKEN_START_BALANCE = 100;

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export class SimState {
  url = '';
  readonly accounts = new Map<string, SimAccount>();
  readonly heytokenBalances = new Map<string, number>();
  readonly faults = new FaultQueue();
  readonly scripts: ScriptedReply[] = [];
  readonly files = new Map<string, StoredFile>();
  readonly videos: VideoTasks;
  readonly limiter: RateLimiter;
  readonly requests: RecordedRequest[] = [];
  readonly toolResults: ReceivedToolResult[] = [];
  readonly chunkDelayMs: number;
  /** Bytes that huge-body faults got onto the socket (see bigFaults.ts). */
  faultBytesSent = 0;
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private isClosed = false;

  constructor(options: SimOptions) {
    const helyxDefaults: Record<string, SimAccount> = {
      [DEMO_KEYS.helyxPro]: { plan: 'pro', credits: 10_000 },
      [DEMO_KEYS.helyxFree]: { plan: 'free', credits: 1_000 },
      [DEMO_KEYS.helyxEmpty]: { plan: 'plus', credits: 0 },
    };
    // Given keys are added to the demo keys (not instead of them), so sim.keys always work.
    for (const [key, account] of Object.entries({ ...helyxDefaults, ...options.helyxKeys })) {
      this.accounts.set(key, { ...account });
    }
    for (const key of [DEMO_KEYS.heytoken, ...(options.heytokenKeys ?? [])]) {
      this.heytokenBalances.set(key, HEYTOKEN_START_BALANCE);
    }
    this.videos = new VideoTasks(Math.max(1, options.videoSteps ?? 3));
    this.limiter = new RateLimiter(options.rateLimit);
    this.chunkDelayMs = Math.max(0, options.chunkDelayMs ?? 0);
  }

  setCredits(key: string, credits: number): void {
    if (!Number.isFinite(credits)) throw new Error('credits must be a finite number');
    const account = this.accounts.get(key);
    if (account) account.credits = credits;
    else if (this.heytokenBalances.has(key)) this.heytokenBalances.set(key, credits);
    else throw new Error('Unknown key');
  }

  credits(key: string): number {
    const account = this.accounts.get(key);
    if (account) return account.credits;
    const balance = this.heytokenBalances.get(key);
    if (balance === undefined) throw new Error('Unknown key');
    return balance;
  }

  /** The reply queued for these messages: the first whose marker they contain, else the first unmarked one. */
  findScript(messages: readonly { content?: unknown }[]): ScriptedReply | undefined {
    const texts = messages.map((m) => messageText(m.content));
    const marked = this.scripts.find((s) => s.marker !== undefined && texts.some((t) => t.includes(s.marker as string)));
    return marked ?? this.scripts.find((s) => s.marker === undefined);
  }

  useScript(script: ScriptedReply | undefined): void {
    const at = script ? this.scripts.indexOf(script) : -1;
    if (at >= 0) this.scripts.splice(at, 1);
  }

  takeScript(messages: readonly { content?: unknown }[]): ScriptedReply | undefined {
    const script = this.findScript(messages);
    this.useScript(script);
    return script;
  }

  storeFile(extension: string, file: StoredFile, id = randomBytes(8).toString('hex')): string {
    const name = `${id}.${extension}`;
    this.files.set(name, file);
    return name;
  }

  /** Resolves after ms, or at once when the simulator closes, so no timer outlives close(). */
  sleep(ms: number): Promise<void> {
    if (this.isClosed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.sleepers.delete(entry);
          resolve();
        }, ms),
      };
      this.sleepers.add(entry);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  shutdown(): void {
    this.isClosed = true;
    for (const entry of this.sleepers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.sleepers.clear();
  }
}
