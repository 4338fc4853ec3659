/*
 * Peer render benchmark (issue 14): Switchboard's streaming renderer against streaming-markdown,
 * streamdown and the naive marked + DOMPurify + highlight.js re-render, on the same stream at
 * 10k–80k tokens, posting per delta and per 5 tokens, beside a floor that only appends each post's
 * text (appendOnly: what the bench's delivery and the browser's frames cost on their own), the
 * delivery alone (nothing rendered), and Switchboard's and streaming-markdown's one-shot render of
 * the whole text after the same delivery: a renderer's streamed figure less its one-shot figure is
 * what rendering post by post costs it (streamingCostMs in the output). Runs
 * are interleaved (every renderer, size and cadence in turn, the renderer order rotating per
 * repetition) so a busy machine slows all alike; figures are medians over repetitions, each run's
 * load average is recorded. `npx tsx bench/renderPeers.ts` prints the JSON. Environment:
 * PEER_SIZES (e.g. "10000,20000"), PEER_NAMES (e.g. "switchboard,streamingMarkdown"),
 * PEER_REPEATS, PEER_CAP_MS (a run stops after this much wall time and the renderer is not run at
 * larger sizes of that cadence), PEER_CADENCES ("delta,5tokens").
 */
import os from 'node:os';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium, openTestPage } from '../test/webview/browser';
import { harnessPage } from '../test/webview/bundle';
import { startLoopbackServer } from '../test/webview/loopbackServer';
import { traceStats, type TraceStats } from './render';
import { generateAnswer, generateLongCodeAnswer, tokenize, toDeltas } from './renderDocument';
import type { PeerName, PeerRunResult } from './renderPeersPage';

const SIZES = (process.env.PEER_SIZES ?? '10000,20000,40000,80000').split(',').map(Number);
const REPEATS = Number(process.env.PEER_REPEATS ?? 3);
/** Repetitions for streamdown and the naive re-render, which are far behind and mostly stop at the cap. */
const SLOW_REPEATS = Number(process.env.PEER_SLOW_REPEATS ?? 1);
const SLOW_PEERS: PeerName[] = ['streamdown', 'naive'];
const CAP_MS = Number(process.env.PEER_CAP_MS ?? 180_000);
const CADENCES = (process.env.PEER_CADENCES ?? 'delta,5tokens').split(',') as Cadence[];
const ALL_PEERS: PeerName[] = ['switchboard', 'streamingMarkdown', 'streamdown', 'naive', 'appendOnly', 'delivery', 'switchboardOnce', 'streamingMarkdownOnce'];
/** Measured beside the renderers (floors and one-shot renders), not among the four the targets compare. */
const REFERENCE: PeerName[] = ['appendOnly', 'delivery', 'switchboardOnce', 'streamingMarkdownOnce'];
/** A renderer and its one-shot render of the same text: the difference is what streaming costs it. */
const ONE_SHOT: [PeerName, PeerName][] = [['switchboard', 'switchboardOnce'], ['streamingMarkdown', 'streamingMarkdownOnce']];
const PEERS = process.env.PEER_NAMES ? ALL_PEERS.filter((p) => process.env.PEER_NAMES!.split(',').includes(p)) : ALL_PEERS;
/** Share of the answer in its one long code block, as in a "write me the file" reply. */
const LONG_CODE_SHARE = 0.3;
/** The piece size of codeHighlighting.ts: the long block is a multiple of it, the case that used to re-render whole on fence close. */
const PIECE_LINES = 20;

type Cadence = 'delta' | '5tokens';

