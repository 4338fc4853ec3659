import * as vscode from 'vscode';
import type { DiagnosticDescription } from './prompts';

// Commands are reached from the palette (no arguments), the editor context menu (the resource
// URI), the code actions ({uri, range} or {uri, diagnostic}) and tests (the same, possibly as
// plain data). These helpers turn whatever arrived into editor types, or undefined.

interface PlainPosition {
  line: number;
  character: number;
}
interface PlainRange {
  start: PlainPosition;
  end: PlainPosition;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isPosition = (v: unknown): v is PlainPosition => isObject(v) && typeof v.line === 'number' && typeof v.character === 'number';

export function toRange(value: unknown): vscode.Range | undefined {
  if (value instanceof vscode.Range) return value;
  if (isObject(value) && isPosition(value.start) && isPosition(value.end)) {
    const r = value as unknown as PlainRange;
    return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  }
  return undefined;
}

export function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value) {
    try {
      return vscode.Uri.parse(value, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `{uri?, range?, instruction?}` from any of the callers; a bare URI (the context menu) counts as `{uri}`. */
export function selectionArgs(arg: unknown): { uri?: vscode.Uri; range?: vscode.Range; instruction?: string } {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (!isObject(arg)) return {};
  const uri = toUri(arg.uri);
  const range = toRange(arg.range);
  const instruction = typeof arg.instruction === 'string' && arg.instruction.trim() ? arg.instruction : undefined;
  return { ...(uri ? { uri } : {}), ...(range ? { range } : {}), ...(instruction ? { instruction } : {}) };
}

export interface FixArgs {
  uri: vscode.Uri;
  range: vscode.Range;
  diagnostic: Omit<DiagnosticDescription, 'line'>;
}

const SEVERITIES: DiagnosticDescription['severity'][] = ['error', 'warning', 'information', 'hint'];

/** `{uri, diagnostic}` where the diagnostic is a `vscode.Diagnostic` or plain `{range, message, severity?, source?, code?}`. */
export function fixArgs(arg: unknown): FixArgs | undefined {
  if (!isObject(arg) || !isObject(arg.diagnostic)) return undefined;
  const uri = toUri(arg.uri);
  const d = arg.diagnostic;
  const range = toRange(d.range);
  if (!uri || !range || typeof d.message !== 'string') return undefined;
  const severity = SEVERITIES[typeof d.severity === 'number' ? d.severity : 0] ?? 'error';
  const rawCode = isObject(d.code) ? d.code.value : d.code;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : undefined;
  return {
    uri,
    range,
    diagnostic: { message: d.message, severity, ...(typeof d.source === 'string' && d.source ? { source: d.source } : {}), ...(code ? { code } : {}) },
  };
}

/** Accept/Reject: a proposal id, a URI (the editor title passes the diff's), or nothing. */
export function proposalRef(arg: unknown): string | vscode.Uri | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg instanceof vscode.Uri) return arg;
  if (isObject(arg) && typeof arg.id === 'string') return arg.id;
  return undefined;
}
