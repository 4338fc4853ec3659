// What the video task runner takes and tells: its gateway, options, inputs and events.
import type { Billing, DownloadOptions, DownloadResult, VideoRequest, VideoSubmitResult, VideoTaskInfo } from '../gateway/types';
import type { ProviderId } from '../gateway/providers';
import type { Clock } from './clock';
import type { DownloadLock } from './downloadLock';
import type { TaskTarget, VideoTaskRecord } from './videoTask';
import type { VideoTaskStore } from './videoTaskStore';

export interface VideoGateway {
  submitVideo(req: VideoRequest): Promise<VideoSubmitResult>;
  getVideoTask(taskId: string, options?: { signal?: AbortSignal }): Promise<VideoTaskInfo>;
  download(url: string, options?: DownloadOptions): Promise<DownloadResult>;
}

export type TaskEvent =
  | { kind: 'changed'; record: VideoTaskRecord; previous?: VideoTaskRecord }
  | { kind: 'removed'; id: string }
  | { kind: 'download-progress'; id: string; received: number; total?: number };

export interface VideoTaskRunnerOptions {
  store: VideoTaskStore;
  /** The gateway a task belongs to; undefined when its provider has no key now. */
  gatewayFor: (provider: ProviderId) => Promise<VideoGateway | undefined>;
  lock: DownloadLock;
  timeoutMs: () => number;
  maxDownloadBytes: () => number;
  clock?: Clock;
  /** The folder a task's file goes to, created and confined right before writing. */
  prepareTarget?: (target: TaskTarget) => Promise<string>;
  newId?: () => string;
  log?: (level: 'info' | 'warn', message: string) => void;
  /** How soon to look again when another window holds a task's download lock. */
  lockRecheckMs?: number;
  providerName?: (provider: ProviderId) => string;
}

export interface SubmitInput {
  provider: ProviderId;
  model: string;
  prompt: string;
  target: TaskTarget;
  signal?: AbortSignal;
}

export interface SubmitOutcome {
  record: VideoTaskRecord;
  billing?: Billing;
}
