// Assembles streamed tool calls. Gateways differ: the id and name may come only in a call's first
// fragment (or be repeated in every one), `arguments` arrives in many string fragments, indexes
// need not start at 0 or be contiguous, parallel calls interleave, a call may come whole in one
// chunk, and some send `arguments` as an object. Fragments are keyed by `index`; a call is handed
// out only when the reply ends, because only then are its arguments known to be whole. Arguments
// that are not valid JSON then are an error: a guessed "repair" would run a tool on made-up input.
import type OpenAI from 'openai';
import { GatewayError, protocolError } from './errors';
import type { ToolCall } from './toolTypes';

/** One fragment as the SDK types it; gateways also send `arguments` as an object, or no index. */
type Fragment = Partial<OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall>;

interface Pending {
  id?: string;
  name: string;
  args: string;
  argsObject?: Record<string, unknown>;
}

// Bounds on model output held in memory: no real call needs more, a runaway stream gets an error.
const MAX_CALLS = 128;
const MAX_ARGUMENT_CHARS = 4_000_000;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class ToolCallAssembler {
  private readonly calls = new Map<number, Pending>();
  private failure?: GatewayError;
  private lastIndex?: number;

  constructor(private readonly url?: string) {}

  get size(): number {
    return this.calls.size;
  }

  /** Takes one `delta.tool_calls` (or `message.tool_calls`) array. */
  add(fragments: unknown): void {
    if (!Array.isArray(fragments) || this.failure) return;
    for (const item of fragments) {
      const fragment = item as Fragment | null;
      if (!isPlainObject(fragment)) continue;
      const index = this.indexOf(fragment);
      this.lastIndex = index;
      let call = this.calls.get(index);
      if (call === undefined) {
        if (this.calls.size >= MAX_CALLS) {
          this.failure = protocolError(`more than ${MAX_CALLS} tool calls in one reply`, this.url);
          return;
        }
        call = { name: '', args: '' };
        this.calls.set(index, call);
      }
      if (typeof fragment.id === 'string' && fragment.id !== '' && call.id === undefined) call.id = fragment.id;
      const fn = fragment.function as { name?: unknown; arguments?: unknown } | undefined;
      if (!isPlainObject(fn)) continue;
      // Set, not appended: some gateways repeat the name in every fragment.
      if (typeof fn.name === 'string' && fn.name !== '') call.name = fn.name;
      const args = fn.arguments;
      if (typeof args === 'string') {
        call.args += args;
        if (call.args.length > MAX_ARGUMENT_CHARS) this.failure = protocolError(`a tool call's arguments passed ${MAX_ARGUMENT_CHARS} characters`, this.url);
      } else if (isPlainObject(args)) {
        call.argsObject = args;
      }
    }
  }

  /** The calls in index order, or the error that says which call cannot be used and why. */
  finish(): ToolCall[] {
    if (this.failure) throw this.failure;
    const indexes = [...this.calls.keys()].sort((a, b) => a - b);
    return indexes.map((index) => this.complete(index, this.calls.get(index) as Pending));
  }

  private indexOf(fragment: Fragment): number {
    if (typeof fragment.index === 'number' && Number.isInteger(fragment.index)) return fragment.index;
    // No index (some gateways): the call with this id, a new call for a new id, else a continuation
    // of the call the last fragment belonged to.
    if (typeof fragment.id === 'string' && fragment.id !== '') {
      for (const [index, call] of this.calls) if (call.id === fragment.id) return index;
      return this.calls.size === 0 ? 0 : Math.max(...this.calls.keys()) + 1;
    }
    return this.lastIndex ?? 0;
  }

  private complete(index: number, call: Pending): ToolCall {
    if (call.name === '') throw protocolError(`tool call ${index} arrived without a function name`, this.url);
    const id = call.id ?? `call_${index}`;
    if (call.argsObject !== undefined && call.args.trim() === '') {
      return { id, name: call.name, arguments: call.argsObject, rawArguments: JSON.stringify(call.argsObject) };
    }
    const raw = call.args;
    // A function without parameters is often called with "" rather than "{}".
    if (raw.trim() === '') return { id, name: call.name, arguments: {}, rawArguments: raw };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (!isPlainObject(parsed)) throw invalidArguments(call.name, raw.length, this.url);
    return { id, name: call.name, arguments: parsed, rawArguments: raw };
  }
}

export function invalidArguments(name: string, length: number, url?: string): GatewayError {
  return new GatewayError({
    kind: 'protocol',
    explanation: `The model's call to the tool "${name.slice(0, 64)}" ended with arguments that are not a valid JSON object (${length} characters; the reply may have been cut off). Switchboard does not guess the missing part: retry, or allow a longer reply.`,
    action: 'retry',
    retryable: false,
    url,
  });
}
