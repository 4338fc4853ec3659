// A shell command in its own process group: output captured (bounded) and streamed, exit code
// kept, and a timeout or the stop signal kills the whole group, so a shell's children (npm → node
// …) die with it. Plain Node so unit tests prove the processes are really gone.
import { spawn } from 'node:child_process';
import { boundOutput, LIMITS } from './bounds';
import { ToolError } from './tool';

export const COMMAND_TIMEOUT_MS = 120_000;
/** How much output is held while the command runs; the rest is counted, not kept. */
const HOLD_BYTES = LIMITS.outputBytes * 4;

export interface CommandResult {
  readonly exitCode: number | null;
  readonly output: string;
  readonly timedOut: boolean;
  readonly stopped: boolean;
  readonly pid: number | undefined;
}

export interface RunOptions {
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly timeoutMs?: number;
  readonly onOutput?: (text: string) => void;
  /** Called once the process exists, with its id (tests check it is gone after a stop). */
  readonly onSpawn?: (pid: number | undefined) => void;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // Negative pid: the process group the detached shell leads.
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function runShell(command: string, options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd: options.cwd, shell: true, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child.pid);
    const chunks: Buffer[] = [];
    let held = 0;
    let timedOut = false;
    let stopped = false;
    const take = (chunk: Buffer): void => {
      options.onOutput?.(chunk.toString('utf8'));
      if (held < HOLD_BYTES) chunks.push(chunk);
      held += chunk.length;
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const stop = (): void => {
      stopped = true;
      killGroup(child.pid);
    };
    options.signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs ?? COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', stop);
      reject(new ToolError(`The command could not start: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', stop);
      let output = Buffer.concat(chunks).toString('utf8');
      if (held > HOLD_BYTES) output += `\n[${held - HOLD_BYTES} more bytes of output not kept]`;
      resolve({ exitCode: code, output: boundOutput(output), timedOut, stopped, pid: child.pid });
    });
  });
}

