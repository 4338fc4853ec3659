/*
 * Render benchmark (issue 4): a streamed reply of 20k and 40k tokens rendered in headless
 * Chromium by the streaming renderer and, in the same run, by a naive baseline that
 * re-parses and re-renders the whole markdown. `npx tsx bench/render.ts` prints the JSON.
 */
import { launchChromium, openTestPage } from '../test/webview/browser';
import { buildBrowserBundle, harnessPage } from '../test/webview/bundle';
import { startLoopbackServer } from '../test/webview/loopbackServer';
import { generateAnswer, toDeltas, tokenize } from './renderDocument';
import type { RunResult } from './renderPage';

const SIZES = [20_000, 40_000] as const;
/**
 * The baseline re-renders once per this many deltas (about one animation frame of a fast
 * stream): per delta, the 40k run would take many minutes. This favours the baseline.
 */
const BASELINE_DELTAS_PER_RENDER = 50;

interface SizeResult {
  tokens: number;
  characters: number;
  deltas: number;
  incremental: Figures;
  incrementalBatched: Figures;
  baseline: Figures;
}

interface Figures extends RunResult {
  msPer1kTokens: number;
  /** Longest task: long-task entries, or the longest single render call when no entry was reported. */
  longestTaskMs: number;
}

function figures(run: RunResult, tokens: number): Figures {
  return {
    ...run,
    scriptingMs: round(run.scriptingMs),
    maxCallMs: round(run.maxCallMs),
    maxLongTaskMs: round(run.maxLongTaskMs),
    msPer1kTokens: round(run.scriptingMs / (tokens / 1000)),
    longestTaskMs: round(Math.max(run.maxLongTaskMs, run.maxCallMs)),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export async function benchRender(): Promise<object> {
  const bundle = await buildBrowserBundle('bench/renderPage.ts', 'render-bench');
  const server = await startLoopbackServer({
    '/': { contentType: 'text/html; charset=utf-8', body: harnessPage('render-bench') },
    '/render-bench.js': { contentType: 'text/javascript; charset=utf-8', body: bundle.js },
    '/render-bench.css': { contentType: 'text/css; charset=utf-8', body: bundle.css },
  });
  const browser = await launchChromium();
  try {
    const allTokens = tokenize(generateAnswer(SIZES[SIZES.length - 1] * 4 + 4000));
    const bySize: Record<string, SizeResult> = {};
    for (const size of SIZES) {
      const tokens = allTokens.slice(0, size);
      const deltas = toDeltas(tokens);
      // A fresh page per run, so one run's heap and DOM do not slow the next.
      const run = async (kind: 'runIncremental' | 'runBaseline', perRender: number): Promise<Figures> => {
        const tp = await openTestPage(browser, `${server.url}/`);
        try {
          const result = await tp.page.evaluate(([k, d, n]) => window.renderBench[k](d, n), [kind, deltas, perRender] as const);
          return figures(result, size);
        } finally {
          await tp.close();
        }
      };
      bySize[`${size / 1000}k`] = {
        tokens: size,
        characters: tokens.join('').length,
        deltas: deltas.length,
        incremental: await run('runIncremental', 1),
        incrementalBatched: await run('runIncremental', BASELINE_DELTAS_PER_RENDER),
        baseline: await run('runBaseline', BASELINE_DELTAS_PER_RENDER),
      };
    }
    const small = bySize['20k'];
    const large = bySize['40k'];
    const growth = large.incremental.scriptingMs / small.incremental.scriptingMs;
    const speedup = large.baseline.scriptingMs / large.incremental.scriptingMs;
    const longest = Math.max(small.incremental.longestTaskMs, large.incremental.longestTaskMs);
    return {
      method: {
        chromium: 'headless /usr/bin/chromium',
        tokens: '~4 characters each; deltas of 1–4 tokens, appended in order',
        incremental: 'StreamingMarkdown: one append + render per delta (every delta its own task), then finish()',
        incrementalBatched: `the same, rendering once per ${BASELINE_DELTAS_PER_RENDER} deltas, like the baseline`,
        baseline: `marked.parse of the whole text + DOMPurify + container replaced, once per ${BASELINE_DELTAS_PER_RENDER} deltas (per delta would take many minutes at 40k)`,
        scriptingMs: 'sum of performance.now() around each render call in the page',
        longestTaskMs: 'max of PerformanceObserver longtask entries and the longest single render call',
      },
      results: bySize,
      ratios: {
        incremental40kOver20k: round(growth),
        baselineOverIncrementalAt40k: round(speedup),
        baselineOverIncrementalBatchedAt40k: round(large.baseline.scriptingMs / large.incrementalBatched.scriptingMs),
      },
      targets: {
        flatCostPerToken: growth <= 2.2,
        longestTaskUnder50ms: longest < 50,
        atLeast5xFasterThanBaselineAt40k: speedup >= 5,
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && /bench[\\/]render\.ts$/.test(process.argv[1])) {
  benchRender().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
