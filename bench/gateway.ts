// Client overhead of the gateway core: a 10,000-chunk reply from the simulator consumed through
// GatewayClient.chat versus raw fetch + eventsource-parser + JSON.parse, alternating in one run.
// Standalone: `npx tsx bench/gateway.ts` prints the figures as JSON.
//
// The simulator runs in a worker thread, and the figures that decide the ratio are the CPU time
// of the client's own thread (process.threadCpuUsage): that is the client's work alone, and it
// stays meaningful on a loaded machine where wall-clock times swing by 3×. Wall times are
// reported too.
import { createParser } from 'eventsource-parser';
import { Worker } from 'node:worker_threads';
import { GatewayClient } from '../src/gateway/client';
import { PROVIDERS } from '../src/gateway/providers';

export interface GatewayBenchResult {
  chunks: number;
  /** Median client-thread CPU ms to consume the reply through GatewayClient.chat. */
  coreMs: number;
  /** Median client-thread CPU ms for raw fetch + eventsource-parser + JSON.parse. */
  rawMs: number;
  /** coreMs / rawMs. Target ≤ 1.10. */
  ratio: number;
  /** Median of the per-pair ratios (each core run against the raw run next to it): steadier when the machine's load drifts. */
  pairedRatio: number;
  coreWallMs: number;
  rawWallMs: number;
  wallRatio: number;
  measure: string;
  /** Every timed run, for the curious. */
  samples: { coreMs: number[]; rawMs: number[]; coreWallMs: number[]; rawWallMs: number[] };
}

export interface SimHandle {
  heytokenBaseUrl: string;
  controlUrl: string;
  key: string;
  close(): Promise<void>;
}

// The worker loads the TypeScript simulator through tsx's require API, however this file was started.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { require: tsxRequire } = require(workerData.tsxApi);
const { startSimulator } = tsxRequire(workerData.simPath, workerData.from);
startSimulator({ chunkDelayMs: 0 }).then((sim) => {
  parentPort.postMessage({ url: sim.url, heytokenBaseUrl: sim.heytokenBaseUrl, key: sim.keys.heytoken });
  parentPort.on('message', (m) => { if (m === 'close') sim.close().then(() => parentPort.postMessage('closed')); });
});
`;

export async function startSimulatorWorker(): Promise<SimHandle> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { tsxApi: require.resolve('tsx/cjs/api'), simPath: '../test/sim/server.ts', from: __filename },
  });
  const ready = await new Promise<{ url: string; heytokenBaseUrl: string; key: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    heytokenBaseUrl: ready.heytokenBaseUrl,
    controlUrl: `${ready.url}/__sim`,
    key: ready.key,
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

type ThreadCpu = () => { user: number; system: number };
const threadCpu: ThreadCpu = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage?.bind(process) ?? (() => process.cpuUsage());
export const cpuMs = (): number => {
  const usage = threadCpu();
  return (usage.user + usage.system) / 1000;
};

const CHUNKS = 10_000;
const WARMUP = 3;
const RUNS = 21;

function replyText(): string {
  // Mixed ASCII and multi-byte text, so decoding does real work.
  const words = ['gateway', 'stream', 'token', 'naïve', 'credit', 'chunk', 'café', 'model', '✓', 'reply'];
  return Array.from({ length: CHUNKS }, (_, i) => `${words[i % words.length]} `).join('');
}

async function viaCore(client: GatewayClient): Promise<string> {
  let text = '';
  for await (const event of client.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'bench' }] })) {
    if (event.type === 'text') text += event.text;
  }
  return text;
}

async function viaRaw(sim: SimHandle): Promise<string> {
  const response = await fetch(`${sim.heytokenBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.key}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'bench' }], stream: true, stream_options: { include_usage: true } }),
  });
  if (!response.ok || !response.body) throw new Error(`raw request failed: ${response.status}`);
  let text = '';
  const parser = createParser({
    onEvent(message) {
      if (message.data === '[DONE]') return;
      const chunk = JSON.parse(message.data) as { choices?: { delta?: { content?: string } }[] };
      const content = chunk.choices?.[0]?.delta?.content;
      if (content) text += content;
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return text;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Sample {
  cpu: number;
  wall: number;
}

export async function timed(run: () => Promise<string>, expected: string): Promise<Sample> {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const text = await run();
  const cpu = cpuMs() - cpu0;
  const wall = performance.now() - wall0;
  if (text !== expected) throw new Error(`bench reply differs from the scripted text (${text.length} vs ${expected.length} chars)`);
  return { cpu, wall };
}

async function script(sim: SimHandle, text: string): Promise<void> {
  const response = await fetch(`${sim.controlUrl}/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, chunks: CHUNKS }),
  });
  if (!response.ok) throw new Error(`could not script the simulator: ${response.status}`);
  await response.arrayBuffer();
}

/** Runs core and raw alternately (warm-up first) and returns the medians and ratios of both clocks. */
export async function compareInterleaved(core: () => Promise<Sample>, raw: () => Promise<Sample>, runs: number): Promise<Omit<GatewayBenchResult, 'chunks' | 'measure'>> {
  for (let i = 0; i < WARMUP; i++) {
    await core();
    await raw();
  }
  const cores: Sample[] = [];
  const raws: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first so neither always runs on a warmer process.
    if (i % 2 === 0) {
      cores.push(await core());
      raws.push(await raw());
    } else {
      raws.push(await raw());
      cores.push(await core());
    }
  }
  const round = (n: number): number => Math.round(n * 100) / 100;
  const coreMs = median(cores.map((s) => s.cpu));
  const rawMs = median(raws.map((s) => s.cpu));
  const coreWallMs = median(cores.map((s) => s.wall));
  const rawWallMs = median(raws.map((s) => s.wall));
  return {
    coreMs: round(coreMs),
    rawMs: round(rawMs),
    ratio: Math.round((coreMs / rawMs) * 1000) / 1000,
    pairedRatio: Math.round(median(cores.map((c, i) => c.cpu / raws[i]!.cpu)) * 1000) / 1000,
    coreWallMs: round(coreWallMs),
    rawWallMs: round(rawWallMs),
    wallRatio: Math.round((coreWallMs / rawWallMs) * 1000) / 1000,
    samples: {
      coreMs: cores.map((s) => round(s.cpu)),
      rawMs: raws.map((s) => round(s.cpu)),
      coreWallMs: cores.map((s) => round(s.wall)),
      rawWallMs: raws.map((s) => round(s.wall)),
    },
  };
}

export async function benchGateway(): Promise<GatewayBenchResult> {
  const sim = await startSimulatorWorker();
  const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl, apiKey: sim.key, maxRetries: 0 });
  const text = replyText();
  const core = async (): Promise<Sample> => {
    await script(sim, text);
    return timed(() => viaCore(client), text);
  };
  const raw = async (): Promise<Sample> => {
    await script(sim, text);
    return timed(() => viaRaw(sim), text);
  };
  try {
    return {
      chunks: CHUNKS,
      ...(await compareInterleaved(core, raw, RUNS)),
      measure: 'median of client-thread CPU time per 10,000-chunk reply; simulator in a worker thread',
    };
  } finally {
    await sim.close();
  }
}

if (process.argv[1] && /bench[\\/]gateway\.ts$/.test(process.argv[1])) {
  benchGateway().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