interface Sample {
  run: PeerRunResult;
  trace: TraceStats;
  loadAverage: number;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A table column: a document's size in thousands of tokens ("10k"). */
function sizeKey(doc: { size: number }): string {
  return `${doc.size / 1000}k`;
}

/** A table cell's median main-thread CPU; undefined for a run that hit the cap or did not run. */
function cpuOf(cell: unknown): number | undefined {
  return (cell as { mainThreadCpuMs?: number }).mainThreadCpuMs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Prose, lists, tables and short blocks, with one long TypeScript block (a multiple of 20 lines) in the middle. */
export function peerDocument(tokens: number): { text: string; longBlockLines: number } {
  const chars = tokens * 4;
  const prose = generateAnswer(Math.round(chars * (1 - LONG_CODE_SHARE)), tokens);
  const split = prose.indexOf('\n\n', Math.floor(prose.length / 2));
  const long = generateLongCodeAnswer(Math.round((chars * LONG_CODE_SHARE) / 42), tokens);
  const open = long.indexOf('```ts\n') + 6;
  const close = long.lastIndexOf('\n```');
  const lines = long.slice(open, close).split('\n');
  for (let n = 0; lines.length % PIECE_LINES !== 0; n++) lines.push(`const pad${n} = ${n};`);
  const block = `${long.slice(0, open)}${lines.join('\n')}${long.slice(close)}`;
  return { text: `${prose.slice(0, split)}\n\n${block.trimEnd()}\n\n${prose.slice(split + 2)}`, longBlockLines: lines.length };
}

function postsFor(tokens: string[], cadence: Cadence): string[] {
  if (cadence === 'delta') return toDeltas(tokens);
  const posts: string[] = [];
  for (let i = 0; i < tokens.length; i += 5) posts.push(tokens.slice(i, i + 5).join(''));
  return posts;
}

async function runOnce(browser: Browser, url: string, peer: PeerName, posts: string[], check: boolean): Promise<Sample> {
  const loadAverage = os.loadavg()[0]!;
  const tp = await openTestPage(browser, url);
  try {
    await tp.page.evaluate((d) => window.peerBench.load(d), posts);
    await browser.startTracing(tp.page, { categories: ['toplevel'] });
    const run = await tp.page.evaluate(([p, cap]) => window.peerBench.runPeer(p, cap), [peer, CAP_MS] as const);
    const trace = traceStats(await browser.stopTracing());
    if (check && run.finished) run.sameAsOneShot = await tp.page.evaluate(() => window.peerBench.sameAsOneShot());
    return { run, trace, loadAverage };
  } finally {
    await tp.close();
  }
}

function summarize(samples: Sample[]) {
  const done = samples.filter((s) => s.run.finished);
  if (done.length === 0) {
    const s = samples[0]!;
    return { finished: false, note: `stopped after ${s.run.rendered} of ${s.run.posts} posts (${CAP_MS / 1000} s cap)`, mainThreadCpuMsAtStop: round(s.trace.mainThreadCpuMs), loadAverages: samples.map((x) => round(x.loadAverage)) };
  }
  return {
    finished: true,
    posts: done[0]!.run.posts,
    mainThreadCpuMs: round(median(done.map((s) => s.trace.mainThreadCpuMs))),
    /** Every repetition's figure, in run order: the spread around the median. */
    mainThreadCpuMsRuns: done.map((s) => round(s.trace.mainThreadCpuMs)),
    longestTaskCpuMs: round(median(done.map((s) => s.trace.longestTaskCpuMs))),
    longestTaskCpuMsWorst: round(Math.max(...done.map((s) => s.trace.longestTaskCpuMs))),
    p95PostMs: round(median(done.map((s) => s.run.p95PostMs))),
    maxPostMs: round(median(done.map((s) => s.run.maxPostMs))),
    scriptingMs: round(median(done.map((s) => s.run.scriptingMs))),
    sameAsOneShot: done.find((s) => s.run.sameAsOneShot !== undefined)?.run.sameAsOneShot,
    repetitions: done.length,
    loadAverages: samples.map((s) => round(s.loadAverage)),
  };
}

export async function benchRenderPeers(): Promise<object> {
  const out = 'out/bench-peers';
  await build({
    entryPoints: { peers: 'bench/renderPeersPage.ts' },
    outdir: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'css', '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    logLevel: 'error',
  });
  const { readFile } = await import('node:fs/promises');
  const server = await startLoopbackServer({
    '/': { contentType: 'text/html; charset=utf-8', body: harnessPage('peers') },
    '/peers.js': { contentType: 'text/javascript; charset=utf-8', body: await readFile(`${out}/peers.js`, 'utf8') },
    '/peers.css': { contentType: 'text/css; charset=utf-8', body: await readFile(`${out}/peers.css`, 'utf8').catch(() => '') },
  });
  const browser = await launchChromium();
  const docs = SIZES.map((size) => {
    const { text, longBlockLines } = peerDocument(size);
    const tokens = tokenize(text);
    return { size, tokens: tokens.length, characters: text.length, longBlockLines, posts: Object.fromEntries(CADENCES.map((c) => [c, postsFor(tokens, c)])) as Record<Cadence, string[]> };
  });
  const samples = new Map<string, Sample[]>();
  /** The smallest size at which a renderer hit the cap, per cadence: larger sizes are not run, smaller ones still are. */
  const overCap = new Map<string, number>();
  try {
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const doc of docs) {
        for (const cadence of CADENCES) {
          const order = PEERS.map((_, i) => PEERS[(i + repeat) % PEERS.length]!);
          for (const peer of order) {
            if (doc.size >= (overCap.get(`${peer}/${cadence}`) ?? Infinity) || (SLOW_PEERS.includes(peer) && repeat >= SLOW_REPEATS)) continue;
            const key = `${doc.size}/${cadence}/${peer}`;
            process.stderr.write(`peers: ${key} (repeat ${repeat + 1}, load ${os.loadavg()[0]!.toFixed(1)})\n`);
            const sample = await runOnce(browser, `${server.url}/`, peer, doc.posts[cadence], repeat === 0 && doc === docs[0]);
            samples.set(key, [...(samples.get(key) ?? []), sample]);
            if (!sample.run.finished) overCap.set(`${peer}/${cadence}`, Math.min(doc.size, overCap.get(`${peer}/${cadence}`) ?? Infinity));
          }
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const table: Record<string, Record<string, Record<string, unknown>>> = {};
  const targets: Record<string, boolean> = {};
  const streamingCostMs: Record<string, Record<string, Record<string, number | null>>> = {};
  for (const cadence of CADENCES) {
    table[cadence] = {};
    for (const peer of PEERS) {
      const row: Record<string, unknown> = {};
      for (const doc of docs) {
        const s = samples.get(`${doc.size}/${cadence}/${peer}`);
        row[sizeKey(doc)] = s ? summarize(s) : { finished: false, note: 'not run: over the cap at a smaller size' };
      }
      const cpu = docs.map((d) => cpuOf(row[sizeKey(d)]));
      row.growthPerDoubling = cpu.slice(1).map((c, i) => (c && cpu[i] ? round(c / cpu[i]!) : null));
      table[cadence][peer] = row;
    }
    const ours = table[cadence].switchboard!;
    const growth = (ours.growthPerDoubling as (number | null)[]);
    targets[`${cadence}: growth per doubling ≤ 2.1`] = growth.length > 0 && growth.every((g) => g !== null && g <= 2.1);
    const largest = ours[sizeKey(docs.at(-1)!)] as { longestTaskCpuMsWorst?: number };
    targets[`${cadence}: longest task < 50 ms CPU at ${sizeKey(docs.at(-1)!)}`] = (largest.longestTaskCpuMsWorst ?? Infinity) < 50;
    targets[`${cadence}: fastest of the four at every size`] = docs.every((d) => {
      const k = sizeKey(d);
      const mine = cpuOf(ours[k]);
      return mine !== undefined && PEERS.filter((p) => p !== 'switchboard' && !REFERENCE.includes(p)).every((p) => {
        const theirs = table[cadence][p]![k] as { finished: boolean; mainThreadCpuMs?: number };
        return !theirs.finished || (theirs.mainThreadCpuMs ?? Infinity) > mine;
      });
    });
    streamingCostMs[cadence] = {};
    for (const [streamed, once] of ONE_SHOT) {
      if (!PEERS.includes(streamed) || !PEERS.includes(once)) continue;
      streamingCostMs[cadence][streamed] = Object.fromEntries(docs.map((d) => {
        const a = cpuOf(table[cadence][streamed]![sizeKey(d)]);
        const b = cpuOf(table[cadence][once]![sizeKey(d)]);
        return [sizeKey(d), a !== undefined && b !== undefined ? round(a - b) : null];
      }));
    }
  }
  return {
    method: {
      chromium: 'headless /usr/bin/chromium, a fresh page per run, a 700×600 scrolling view that follows the stream (ResizeObserver, one write per layout)',
      stream: `~4 characters per token; ${LONG_CODE_SHARE * 100}% of the text one TypeScript block whose length is a multiple of ${PIECE_LINES} lines; "delta": a post per gateway delta (1–4 tokens), "5tokens": a post per 5 tokens; each post is its own task; fence close and finish included`,
      renderers: {
        switchboard: 'StreamingMarkdown (sanitized, highlighted)',
        streamingMarkdown: 'streaming-markdown default_renderer (incremental DOM, no highlighting, no sanitizing)',
        streamdown: 'streamdown <Streamdown mode="streaming"> in React 19, flushSync per post (no code plugin: no highlighting)',
        naive: 'the whole text through marked, DOMPurify and highlight.js, container replaced, per post',
        appendOnly: 'the floor, not a renderer (no markdown): each post appended as text to the line being written, a newline starts a new <div>; what delivery and frames cost with the least DOM work; not among the four the targets compare',
        delivery: 'not a renderer: the posts are delivered and nothing is rendered; what the bench itself costs',
        switchboardOnce: "not a renderer: the posts are delivered, then Switchboard's one-shot render (renderMarkdownOnce) of the whole text in one task; the least work its final DOM needs",
        streamingMarkdownOnce: "not a renderer: the posts are delivered, then streaming-markdown parses the whole text in one write; the least work its final DOM needs",
      },
      figures: `medians over up to ${REPEATS} interleaved repetitions (${SLOW_REPEATS} for ${SLOW_PEERS.join(' and ')}), renderer order rotating, every repetition's CPU in mainThreadCpuMsRuns and its load average in loadAverages; mainThreadCpuMs and longestTaskCpuMs from a Chromium trace (toplevel RunTask on CrRendererMain, thread time: scripting, style, layout, paint); p95PostMs and maxPostMs wall time around each post in the page; growthPerDoubling = main-thread CPU at 2n / at n`,
      cap: `a run stops after ${CAP_MS / 1000} s of wall time; that renderer then skips the larger sizes at that cadence (in every later repetition too); a size's figures are medians of its finished runs, loadAverages lists every run`,
      machine: `${os.cpus().length} CPUs; load average at each run's start in loadAverages; ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end`,
    },
    documents: docs.map((d) => ({ tokens: d.tokens, characters: d.characters, longBlockLines: d.longBlockLines, posts: Object.fromEntries(CADENCES.map((c) => [c, d.posts[c].length])) })),
    table,
    /** Main-thread CPU streamed less the same renderer's one-shot render after the same delivery: what rendering post by post adds. */
    streamingCostMs,
    targets,
  };
}

if (process.argv[1] && /bench[\\/]renderPeers\.ts$/.test(process.argv[1])) {
  benchRenderPeers().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
