// How a video task reads in the Generation Tasks view and its notifications. Pure, so the words
// people see are unit-tested without an editor.
import path from 'node:path';
import { formatCredits } from '../gateway/creditsText';
import type { TaskState, VideoTaskRecord } from './videoTask';

const STATE_WORDS: Readonly<Record<TaskState, string>> = {
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Downloading',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  timedout: 'Timed out',
};

/** Codicon ids for each state (ThemeIcon names). */
export const STATE_ICONS: Readonly<Record<TaskState, string>> = {
  queued: 'clock',
  running: 'sync~spin',
  downloading: 'cloud-download',
  done: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  timedout: 'watch',
};

/**
 * The tree item's contextValue; package.json's inline menus match /running/ (Cancel), /done/
 * (Open), /failed/ (Retry) and /done|failed|cancelled/ (Remove).
 */
export function contextValueFor(state: TaskState): string {
  switch (state) {
    case 'queued':
    case 'running':
    case 'downloading':
      return 'videoTask running';
    case 'done':
      return 'videoTask done';
    case 'failed':
    case 'timedout':
      return 'videoTask failed';
    case 'cancelled':
      return 'videoTask cancelled';
  }
}

/** 0:07, 3:25, 1:02:09. */
export function elapsedLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function elapsedMs(record: VideoTaskRecord, now: number): number {
  return (record.finishedAt ?? now) - record.submittedAt;
}

export function shortText(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "Generating 40%", "Failed: Content policy violation…", "Done". */
export function statusLabel(record: VideoTaskRecord): string {
  const word = STATE_WORDS[record.state];
  if ((record.state === 'running' || record.state === 'queued') && record.progress !== undefined && record.progress > 0) {
    return `${word} ${Math.round(record.progress)}%`;
  }
  if ((record.state === 'failed' || record.state === 'timedout') && record.error) return `${word}: ${shortText(record.error, 80)}`;
  return word;
}

/** The line beside the task's prompt: status · model · elapsed. */
export function taskDescription(record: VideoTaskRecord, now: number): string {
  return `${statusLabel(record)} · ${record.model} · ${elapsedLabel(elapsedMs(record, now))}`;
}

/** Every detail, one per line, for the tooltip. */
export function taskDetails(record: VideoTaskRecord, now: number, providerName: string): string[] {
  const lines = [
    `Prompt: ${record.prompt}`,
    `Model: ${record.model} (${providerName})`,
    `Status: ${STATE_WORDS[record.state]}${record.rawStatus ? ` (gateway: ${record.rawStatus})` : ''}`,
    `Elapsed: ${elapsedLabel(elapsedMs(record, now))}`,
    `Task id: ${record.taskId}`,
  ];
  if (record.progress !== undefined && record.state !== 'done') lines.push(`Progress: ${Math.round(record.progress)}%`);
  if (record.credits !== undefined) lines.push(`Credits: ${formatCredits(record.credits)}`);
  if (record.error) lines.push(`${record.state === 'failed' ? 'Reason' : 'Note'}: ${record.error}`);
  if (record.file) lines.push(`File: ${record.file}`);
  else lines.push(`Saves to: ${path.join(record.target.root, ...record.target.folder.split('/'), `${record.target.baseName}.mp4`)}`);
  return lines;
}
