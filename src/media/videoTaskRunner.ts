// Runs video tasks: submits them, persists each the moment the gateway accepts it, polls with
// backoff until a final status, downloads the result exactly once, and picks everything up again
// from the store after a reload or a crash. No vscode import: the clock, the gateway and the lock
// are injected, so unit tests run it with a fake clock against a fake or simulated gateway.
import { randomUUID } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { GatewayError } from '../gateway/errors';
import type { ProviderId } from '../gateway/providers';
import type { SubmitInput, SubmitOutcome, TaskEvent, VideoGateway, VideoTaskRunnerOptions } from './videoTaskRunnerOptions';
import { removeStaleTemps } from './atomicFile';
import { systemClock, type Clock, type TimerHandle } from './clock';
import { prepareFolder } from './confine';
import { downloadFailureMessage, downloadToFolder, existingDownload } from './mediaDownload';
import { nextPollDelay } from './pollBackoff';
import { writeSidecar } from './sidecar';
import {
  afterDownload,
  afterDownloadError,
  afterPoll,
  afterPollError,
  cancelled,
  isActive,
  restarted,
  resumeStep,
  retryKind,
  submittedRecord,
  type TaskTarget,
  type Transition,
  type VideoTaskRecord,
} from './videoTask';

export type { SubmitInput, SubmitOutcome, TaskEvent, VideoGateway, VideoTaskRunnerOptions } from './videoTaskRunnerOptions';

function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError({ kind: 'unknown', explanation: error instanceof Error ? error.message : String(error), action: 'none', retryable: false });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isFile();
  } catch {
    return false;
  }
}

export class VideoTaskRunner {
  private readonly tasks = new Map<string, VideoTaskRecord>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly delays = new Map<string, number>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly downloading = new Set<string>();
  private readonly busy = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(event: TaskEvent) => void>();
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly prepareTarget: (target: TaskTarget) => Promise<string>;
  private disposed = false;

