/*
 * Where a renderer's main-thread time goes on the peer bench's stream (issue 14): Chromium's CPU
 * profiler (CDP Profiler.start/stop) around one run, self time summed by function, plus the
 * renderer-side counters of Performance.getMetrics (script, style, layout, task durations).
 * Unminified, so function names are the source's. `npx tsx bench/renderProfile.ts` prints the JSON;
 * PROFILE_PEER (default switchboard), PROFILE_SIZE (tokens, default 40000), PROFILE_CADENCE
 * ("delta" or "5tokens"), PROFILE_TOP (functions listed, default 30).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { build } from 'esbuild';
import { launchChromium, openTestPage } from '../test/webview/browser';
import { harnessPage } from '../test/webview/bundle';
import { startLoopbackServer } from '../test/webview/loopbackServer';
import { tokenize, toDeltas } from './renderDocument';
import { peerDocument } from './renderPeers';
import type { PeerName } from './renderPeersPage';

const PEER = (process.env.PROFILE_PEER ?? 'switchboard') as PeerName;
const SIZE = Number(process.env.PROFILE_SIZE ?? 40_000);
const CADENCE = process.env.PROFILE_CADENCE ?? 'delta';
const TOP = Number(process.env.PROFILE_TOP ?? 30);
/** PROFILE_SAMPLE=0: trace only, without the sampling profiler's own cost in the task times. */
const SAMPLE = process.env.PROFILE_SAMPLE !== '0';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

async function main(): Promise<object> {
  const out = 'out/bench-profile';
  await build({
    entryPoints: { peers: 'bench/renderPeersPage.ts' },
    outdir: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'css', '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    logLevel: 'error',
  });
  const server = await startLoopbackServer({
    '/': { contentType: 'text/html; charset=utf-8', body: harnessPage('peers') },
    '/peers.js': { contentType: 'text/javascript; charset=utf-8', body: await readFile(`${out}/peers.js`, 'utf8') },
    '/peers.css': { contentType: 'text/css; charset=utf-8', body: await readFile(`${out}/peers.css`, 'utf8').catch(() => '') },
  });
  const browser = await launchChromium();
  try {
    const tokens = tokenize(peerDocument(SIZE).text);
    const posts = CADENCE === 'delta' ? toDeltas(tokens) : Array.from({ length: Math.ceil(tokens.length / 5) }, (_, i) => tokens.slice(i * 5, i * 5 + 5).join(''));
    const tp = await openTestPage(browser, `${server.url}/`);
    const cdp = await tp.context.newCDPSession(tp.page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    await tp.page.evaluate((d) => window.peerBench.load(d), posts);
    const before = await metrics();
    const loadAverage = os.loadavg()[0]!;
    await browser.startTracing(tp.page, { categories: ['toplevel', 'devtools.timeline', 'blink'] });
    if (SAMPLE) await cdp.send('Profiler.start');
    // Stamps only without the sampler: their cost would show in its figures.
    const run = await tp.page.evaluate(([p, m]) => window.peerBench.runPeer(p, 600_000, m), [PEER, !SAMPLE] as const);
    const { profile } = SAMPLE ? await cdp.send('Profiler.stop') : { profile: { nodes: [], samples: [], timeDeltas: [] } };
    const trace = await browser.stopTracing();
    const longestTasks = longestTasksIn(trace, posts);
    const byEvent = timeByEvent(trace);
    const after = await metrics();
    await tp.close();

    const nodes = profile.nodes as ProfileNode[];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const interval = new Map<number, number>();
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) interval.set(samples[i]!, (interval.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
    const self = new Map<string, number>();
    let total = 0;
    for (const [id, ms] of interval) {
      const frame = byId.get(id)!.callFrame;
      const key = `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : ''}`.trim();
      self.set(key, (self.get(key) ?? 0) + ms);
      total += ms;
    }
    // Inclusive time: each sample counts once for every distinct function on its stack.
    const parent = new Map<number, number>();
    for (const n of nodes) for (const c of (n as ProfileNode & { children?: number[] }).children ?? []) parent.set(c, n.id);
    const inclusive = new Map<string, number>();
    for (const [id, ms] of interval) {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const name = byId.get(at)!.callFrame.functionName;
        if (!name || seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    }
    const topInclusive = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([fn, ms]) => `${Math.round(ms)} ${fn}`);
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([fn, ms]) => ({ fn, ms: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
    const diff = (name: string) => Math.round(((after[name] ?? 0) - (before[name] ?? 0)) * 1000);
    return {
      peer: PEER, size: SIZE, cadence: CADENCE, posts: posts.length, loadAverage,
      metricsMs: { task: diff('TaskDuration'), script: diff('ScriptDuration'), style: diff('RecalcStyleDuration'), layout: diff('LayoutDuration') },
      slowest: run.slowest.map((s) => ({ ...s, ms: Math.round(s.ms * 10) / 10, delta: s.delta.slice(0, 40) })),
      longestTasks,
      byEvent,
      profileMs: Math.round(total),
      top,
      topInclusive,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { message?: string } } }

/**
 * Main-thread thread time of the whole run by event name (style, layout, paint, script, …), each
 * event counted without the events nested in it, so the figures add up to the tasks' total.
 */
function timeByEvent(trace: Buffer): Record<string, number> {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.tdur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const e of onMain) {
    while (stack.length && stack.at(-1)!.ts + (stack.at(-1)!.dur ?? 0) <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (e.tdur ?? 0));
    self.set(e.name, (self.get(e.name) ?? 0) + (e.tdur ?? 0));
    stack.push(e);
  }
  return Object.fromEntries([...self].filter(([, us]) => us > 5000).sort((a, b) => b[1] - a[1]).map(([name, us]) => [name, Math.round(us / 1000)]));
}

/** The three longest main-thread tasks (thread time), each with the time of what ran inside it by event name. */
function longestTasksIn(trace: Buffer, posts: string[]) {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const stamps = events.filter((e) => e.name === 'TimeStamp' && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 5);
  return tasks.map((task) => {
    const inside = new Map<string, number>();
    for (const e of onMain) {
      if (e === task || e.ts < task.ts || e.ts + (e.dur ?? 0) > task.ts + (task.dur ?? 0)) continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
    const mark = stamps.filter((e) => e.ts <= task.ts).at(-1);
    const post = /^post (\d+)$/.exec(mark?.args?.data?.message ?? '');
    const index = post ? Number(post[1]) : -1;
    return { cpuMs: Math.round((task.tdur ?? 0) / 100) / 10, afterStamp: mark?.args?.data?.message, around: index >= 0 ? posts.slice(Math.max(0, index - 3), index + 1).join('') : undefined, inside: top };
  });
}

main().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
