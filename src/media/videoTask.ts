// A video task as Switchboard remembers it, and the pure rules that move it from state to state.
// The poller (videoTaskRunner.ts) does the I/O; everything it decides comes from here.
import type { GatewayError } from '../gateway/errors';
import type { VideoStatus, VideoTaskInfo } from '../gateway/types';
import type { ProviderId } from '../gateway/providers';

/**
 * queued / running: the gateway is working on it; downloading: the gateway is done and the file is
 * being (or must be) fetched; done: the file is in the workspace. The rest are final.
 */
export type TaskState = 'queued' | 'running' | 'downloading' | 'done' | 'failed' | 'cancelled' | 'timedout';

export interface TaskTarget {
  /** The folder the file is confined to (a workspace folder, or the one the user picked). */
  root: string;
  /** The folder under root, relative, "/"-separated. */
  folder: string;
  /** File name without extension, sanitized when the task was submitted. */
  baseName: string;
}

export interface VideoTaskRecord {
  v: 1;
  /** Switchboard's own id for the task (the row in Generation Tasks). */
  id: string;
  provider: ProviderId;
  /** The gateway's task id. */
  taskId: string;
  model: string;
  prompt: string;
  target: TaskTarget;
  state: TaskState;
  /** The gateway's own status word, as last seen. */
  rawStatus?: string;
  /** 0–100, where the gateway reports it. */
  progress?: number;
  videoUrl?: string;
  /** Why it failed or timed out: the gateway's reason when it gave one. */
  error?: string;
  /** Where a failure happened, which decides what Retry does. */
  failedAt?: 'gateway' | 'poll' | 'download';
  /** The video in the workspace, once done. */
  file?: string;
  submittedAt: number;
  /** When the current wait for the gateway began (submission, or the last Retry); the timeout counts from here. */
  waitingSince: number;
  updatedAt: number;
  finishedAt?: number;
  credits?: number;
}

export const ACTIVE_STATES: ReadonlySet<TaskState> = new Set(['queued', 'running', 'downloading']);

export function isActive(record: Pick<VideoTaskRecord, 'state'>): boolean {
  return ACTIVE_STATES.has(record.state);
}

export type NextStep = 'poll' | 'download' | 'none';

export interface Transition {
  record: VideoTaskRecord;
  next: NextStep;
  /** A transient problem worth a log line, while polling goes on. */
  note?: string;
}

function stateFor(status: VideoStatus): TaskState {
  return status === 'queued' ? 'queued' : 'running';
}

/** What a freshly submitted task looks like; the gateway may already report it finished. */
export function submittedRecord(input: Omit<VideoTaskRecord, 'v' | 'state' | 'updatedAt' | 'waitingSince'> & { status: VideoStatus; rawStatus?: string }): VideoTaskRecord {
  const { status, ...rest } = input;
  // A task reported finished at once is still polled: the poll brings its link or its reason.
  return { v: 1, ...rest, state: status === 'queued' ? 'queued' : 'running', waitingSince: input.submittedAt, updatedAt: input.submittedAt };
}

export function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

function timedOut(record: VideoTaskRecord, now: number, timeoutMs: number): Transition {
  return {
    record: {
      ...record,
      state: 'timedout',
      error: `No result after ${minutes(timeoutMs)}: stopped waiting. Retry to keep waiting, or raise switchboard.videos.timeoutMinutes.`,
      updatedAt: now,
      finishedAt: now,
    },
    next: 'none',
  };
}

/** The task after one successful poll. */
export function afterPoll(record: VideoTaskRecord, info: VideoTaskInfo, now: number, timeoutMs: number): Transition {
  const seen: VideoTaskRecord = { ...record, rawStatus: info.rawStatus, updatedAt: now };
  if (info.progress !== undefined) seen.progress = info.progress;
  delete seen.error;
  switch (info.status) {
    case 'succeeded':
      if (!info.videoUrl) {
        return {
          record: { ...seen, state: 'failed', failedAt: 'gateway', error: `The gateway reported "${info.rawStatus}" but gave no link to the video.`, finishedAt: now },
          next: 'none',
        };
      }
      return { record: { ...seen, state: 'downloading', progress: 100, videoUrl: info.videoUrl }, next: 'download' };
    case 'failed':
    case 'cancelled':
      return {
        record: {
          ...seen,
          state: 'failed',
          failedAt: 'gateway',
          error: info.error ?? (info.status === 'cancelled' ? `The gateway cancelled the task ("${info.rawStatus}") without giving a reason.` : `The gateway reported "${info.rawStatus}" without giving a reason.`),
          finishedAt: now,
        },
        next: 'none',
      };
    case 'queued':
    case 'running':
      if (now - record.waitingSince >= timeoutMs) return timedOut(seen, now, timeoutMs);
      return { record: { ...seen, state: stateFor(info.status) }, next: 'poll' };
  }
}

/** The task after a poll that failed: transient trouble keeps polling, the rest ends it. */
export function afterPollError(record: VideoTaskRecord, error: GatewayError, now: number, timeoutMs: number): Transition {
  if (error.retryable) {
    if (now - record.waitingSince >= timeoutMs) return timedOut({ ...record, updatedAt: now }, now, timeoutMs);
    return { record, next: 'poll', note: error.message };
  }
  // A task the gateway no longer knows can only be submitted again; anything else (a removed key,
  // no credits) may be fixed by the user, and Retry then asks about the same task again.
  const lost = error.kind === 'not-found' || error.kind === 'model-not-found';
  const reason = lost ? `The gateway no longer knows this task: ${error.message}` : error.message;
  return { record: { ...record, state: 'failed', failedAt: lost ? 'gateway' : 'poll', error: reason, updatedAt: now, finishedAt: now }, next: 'none' };
}

/** The task after its download failed. */
export function afterDownloadError(record: VideoTaskRecord, message: string, now: number): VideoTaskRecord {
  return { ...record, state: 'failed', failedAt: 'download', error: message, updatedAt: now, finishedAt: now };
}

export function afterDownload(record: VideoTaskRecord, file: string, now: number): VideoTaskRecord {
  const done: VideoTaskRecord = { ...record, state: 'done', file, progress: 100, updatedAt: now, finishedAt: now };
  delete done.error;
  delete done.failedAt;
  return done;
}

export function cancelled(record: VideoTaskRecord, now: number): VideoTaskRecord {
  return { ...record, state: 'cancelled', error: 'Cancelled: Switchboard stopped polling this task.', updatedAt: now, finishedAt: now };
}

/** What to do with a task found in the store at start-up. */
export function resumeStep(record: VideoTaskRecord): NextStep {
  if (record.state === 'queued' || record.state === 'running') return 'poll';
  if (record.state === 'downloading') return record.videoUrl ? 'download' : 'poll';
  return 'none';
}

/** What Retry does: fetch the file again, keep waiting for the same task, or submit it anew. */
export function retryKind(record: VideoTaskRecord): 'download' | 'poll' | 'resubmit' | 'none' {
  if (isActive(record) || record.state === 'done') return 'none';
  if (record.videoUrl && (record.failedAt === 'download' || record.state === 'cancelled')) return 'download';
  if (record.state === 'timedout' || record.state === 'cancelled' || record.failedAt === 'poll') return 'poll';
  return 'resubmit';
}

/** The record reset for another wait on the gateway. */
export function restarted(record: VideoTaskRecord, now: number, state: TaskState): VideoTaskRecord {
  const next: VideoTaskRecord = { ...record, state, waitingSince: now, updatedAt: now };
  delete next.error;
  delete next.failedAt;
  delete next.finishedAt;
  return next;
}
