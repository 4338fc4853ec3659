/*
 * Browser side of the render benchmark: bundled with the renderer, marked and DOMPurify,
 * loaded into headless Chromium. Every unit of work runs in its own task (a MessageChannel
 * hop between them), so long-task entries and per-call timings describe single tasks.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { highlightPiece } from '../webview-ui/src/markdown/highlight';
import { StreamingMarkdown } from '../webview-ui/src/markdown/streamingMarkdown';
import { inertRenderHooks } from '../test/support/inertRenderHooks';

export interface RunResult {
  deltas: number;
  renders: number;
  characters: number;
  /** Sum of the time spent inside the render calls. */
  scriptingMs: number;
  /** Longest single render call. */
  maxCallMs: number;
  /** Long-task entries (> 50 ms) the page reported during the run. */
  longTasks: number;
  maxLongTaskMs: number;
  /** Top-level block elements at the end, a sanity check that the DOM is the answer. */
  blocks: number;
}

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

async function measure(batches: string[][], renderBatch: (batch: string[]) => void, end: () => void): Promise<Omit<RunResult, 'blocks'>> {
  const longTasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask', buffered: false });
  let scriptingMs = 0;
  let maxCallMs = 0;
  let characters = 0;
  const time = (work: () => void): void => {
    const start = performance.now();
    work();
    const ms = performance.now() - start;
    scriptingMs += ms;
    maxCallMs = Math.max(maxCallMs, ms);
  };
  for (const batch of batches) {
    await nextTask();
    time(() => renderBatch(batch));
    for (const delta of batch) characters += delta.length;
  }
  await nextTask();
  time(end);
  // Let the observer deliver entries for the last tasks.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return {
    deltas: batches.reduce((n, b) => n + b.length, 0),
    renders: batches.length + 1,
    characters,
    scriptingMs,
    maxCallMs,
    longTasks: longTasks.length,
    maxLongTaskMs: longTasks.reduce((max, e) => Math.max(max, e.duration), 0),
  };
}

function batchesOf(deltas: string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < deltas.length; i += size) out.push(deltas.slice(i, i + size));
  return out;
}

/** The streaming renderer: `perRender` deltas are appended, then one render runs. */
async function runIncremental(deltas: string[], perRender: number): Promise<RunResult> {
  const container = fresh();
  // One render per delta needs no frame scheduling; batches are flushed explicitly.
  const md = new StreamingMarkdown(container, inertRenderHooks, { schedule: perRender === 1 ? 'sync' : 'frame' });
  const result = await measure(batchesOf(deltas, perRender), (batch) => {
    for (const delta of batch) md.append(delta);
    md.flush();
  }, () => md.finish());
  return { ...result, blocks: container.childElementCount };
}

/** The naive way: the whole text through marked and DOMPurify, and the container replaced, each time. */
async function runBaseline(deltas: string[], perRender: number): Promise<RunResult> {
  const container = fresh();
  let text = '';
  const render = (): void => {
    const html = marked.parse(text, { async: false });
    container.replaceChildren(DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true }));
  };
  const result = await measure(batchesOf(deltas, perRender), (batch) => {
    text += batch.join('');
    render();
  }, render);
  return { ...result, blocks: container.childElementCount };
}

/**
 * What finishing a code block used to cost: highlighting it whole in one task. Run twice, the
 * second (warm) time counts, so grammar compilation is not charged to it.
 */
function highlightWhole(code: string, language: string): number {
  highlightPiece(code, language);
  const start = performance.now();
  const pre = document.createElement('pre');
  pre.append(highlightPiece(code, language).fragment);
  fresh().append(pre);
  void pre.offsetHeight;
  return performance.now() - start;
}

function fresh(): HTMLElement {
  document.body.replaceChildren();
  const el = document.createElement('div');
  document.body.append(el);
  return el;
}

declare global {
  interface Window {
    renderBench: { runIncremental: typeof runIncremental; runBaseline: typeof runBaseline; highlightWhole: typeof highlightWhole };
  }
}

window.renderBench = { runIncremental, runBaseline, highlightWhole };
