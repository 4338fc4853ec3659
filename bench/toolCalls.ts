// Tool-call assembly overhead: one tool call whose arguments stream in 2,000 fragments.
//
// The figure with the target (ratio ≤ 1.10) isolates parsing and assembly: the simulator's stream
// is recorded once, read by read, and replayed from memory into (a) the core's stream reader
// (readChatResponse: eventsource-parser, chunk handling, ToolCallAssembler, the parsed call) and
// (b) raw parsing of the same bytes: eventsource-parser + JSON.parse per chunk, arguments appended
// by index, one JSON.parse at the end, the least any client must do to get the call.
//
// `endToEnd` also runs the whole GatewayClient.chat over loopback against raw fetch, for context:
// on a 2,000-chunk reply the client's fixed per-request cost (the SDK building the request, the
// event generator) is a larger share than on the 10,000-chunk text reply of gateway.ts, and that
// share is the same with or without tools. Client-thread CPU time; simulator in a worker thread.
// Standalone: `npx tsx bench/toolCalls.ts`.
import { createParser } from 'eventsource-parser';
import { readChatResponse } from '../src/gateway/chatStream';
import { GatewayClient } from '../src/gateway/client';
import { PROVIDERS } from '../src/gateway/providers';
import type { ToolDefinition } from '../src/gateway/types';
import { compareInterleaved, startSimulatorWorker, timed, type SimHandle } from './gateway';

const FRAGMENTS = 2_000;
const RUNS = 21;
const REPLAY_RUNS = 21;
const REPLAYS_PER_SAMPLE = 10;
const TOOL: ToolDefinition = { name: 'write_file', parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } } };

function argumentsObject(): Record<string, unknown> {
  // A file written by an agent: about 40 KB of code with quotes, escapes and multi-byte text.
  const line = (i: number): string => `export const item${i} = { name: "naïve ✓ ${i}", tags: ['a', 'b'] };\n`;
  return { path: 'src/generated/items.ts', content: Array.from({ length: 600 }, (_, i) => line(i)).join('') };
}

async function viaCore(client: GatewayClient): Promise<string> {
  let raw = '';
  for await (const event of client.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'bench' }], tools: [TOOL] })) {
    if (event.type === 'toolCall') raw = JSON.stringify(event.call.arguments);
  }
  return raw;
}

async function viaRaw(sim: SimHandle): Promise<string> {
  const response = await fetch(`${sim.heytokenBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.key}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'bench' }], stream: true, stream_options: { include_usage: true }, tools: [{ type: 'function', function: TOOL }] }),
  });
  if (!response.ok || !response.body) throw new Error(`raw request failed: ${response.status}`);
  return parseRaw(response.body);
}

/** The stream as the network delivered it, read by read. */
async function record(sim: SimHandle, args: Record<string, unknown>): Promise<Uint8Array[]> {
  await script(sim, args);
  const response = await fetch(`${sim.heytokenBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.key}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'bench' }], stream: true, stream_options: { include_usage: true }, tools: [{ type: 'function', function: TOOL }] }),
  });
  const reads: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads.push(value);
  }
  return reads;
}

function replay(reads: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < reads.length) controller.enqueue(reads[i++]!);
      else controller.close();
    },
  });
}

async function replayCore(reads: readonly Uint8Array[]): Promise<string> {
  const response = new Response(replay(reads), { headers: { 'content-type': 'text/event-stream' } });
  let raw = '';
  for await (const event of readChatResponse(response, { done: false }, { onBytes: () => undefined })) {
    if (event.type === 'toolCall') raw = JSON.stringify(event.call.arguments);
  }
  return raw;
}

async function replayRaw(reads: readonly Uint8Array[]): Promise<string> {
  // Through a Response too, so both read the body the same way a fetch answer is read.
  return parseRaw(new Response(replay(reads), { headers: { 'content-type': 'text/event-stream' } }).body!);
}

/** Runs one replay several times per sample: a single one takes about 4 ms, too short to time steadily. */
const repeated = (run: () => Promise<string>) => async (): Promise<string> => {
  let last = '';
  for (let i = 0; i < REPLAYS_PER_SAMPLE; i++) last = await run();
  return last;
};

async function parseRaw(body: ReadableStream<Uint8Array>): Promise<string> {
  const args: string[] = [];
  const parser = createParser({
    onEvent(message) {
      if (message.data === '[DONE]') return;
      const chunk = JSON.parse(message.data) as { choices?: { delta?: { tool_calls?: { index: number; function?: { arguments?: string } }[] } }[] };
      for (const call of chunk.choices?.[0]?.delta?.tool_calls ?? []) args[call.index] = (args[call.index] ?? '') + (call.function?.arguments ?? '');
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return JSON.stringify(JSON.parse(args[0] ?? ''));
}

async function script(sim: SimHandle, args: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sim.controlUrl}/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: '', toolCalls: [{ name: TOOL.name, arguments: args }], argumentChunks: FRAGMENTS }),
  });
  if (!response.ok) throw new Error(`could not script the simulator: ${response.status}`);
  await response.arrayBuffer();
}

export async function benchToolCalls(): Promise<Record<string, unknown>> {
  const sim = await startSimulatorWorker();
  const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl, apiKey: sim.key, maxRetries: 0 });
  const args = argumentsObject();
  const expected = JSON.stringify(args);
  try {
    // Loopback first: a long pause in traffic lets the server close pooled keep-alive sockets.
    const endToEnd = await compareInterleaved(
      async () => {
        await script(sim, args);
        return timed(() => viaCore(client), expected);
      },
      async () => {
        await script(sim, args);
        return timed(() => viaRaw(sim), expected);
      },
      RUNS,
    );
    const reads = await record(sim, args);
    const assembly = await compareInterleaved(
      () => timed(repeated(() => replayCore(reads)), expected),
      () => timed(repeated(() => replayRaw(reads)), expected),
      REPLAY_RUNS,
    );
    return {
      fragments: FRAGMENTS,
      argumentChars: expected.length,
      networkReads: reads.length,
      ...assembly,
      target: 1.1,
      measure: 'median client-thread CPU ms to turn the recorded 2,000-fragment stream into the parsed call 10 times: core stream reader + assembler vs eventsource-parser + JSON.parse + append by index',
      endToEnd: { ...endToEnd, measure: 'GatewayClient.chat over loopback vs raw fetch + the same raw parsing; includes the per-request cost of the client' },
    };
  } finally {
    await sim.close();
  }
}

if (process.argv[1] && /bench[\\/]toolCalls\.ts$/.test(process.argv[1])) {
  benchToolCalls().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
