// Asynchronous video tasks. Submitting answers "pending"/"queued"; each poll advances the task one
// step; poll number `steps` finishes it. A prompt containing the word "fail" ends in failure.
import { randomBytes } from 'node:crypto';
import type { Gateway } from './errors';

export interface VideoTask {
  id: string;
  gateway: Gateway;
  key: string;
  model: string;
  prompt: string;
  created: number;
  polls: number;
  fails: boolean;
}

export type VideoPhase = { phase: 'working'; progress: number } | { phase: 'done' } | { phase: 'failed' };

export class VideoTasks {
  private readonly tasks = new Map<string, VideoTask>();

  constructor(private readonly steps: number) {}

  create(gateway: Gateway, key: string, model: string, prompt: string): VideoTask {
    const id = `${gateway === 'helyx' ? 'vid_' : 'task_'}${randomBytes(8).toString('hex')}`;
    const task: VideoTask = {
      id,
      gateway,
      key,
      model,
      prompt,
      created: Math.floor(Date.now() / 1000),
      polls: 0,
      fails: /\bfail/i.test(prompt),
    };
    this.tasks.set(id, task);
    return task;
  }

  /** The task as its owner sees it, or undefined: other gateways' and other keys' tasks do not exist. */
  find(id: string, gateway: Gateway, key: string): VideoTask | undefined {
    const task = this.tasks.get(id);
    return task && task.gateway === gateway && task.key === key ? task : undefined;
  }

  byId(id: string): VideoTask | undefined {
    return this.tasks.get(id);
  }

  poll(task: VideoTask): VideoPhase {
    task.polls += 1;
    if (task.polls < this.steps) return { phase: 'working', progress: Math.floor((task.polls * 100) / this.steps) };
    return task.fails ? { phase: 'failed' } : { phase: 'done' };
  }

  get size(): number {
    return this.tasks.size;
  }
}
