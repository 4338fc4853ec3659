// Fault queue. Request faults (status, html, reset-before-response) hit the next matching request of
// any kind; stream faults only hit the next matching streaming chat request, so a client that first
// calls GET /models does not use them up. Several stream faults of different kinds combine
// (e.g. crlf + byte-split on the same stream).
import type { FaultRule, SimFault } from './types';

export type RequestFault = Extract<SimFault, { kind: 'status' | 'html' | 'reset-before-response' | 'headers-never-sent' | 'huge-error-body' | 'stalled-body' }>;
export type StreamFault = Exclude<SimFault, RequestFault>;

const REQUEST_KINDS = new Set(['status', 'html', 'reset-before-response', 'headers-never-sent', 'huge-error-body', 'stalled-body']);
const STREAM_KINDS = new Set([
  'reset-mid-stream',
  'json-for-stream',
  'malformed-chunk',
  'slow',
  'stall',
  'byte-split',
  'crlf',
  'sse-extras',
  'in-band-error',
  'huge-line',
]);

interface Pending {
  rule: FaultRule;
  left: number;
}

export class FaultQueue {
  private pending: Pending[] = [];

  add(rule: FaultRule): void {
    const problem = faultRuleProblem(rule);
    if (problem) throw new Error(`Invalid fault rule: ${problem}`);
    this.pending.push({ rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  list(): FaultRule[] {
    return this.pending.map((p) => ({ ...p.rule, times: p.left }));
  }

  takeRequestFault(path: string): RequestFault | undefined {
    const found = this.pending.find((p) => REQUEST_KINDS.has(p.rule.fault.kind) && matches(p.rule, path));
    return found ? (this.consume(found) as RequestFault) : undefined;
  }

  takeStreamFaults(path: string): StreamFault[] {
    const seen = new Set<string>();
    const taken: StreamFault[] = [];
    for (const p of [...this.pending]) {
      const kind = p.rule.fault.kind;
      if (!STREAM_KINDS.has(kind) || seen.has(kind) || !matches(p.rule, path)) continue;
      seen.add(kind);
      taken.push(this.consume(p) as StreamFault);
    }
    return taken;
  }

  private consume(p: Pending): SimFault {
    p.left -= 1;
    if (p.left <= 0) this.pending = this.pending.filter((other) => other !== p);
    return p.rule.fault;
  }
}

function matches(rule: FaultRule, path: string): boolean {
  return rule.path === undefined || path.includes(rule.path);
}

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why a rule (possibly from the HTTP control surface) is unusable, or undefined when it is fine. */
export function faultRuleProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return 'expected an object {fault, path?, times?}';
  const rule = input as Record<string, unknown>;
  if (rule.path !== undefined && typeof rule.path !== 'string') return 'path must be a string';
  if (rule.times !== undefined && !(isCount(rule.times) && (rule.times as number) > 0)) return 'times must be a positive integer';
  const fault = rule.fault as Record<string, unknown> | undefined;
  if (typeof fault !== 'object' || fault === null || typeof fault.kind !== 'string') return 'fault.kind is required';
  const kind = fault.kind;
  if (!REQUEST_KINDS.has(kind) && !STREAM_KINDS.has(kind)) return `unknown fault kind "${kind}"`;
  if ((kind === 'status' || kind === 'html') && !(isCount(fault.status) && (fault.status as number) >= 200 && (fault.status as number) <= 599)) {
    return 'status must be an HTTP status (200-599)';
  }
  if (kind === 'status' && fault.headers !== undefined) {
    const headers = fault.headers;
    if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) {
      return 'headers must map names to strings';
    }
  }
  if ((kind === 'reset-mid-stream' || kind === 'malformed-chunk' || kind === 'stall') && !isCount(fault.afterChunks)) {
    return 'afterChunks must be a non-negative integer';
  }
  if (kind === 'in-band-error' && !isCount(fault.afterChunks)) return 'afterChunks must be a non-negative integer';
  if ((kind === 'huge-line' || kind === 'huge-error-body') && !(isCount(fault.bytes) && (fault.bytes as number) > 0)) return 'bytes must be a positive integer';
  if (kind === 'huge-error-body' && !(isCount(fault.status) && (fault.status as number) >= 400 && (fault.status as number) <= 599)) {
    return 'status must be an error status (400-599)';
  }
  if (kind === 'stalled-body' && !isCount(fault.afterBytes)) return 'afterBytes must be a non-negative integer';
  if (kind === 'slow' && !isCount(fault.chunkDelayMs)) return 'chunkDelayMs must be a non-negative integer';
  return undefined;
}
