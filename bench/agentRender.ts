/*
 * Agent render benchmark (issue 13): the real chat webview (its production bundle, under its CSP,
 * in headless Chromium) receives one long agent task as the host would post it — 200 tool cards
 * added and updated by id, 40k tokens of streamed text, a task status after every step — one host
 * message per task, as VS Code delivers them. Recorded: the longest task on the page's main thread
 * (wall time from the page's own timings and long-task entries, CPU time from a Chromium trace,
 * both including the markdown renders, style and layout that follow the messages).
 * `npx tsx bench/agentRender.ts` prints the JSON.
 */
import os from 'node:os';
import { launchChromium } from '../test/webview/browser';
import { ChatPage, startChatServer } from '../test/webview/chatHarness';
import { buildBrowserBundle } from '../test/webview/bundle';
import { agentScenario } from './agentScenario';
import type { PageRun } from './agentRenderPage';
import { traceStats, type TraceStats } from './render';

/** Runs, in fresh pages; the least disturbed (lowest total) gives the wall figures, CPU is the worst of all. */
const REPEATS = Number(process.env.AGENT_BENCH_REPEATS ?? 3);
const TARGET_MS = 50;

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export async function benchAgentRender(): Promise<object> {
  const scenario = agentScenario();
  const runner = await buildBrowserBundle('bench/agentRenderPage.ts', 'agent-bench');
  const [browser, server] = await Promise.all([launchChromium(), startChatServer()]);
  const runs: { run: PageRun; trace: TraceStats; loadAverage: number }[] = [];
  try {
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const chat = await ChatPage.open(browser, server.origin);
      try {
        await chat.deliver({ type: 'state', state: scenario.state });
        const loadAverage = os.loadavg()[0]!;
        // The messages cross into the page before the trace starts: copying megabytes of them
        // is the harness's task, not the view's.
        await chat.page.evaluate(runner.js);
        await chat.page.evaluate((messages) => window.agentBench.load(messages), scenario.messages);
        await browser.startTracing(chat.page, { categories: ['toplevel'] });
        const run = await chat.page.evaluate(() => window.agentBench.play());
        const trace = traceStats(await browser.stopTracing());
        if (run.cards !== scenario.cards || run.summaries !== 1) throw new Error(`the page ended with ${run.cards} cards and ${run.summaries} summaries`);
        const problems = await chat.securityProblems();
        if (problems.length) throw new Error(`the page reported: ${problems.join('; ')}`);
        runs.push({ run, trace, loadAverage });
      } finally {
        await chat.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const best = runs.reduce((a, b) => (b.run.totalMs < a.run.totalMs ? b : a));
  const longestTaskMs = round(Math.max(best.run.maxHandlerMs, best.run.maxLongTaskMs));
  const longestTaskCpuMs = Math.max(...runs.map((r) => r.trace.longestTaskCpuMs));
  return {
    method: {
      page: 'the chat webview bundle (webview-ui/src/main.ts) under the extension\'s CSP, headless /usr/bin/chromium, a fresh page per run, after the host\'s `state`',
      scenario: `${scenario.cards} tool cards (pending → running → done with a 40-line result, each a toolCard message), ${scenario.tokens} tokens of markdown in ${scenario.deltas} deltas over 40 steps, a task message after each step`,
      delivery: 'one host message per task (a MessageChannel hop between them), dispatched as the window message event VS Code delivers',
      longestTaskMs: 'least disturbed run (lowest handler total): max of the longest message handler and the PerformanceObserver long-task entries (wall time; renders run in animation frames and are counted there)',
      longestTaskCpuMs: 'Chromium trace, toplevel ThreadControllerImpl::RunTask on CrRendererMain, thread CPU time, worst of all runs',
      repeats: REPEATS,
      machine: `${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end`,
    },
    cards: scenario.cards,
    tokens: scenario.tokens,
    deltas: scenario.deltas,
    hostMessages: scenario.messages.length,
    longestTaskMs,
    longestTaskCpuMs,
    longestTaskWallMsTrace: best.trace.longestTaskWallMs,
    mainThreadCpuMs: best.trace.mainThreadCpuMs,
    handlersTotalMs: round(best.run.totalMs),
    maxHandlerMs: round(best.run.maxHandlerMs),
    maxHandlerKind: best.run.maxHandlerKind,
    maxHandlerMsByKind: Object.fromEntries(Object.entries(best.run.maxByKind).map(([kind, ms]) => [kind, round(ms)])),
    slowestHandlers: best.run.slowest.map((h) => ({ ...h, ms: round(h.ms) })),
    longTasksOver50ms: best.run.longTasks,
    runs: runs.map((r) => ({ handlersTotalMs: round(r.run.totalMs), longestTaskMs: round(Math.max(r.run.maxHandlerMs, r.run.maxLongTaskMs)), longestTaskCpuMs: r.trace.longestTaskCpuMs, loadAverage: round(r.loadAverage) })),
    target: { longestTaskUnderMs: TARGET_MS, met: longestTaskMs < TARGET_MS, metCpu: longestTaskCpuMs < TARGET_MS },
  };
}

if (process.argv[1] && /bench[\\/]agentRender\.ts$/.test(process.argv[1])) {
  benchAgentRender().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
