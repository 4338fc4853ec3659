/*
 * Browser side of the agent render benchmark, evaluated into the real chat page (bundled without
 * name helpers, so nothing in it depends on the Node side's transpiler).
 */
import type { HostToWebview } from '../src/shared/protocol';

export interface PageRun {
  messages: number;
  totalMs: number;
  /** Longest single message handler (the store, the views, one card or one delta). */
  maxHandlerMs: number;
  maxHandlerKind: string;
  /** Per message kind: the longest handler. */
  maxByKind: Record<string, number>;
  /** The five longest handlers: which message, at which position in the task. */
  slowest: { type: string; index: number; ms: number }[];
  longTasks: number;
  maxLongTaskMs: number;
  cards: number;
  summaries: number;
  status: string | null;
}

/** In the page: each message in its own task, timed; then two frames so the last renders land. */
let loaded: HostToWebview[] = [];

function playInPage(): Promise<PageRun> {
  const messages = loaded;
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  const nextTask = (): Promise<void> => new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
  const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return (async () => {
    const longTasks: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask', buffered: false });
    let totalMs = 0;
    let maxHandlerMs = 0;
    let maxHandlerKind = '';
    const maxByKind: Record<string, number> = {};
    let slowest: { type: string; index: number; ms: number }[] = [];
    for (const [index, data] of messages.entries()) {
      await nextTask();
      const start = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data }));
      const ms = performance.now() - start;
      totalMs += ms;
      maxByKind[data.type] = Math.max(maxByKind[data.type] ?? 0, ms);
      if (slowest.length < 5 || ms > slowest[4].ms) {
        slowest = [...slowest, { type: data.type, index, ms }].sort((a, b) => b.ms - a.ms).slice(0, 5);
      }
      if (ms > maxHandlerMs) {
        maxHandlerMs = ms;
        maxHandlerKind = data.type;
      }
    }
    await frame();
    await frame();
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    return {
      messages: messages.length,
      totalMs,
      maxHandlerMs,
      maxHandlerKind,
      maxByKind,
      slowest,
      longTasks: longTasks.length,
      maxLongTaskMs: longTasks.reduce((max, e) => Math.max(max, e.duration), 0),
      cards: document.querySelectorAll('.tool-card').length,
      summaries: document.querySelectorAll('.task-summary').length,
      status: document.querySelector('.task-summary')?.getAttribute('aria-label') ?? null,
    };
  })();
}

declare global {
  interface Window {
    agentBench: { load(messages: HostToWebview[]): void; play: typeof playInPage };
  }
}

window.agentBench = {
  load: (messages) => {
    loaded = messages;
  },
  play: playInPage,
};
