// Video task status words differ between gateways; this is the one place that knows them all.
import type { VideoStatus } from './types';

const WORDS: Readonly<Record<string, VideoStatus>> = {
  queued: 'queued',
  queueing: 'queued',
  pending: 'queued',
  submitted: 'queued',
  created: 'queued',
  waiting: 'queued',
  not_started: 'queued',
  scheduled: 'queued',
  accepted: 'queued',
  processing: 'running',
  in_progress: 'running',
  inprogress: 'running',
  running: 'running',
  started: 'running',
  generating: 'running',
  rendering: 'running',
  active: 'running',
  working: 'running',
  succeeded: 'succeeded',
  success: 'succeeded',
  successful: 'succeeded',
  completed: 'succeeded',
  complete: 'succeeded',
  done: 'succeeded',
  finished: 'succeeded',
  ready: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  fail: 'failed',
  error: 'failed',
  errored: 'failed',
  rejected: 'failed',
  expired: 'failed',
  timeout: 'failed',
  timed_out: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  cancel: 'cancelled',
  aborted: 'cancelled',
};

/**
 * Maps a gateway's status word to a VideoStatus. Case, spaces and hyphens do not matter
 * ("In Progress", "in-progress"). An unknown word counts as 'running' — the task is not finished
 * as far as we know — and is reported through `onUnknown` so it can be logged and added here.
 */
export function mapVideoStatus(raw: unknown, onUnknown?: (word: string) => void): VideoStatus {
  const word = typeof raw === 'string' ? raw.trim().toLowerCase().replace(/[\s-]+/g, '_') : '';
  const known = WORDS[word];
  if (known) return known;
  onUnknown?.(typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw));
  return 'running';
}

export function isFinalVideoStatus(status: VideoStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
