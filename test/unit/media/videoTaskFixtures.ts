// Shared pieces of the video task tests: a scripted gateway, temp folders, and a runner on a fake clock.
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GatewayError } from '../../../src/gateway/errors';
import { videoSubmission, videoTaskFrom } from '../../../src/gateway/mediaResponses';
import { mapVideoStatus } from '../../../src/gateway/videoStatus';
import type { DownloadOptions, DownloadResult, VideoRequest, VideoSubmitResult, VideoTaskInfo } from '../../../src/gateway/types';
import { FileDownloadLock } from '../../../src/media/downloadLock';
import type { VideoTaskRecord } from '../../../src/media/videoTask';
import { VideoTaskRunner, type VideoGateway, type VideoTaskRunnerOptions } from '../../../src/media/videoTaskRunner';
import { VideoTaskStore } from '../../../src/media/videoTaskStore';
import { tinyMp4 } from '../../sim/media';
import { FakeClock } from './fakeClock';

export const MP4 = tinyMp4('scripted');

/** One poll's answer: a gateway body (as JSON) or an error the client would throw. */
export type PollAnswer = Record<string, unknown> | GatewayError;

/** A gateway whose poll answers are scripted; the last one repeats. Counts what was asked of it. */
export class ScriptedGateway implements VideoGateway {
  polls = 0;
  downloads = 0;
  submits = 0;
  submitBody: Record<string, unknown> = { task_id: 'task_1', status: 'queued' };
  /** When set, downloads wait for it before sending bytes. */
  downloadGate?: Promise<void>;
  downloadBytes: Uint8Array = MP4;
  downloadType = 'video/mp4';

  constructor(public script: PollAnswer[]) {}

  async submitVideo(req: VideoRequest): Promise<VideoSubmitResult> {
    this.submits++;
    const { taskId, rawStatus } = videoSubmission({ ...this.submitBody, task_id: `${String(this.submitBody.task_id)}${this.submits > 1 ? `_${this.submits}` : ''}`, model: req.model });
    return { taskId: taskId!, status: mapVideoStatus(rawStatus), rawStatus, billing: { creditsCharged: 1000, creditsRemaining: 9000 } };
  }

  async getVideoTask(taskId: string, options: { signal?: AbortSignal } = {}): Promise<VideoTaskInfo> {
    this.polls++;
    if (options.signal?.aborted) throw new GatewayError({ kind: 'cancelled', explanation: 'cancelled', action: 'none', retryable: false });
    const answer = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
    if (answer instanceof GatewayError) throw answer;
    return videoTaskFrom(taskId, answer);
  }

  async download(_url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    this.downloads++;
    await this.downloadGate;
    const bytes = this.downloadBytes;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        options.onProgress?.(bytes.length, bytes.length);
        controller.enqueue(bytes);
        controller.close();
      },
    });
    return { body, contentType: this.downloadType, contentLength: bytes.length };
  }
}

export const working = (status: string, progress?: number): PollAnswer => ({ status, ...(progress !== undefined ? { progress } : {}) });
export const finished = (status = 'succeeded'): PollAnswer => ({ status, progress: 100, video_url: 'https://cdn.example.test/video/task_1.mp4' });
export const failedWith = (status: string, message: string): PollAnswer => ({ status, error: { message, code: 'content_policy_violation' } });

export interface Dirs {
  base: string;
  store: string;
  locks: string;
  workspace: string;
  cleanup(): Promise<void>;
}

export async function makeDirs(): Promise<Dirs> {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'sb-video-')));
  return {
    base,
    store: path.join(base, 'storage', 'video-tasks'),
    locks: path.join(base, 'storage', 'video-locks'),
    workspace: path.join(base, 'workspace'),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

export function makeRunner(dirs: Dirs, gateway: VideoGateway | undefined, clock: FakeClock, extra: Partial<VideoTaskRunnerOptions> = {}): VideoTaskRunner {
  return new VideoTaskRunner({
    store: new VideoTaskStore(dirs.store),
    gatewayFor: async () => gateway,
    lock: new FileDownloadLock(dirs.locks),
    timeoutMs: () => 30 * 60_000,
    maxDownloadBytes: () => 10 * 1024 * 1024,
    clock,
    ...extra,
  });
}

export const target = (dirs: Dirs) => ({ root: dirs.workspace, folder: 'generated/videos', baseName: 'a-fox-in-snow-20250101-120000' });

/** A stored task record: HeyToken's sora on "a fox in snow", running since `since`; `over` sets the rest. */
export function taskRecord(since: number, over: Partial<VideoTaskRecord> = {}): VideoTaskRecord {
  return {
    v: 1,
    id: 'local-1',
    provider: 'heytoken',
    taskId: 'task_1',
    model: 'sora',
    prompt: 'a fox in snow',
    target: { root: '/ws', folder: 'generated/videos', baseName: 'a-fox-in-snow-20250101-120000' },
    state: 'running',
    submittedAt: since,
    waitingSince: since,
    updatedAt: since,
    ...over,
  };
}

/** Lets the runner finish what it is doing, then fires the next timer; repeated until nothing is left or `limit` timers fired. */
export async function runUntilQuiet(clock: FakeClock, runner: VideoTaskRunner, limit = 100): Promise<number> {
  let fired = 0;
  for (; fired < limit; fired++) {
    await runner.idle();
    const next = clock.nextIn();
    if (next === undefined) break;
    clock.advance(next);
  }
  await runner.idle();
  return fired;
}

/** Fires just the next timer and waits for the work it started. */
export async function step(clock: FakeClock, runner: VideoTaskRunner): Promise<void> {
  await runner.idle();
  const next = clock.nextIn();
  if (next === undefined) throw new Error('no timer is set: the runner is not polling');
  clock.advance(next);
  await runner.idle();
}