  constructor(private readonly options: VideoTaskRunnerOptions) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
    this.prepareTarget = options.prepareTarget ?? ((target) => prepareFolder(target.root, target.folder));
  }

  onDidChange(listener: (event: TaskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): VideoTaskRecord[] {
    return [...this.tasks.values()].sort((a, b) => b.submittedAt - a.submittedAt);
  }

  get(id: string): VideoTaskRecord | undefined {
    return this.tasks.get(id);
  }

  /** Loads every stored task and carries on with the unfinished ones. Returns those resumed. */
  async start(): Promise<VideoTaskRecord[]> {
    const resumed: VideoTaskRecord[] = [];
    for (const record of await this.options.store.loadAll()) {
      if (this.disposed) break;
      if (this.tasks.has(record.id)) continue;
      this.tasks.set(record.id, record);
      this.emit({ kind: 'changed', record });
      const step = resumeStep(record);
      if (step === 'none') continue;
      resumed.push(record);
      this.log('info', `Resuming video task ${record.taskId} (${record.model}, ${record.state}).`);
      if (step === 'download') this.track(this.download(record.id));
      else this.schedulePoll(record.id, 0);
    }
    return resumed;
  }

  /** Submits a task and persists it before anything else happens. */
  async submit(input: SubmitInput, reuseId?: string): Promise<SubmitOutcome> {
    const gateway = await this.gatewayOrThrow(input.provider);
    const result = await gateway.submitVideo({ model: input.model, prompt: input.prompt, ...(input.signal ? { signal: input.signal } : {}) });
    const now = this.clock.now();
    const credits = result.billing?.creditsCharged;
    const record = submittedRecord({
      id: reuseId ?? this.newId(),
      provider: input.provider,
      taskId: result.taskId,
      model: input.model,
      prompt: input.prompt,
      target: input.target,
      status: result.status,
      ...(result.rawStatus ? { rawStatus: result.rawStatus } : {}),
      ...(credits !== undefined ? { credits } : {}),
      submittedAt: now,
    });
    const previous = this.tasks.get(record.id);
    // Persisted first: a crash from here on loses nothing, the next activation resumes it.
    const stored = await this.options.store.save(record);
    this.tasks.set(stored.id, stored);
    this.delays.delete(stored.id);
    this.emit({ kind: 'changed', record: stored, ...(previous ? { previous } : {}) });
    this.log('info', `Submitted video task ${stored.taskId} (${stored.model}).`);
    if (!this.disposed) this.schedulePoll(stored.id);
    return { record: stored, ...(result.billing ? { billing: result.billing } : {}) };
  }

  /** Stops polling (or downloading) a task; it stays in the list as cancelled. */
  async cancel(id: string): Promise<void> {
    const record = this.tasks.get(id);
    if (!record || !isActive(record)) return;
    this.stopWork(id);
    await this.commit(cancelled(record, this.clock.now()), record);
  }

  /** Fetches the file again, keeps waiting on the same task, or submits it anew, as fits the failure. */
  async retry(id: string): Promise<SubmitOutcome | undefined> {
    const record = this.tasks.get(id);
    if (!record) return undefined;
    const kind = retryKind(record);
    const now = this.clock.now();
    if (kind === 'download') {
      const next = await this.commit(restarted(record, now, 'downloading'), record);
      this.track(this.download(next.id));
      return { record: next };
    }
    if (kind === 'poll') {
      const next = await this.commit(restarted(record, now, 'running'), record);
      this.delays.delete(id);
      this.schedulePoll(id, 0);
      return { record: next };
    }
    if (kind === 'resubmit') {
      return this.submit({ provider: record.provider, model: record.model, prompt: record.prompt, target: record.target }, record.id);
    }
    return undefined;
  }

  /** Forgets a finished task (the video file, if any, stays). */
  async remove(id: string): Promise<void> {
    const record = this.tasks.get(id);
    if (!record) return;
    if (isActive(record)) await this.cancel(id);
    this.tasks.delete(id);
    await this.options.store.delete(id);
    this.emit({ kind: 'removed', id });
  }

  /** Resolves once no poll or download is in flight (timers waiting for their time do not count). */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await Promise.allSettled([...this.busy]);
  }

  /**
   * Stops everything in memory and leaves the store as it is, as a closing window or a crash
   * would: the next runner on the same store carries on where this one stopped.
   */
  dispose(): void {
    this.disposed = true;
    for (const id of [...this.timers.keys(), ...this.aborts.keys()]) this.stopWork(id);
    this.listeners.clear();
  }

  // -------------------------------------------------------------------------------------------

  private async gatewayOrThrow(provider: ProviderId): Promise<VideoGateway> {
    const gateway = await this.options.gatewayFor(provider);
    if (gateway) return gateway;
    throw new GatewayError({
      kind: 'unauthorized',
      explanation: `No API key is set for ${this.options.providerName?.(provider) ?? provider}: set one, then Retry.`,
      action: 'set-key',
      retryable: false,
    });
  }

  private stopWork(id: string): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(id);
    this.aborts.get(id)?.abort();
    this.aborts.delete(id);
  }

  private schedulePoll(id: string, delayMs?: number): void {
    if (this.disposed) return;
    const existing = this.timers.get(id);
    if (existing !== undefined) this.clock.clearTimeout(existing);
    let delay = delayMs;
    if (delay === undefined) {
      delay = nextPollDelay(this.delays.get(id));
      this.delays.set(id, delay);
    }
    const timer = this.clock.setTimeout(() => {
      if (this.timers.get(id) === timer) this.timers.delete(id);
      this.track(this.poll(id));
    }, delay);
    this.timers.set(id, timer);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.log('warn', `Video task error: ${error instanceof Error ? error.message : String(error)}`));
    this.busy.add(tracked);
    void tracked.finally(() => this.busy.delete(tracked));
  }

  /** Saves a new version of a task unless it changed meanwhile (cancelled, say); returns what holds now. */
  private async commit(next: VideoTaskRecord, expected: VideoTaskRecord): Promise<VideoTaskRecord> {
    if (this.tasks.get(next.id) !== expected) return this.tasks.get(next.id) ?? next;
    this.tasks.set(next.id, next);
    const stored = await this.options.store.save(next);
    if (stored !== next && this.tasks.get(next.id) === next) this.tasks.set(next.id, stored);
    if (!this.disposed) this.emit({ kind: 'changed', record: this.tasks.get(next.id) ?? stored, previous: expected });
    return this.tasks.get(next.id) ?? stored;
  }

  private async poll(id: string): Promise<void> {
    const record = this.tasks.get(id);
    if (!record || this.disposed || resumeStep(record) !== 'poll') return;
    const now = (): number => this.clock.now();
    const gateway = await this.options.gatewayFor(record.provider);
    if (!gateway) {
      const error = await this.gatewayOrThrow(record.provider).then(() => undefined, asGatewayError);
      if (error) await this.commit(afterPollError(record, error, now(), this.options.timeoutMs()).record, record);
      return;
    }
    const abort = new AbortController();
    this.aborts.set(id, abort);
    let transition: Transition;
    let retryAfterMs = 0;
    try {
      const info = await gateway.getVideoTask(record.taskId, { signal: abort.signal });
      transition = afterPoll(record, info, now(), this.options.timeoutMs());
    } catch (error) {
      if (abort.signal.aborted || this.disposed) return;
      const failure = asGatewayError(error);
      retryAfterMs = (failure.retryAfterSeconds ?? 0) * 1000;
      transition = afterPollError(record, failure, now(), this.options.timeoutMs());
    } finally {
      if (this.aborts.get(id) === abort) this.aborts.delete(id);
    }
    if (this.disposed || this.tasks.get(id) !== record) return;
    if (transition.note) this.log('warn', `Polling video task ${record.taskId}: ${transition.note} Trying again.`);
    const current = transition.record === record ? record : await this.commit(transition.record, record);
    if (current !== transition.record) return;
    if (current.state === 'failed') this.log('warn', `Video task ${current.taskId} failed: ${current.error ?? 'no reason given'}`);
    if (current.state === 'timedout') this.log('warn', `Video task ${current.taskId} timed out.`);
    if (transition.next === 'poll') {
      const next = nextPollDelay(this.delays.get(id));
      this.delays.set(id, next);
      this.schedulePoll(id, Math.max(next, retryAfterMs));
    } else if (transition.next === 'download') {
      await this.download(id);
    }
  }

  private async download(id: string): Promise<void> {
    if (this.disposed || this.downloading.has(id)) return;
    const first = this.tasks.get(id);
    if (!first || first.state !== 'downloading' || !first.videoUrl) return;
    this.downloading.add(id);
    try {
      const release = await this.options.lock.tryAcquire(id);
      if (!release) {
        // Another window is downloading it: look again later; by then it is done, or its lock is stale.
        this.log('info', `Video task ${first.taskId} is being downloaded elsewhere; waiting.`);
        const timer = this.clock.setTimeout(() => {
          if (this.timers.get(id) === timer) this.timers.delete(id);
          this.track(this.recheck(id));
        }, this.options.lockRecheckMs ?? 5_000);
        this.timers.set(id, timer);
        return;
      }
      try {
        await this.downloadLocked(id);
      } finally {
        await release();
      }
    } finally {
      this.downloading.delete(id);
    }
  }

  /** After waiting for another window's lock: take its result, or try the lock again. */
  private async recheck(id: string): Promise<void> {
    const record = this.tasks.get(id);
    if (!record || this.disposed || record.state !== 'downloading') return;
    if (await this.adoptFinished(id, record)) return;
    await this.download(id);
  }

  /** A finished version of the task in the store (another window's work) replaces ours. */
  private async adoptFinished(id: string, record: VideoTaskRecord): Promise<boolean> {
    const stored = await this.options.store.read(id);
    if (!stored || stored.state !== 'done' || !stored.file || !(await isFile(stored.file))) return false;
    if (this.tasks.get(id) !== record) return true;
    this.tasks.set(id, stored);
    if (!this.disposed) this.emit({ kind: 'changed', record: stored, previous: record });
    return true;
  }

  private async downloadLocked(id: string): Promise<void> {
    const record = this.tasks.get(id);
    if (!record || record.state !== 'downloading' || !record.videoUrl) return;
    if (await this.adoptFinished(id, record)) return;
    const now = (): number => this.clock.now();
    const abort = new AbortController();
    this.aborts.set(id, abort);
    try {
      const folder = await this.prepareTarget(record.target);
      // Half-written leftovers of a crashed run go first; only complete files carry the final name,
      // so one found there means a run stopped after the file landed but before the store said so.
      await removeStaleTemps(folder, `${record.target.baseName}.`);
      const earlier = await existingDownload(folder, record.target.baseName, 'video');
      if (earlier) {
        await this.commit(afterDownload(record, earlier, now()), record);
        return;
      }
      const gateway = await this.gatewayOrThrow(record.provider);
      const saved = await downloadToFolder(gateway, record.videoUrl, {
        folder,
        baseName: record.target.baseName,
        kind: 'video',
        maxBytes: this.options.maxDownloadBytes(),
        signal: abort.signal,
        onProgress: (received, total) => this.emit({ kind: 'download-progress', id, received, ...(total !== undefined ? { total } : {}) }),
      });
      await writeSidecar(saved.path, {
        kind: 'video',
        prompt: record.prompt,
        model: record.model,
        provider: this.options.providerName?.(record.provider) ?? record.provider,
        createdAt: new Date(record.submittedAt),
        taskId: record.taskId,
        ...(record.credits !== undefined ? { credits: record.credits } : {}),
      }).catch((error: unknown) => this.log('warn', `Could not write the sidecar of ${saved.path}: ${error instanceof Error ? error.message : String(error)}`));
      // Saved even when disposing meanwhile: the file exists, and the store must say so.
      const done = await this.commit(afterDownload(record, saved.path, now()), record);
      this.log('info', `Video task ${record.taskId} saved to ${done.file ?? saved.path}.`);
    } catch (error) {
      if (abort.signal.aborted || this.disposed) return;
      const message = downloadFailureMessage(error);
      this.log('warn', `Download of video task ${record.taskId} failed: ${message}`);
      await this.commit(afterDownloadError(record, message, now()), record);
    } finally {
      if (this.aborts.get(id) === abort) this.aborts.delete(id);
    }
  }

  private emit(event: TaskEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log('warn', `A video task listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.options.log?.(level, message);
  }
}
