// The participant's /image and /video run Switchboard's generation commands; this reads what a
// command's result says: the files it saved, or the video task still rendering.

/** `uri`, `[uri…]`, `{ uri }`, `{ uris }`, `{ file }` or `{ files }`; anything else: no files. */
export function savedFiles<U>(result: unknown, isUri: (value: unknown) => value is U): U[] {
  if (isUri(result)) return [result];
  if (Array.isArray(result)) return result.filter(isUri);
  if (typeof result !== 'object' || result === null) return [];
  const record = result as Record<string, unknown>;
  for (const field of ['uris', 'files', 'uri', 'file']) {
    const value = record[field];
    if (isUri(value)) return [value];
    if (Array.isArray(value)) {
      const found = value.filter(isUri);
      if (found.length) return found;
    }
  }
  return [];
}

/** A video task as Generate Video and the Generation Tasks list report it. */
export interface TaskSnapshot {
  id: string;
  state: string;
  progress?: number;
  /** Absolute path of the saved video, once done. */
  file?: string;
  error?: string;
}

const ACTIVE = new Set(['queued', 'running', 'downloading']);

export function taskFrom(value: unknown): TaskSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || !r.id || typeof r.state !== 'string') return undefined;
  return {
    id: r.id,
    state: r.state,
    ...(typeof r.progress === 'number' ? { progress: r.progress } : {}),
    ...(typeof r.file === 'string' && r.file ? { file: r.file } : {}),
    ...(typeof r.error === 'string' && r.error ? { error: r.error } : {}),
  };
}

export function isTaskActive(task: TaskSnapshot): boolean {
  return ACTIVE.has(task.state);
}

/** The task with this id in a task list, when the list has it. */
export function findTask(list: unknown, id: string): TaskSnapshot | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const item of list) {
    const task = taskFrom(item);
    if (task?.id === id) return task;
  }
  return undefined;
}

/** One line on a task that ended without a video. */
export function taskEndMessage(task: TaskSnapshot): string {
  const why = task.error ? `: ${task.error}` : '.';
  switch (task.state) {
    case 'cancelled':
      return 'The video task was cancelled.';
    case 'timedout':
      return `The video task took too long and was given up${why}`;
    default:
      return `The video task failed${why}`;
  }
}
