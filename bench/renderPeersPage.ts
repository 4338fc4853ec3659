/*
 * Browser side of the peer benchmark (issue 14): Switchboard's renderer, streaming-markdown,
 * streamdown and the naive re-render, fed the same posts in a scrolling view that follows the
 * stream, one post per task. Bundled for the bench only; none of the peers ships in the VSIX.
 */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';
import { marked } from 'marked';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Streamdown } from 'streamdown';
import * as smd from 'streaming-markdown';
import { StreamingMarkdown, renderMarkdownOnce } from '../webview-ui/src/markdown/streamingMarkdown';
import { inertRenderHooks } from '../test/support/inertRenderHooks';

export type PeerName = 'switchboard' | 'streamingMarkdown' | 'streamdown' | 'naive' | 'appendOnly' | 'delivery' | 'switchboardOnce' | 'streamingMarkdownOnce';

interface Renderer {
  post(delta: string): void;
  end(): void;
}

export interface PeerRunResult {
  posts: number;
  /** Posts rendered before the run hit its time cap; equal to `posts` when it finished. */
  rendered: number;
  finished: boolean;
  scriptingMs: number;
  maxPostMs: number;
  p95PostMs: number;
  /** The slowest posts (wall time), to see which part of the stream a long task came from. */
  slowest: { index: number; ms: number; at: number; delta: string }[];
  /** Final DOM equals the same renderer's one-shot render of the whole text (checked when asked). */
  sameAsOneShot?: boolean;
}

hljs.configure({ ignoreUnescapedHTML: true });

/** Collects the posts and renders their whole text once, at the end. */
function afterDelivery(render: (text: string) => void): Renderer {
  let text = '';
  return {
    post: (d) => {
      text += d;
    },
    end: () => render(text),
  };
}

const RENDERERS: Record<PeerName, (el: HTMLElement) => Renderer> = {
  switchboard(el) {
    const md = new StreamingMarkdown(el, inertRenderHooks, { schedule: 'sync' });
    return { post: (d) => md.append(d), end: () => md.finish() };
  },
  streamingMarkdown(el) {
    const parser = smd.parser(smd.default_renderer(el));
    return { post: (d) => smd.parser_write(parser, d), end: () => smd.parser_end(parser) };
  },
  streamdown(el) {
    const root = createRoot(el);
    let text = '';
    const render = (isAnimating: boolean): void => flushSync(() => root.render(createElement(Streamdown, { mode: 'streaming', isAnimating, children: text })));
    return {
      post: (d) => {
        text += d;
        render(true);
      },
      end: () => render(false),
    };
  },
  // Not a renderer: the floor. Each post's text is appended to the line being written, a newline
  // starts a new element; no markdown. What the bench's delivery and the browser's frames cost
  // with the least DOM work a streamed answer can have.
  appendOnly(el) {
    let line = document.createElement('div');
    el.append(line);
    return {
      post: (d) => {
        const lines = d.split('\n');
        line.append(lines[0]!);
        for (const text of lines.slice(1)) {
          line = document.createElement('div');
          line.append(text);
          el.append(line);
        }
      },
      end: () => undefined,
    };
  },
  // Not renderers either: what the stream costs with nothing rendered, and each of the two fastest
  // renderers' one-shot render of the whole text once the posts have arrived (the least work its
  // output needs). A renderer's streamed figure less its one-shot figure is what streaming costs it.
  delivery() {
    return { post: () => undefined, end: () => undefined };
  },
  switchboardOnce: (el) => afterDelivery((text) => renderMarkdownOnce(el, text, inertRenderHooks)),
  streamingMarkdownOnce: (el) => afterDelivery((text) => {
    const once = RENDERERS.streamingMarkdown(el);
    once.post(text);
    once.end();
  }),
  naive(el) {
    let text = '';
    const render = (): void => {
      const fragment = DOMPurify.sanitize(marked.parse(text, { async: false }), { RETURN_DOM_FRAGMENT: true });
      fragment.querySelectorAll<HTMLElement>('pre code').forEach((code) => hljs.highlightElement(code));
      el.replaceChildren(fragment);
    };
    return {
      post: (d) => {
        text += d;
        render();
      },
      end: render,
    };
  },
};

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/** A transcript-like scroller that follows the stream the way the chat does: one write per layout. */
function scroller(): HTMLElement {
  document.body.replaceChildren();
  const view = document.createElement('div');
  view.style.cssText = 'height: 600px; width: 700px; overflow-y: auto;';
  const content = document.createElement('div');
  view.append(content);
  document.body.append(view);
  new ResizeObserver(() => {
    view.scrollTop = Math.max(0, view.scrollHeight - view.clientHeight);
  }).observe(content);
  return content;
}

let loaded: string[] = [];
let last: { name: PeerName; el: HTMLElement; posts: string[] } | undefined;

/**
 * Hands the posts to the page before a run, so copying them in (a long task of its own at 80k)
 * is not inside the traced run.
 */
function load(posts: string[]): number {
  loaded = posts;
  return posts.length;
}

/**
 * Streams the loaded posts into a fresh view, one task per post. With `marks`, each post is
 * stamped on the trace (console.timeStamp) so a long task can be traced back to its post.
 */
async function runPeer(name: PeerName, capMs: number, marks = false): Promise<PeerRunResult> {
  const posts = loaded;
  const el = scroller();
  const renderer = RENDERERS[name](el);
  const times: number[] = [];
  const started = performance.now();
  let rendered = 0;
  for (const delta of posts) {
    await nextTask();
    if (marks) console.timeStamp(`post ${rendered}`);
    const t0 = performance.now();
    renderer.post(delta);
    times.push(performance.now() - t0);
    rendered++;
    if (performance.now() - started > capMs) break;
  }
  const finished = rendered === posts.length;
  if (finished) {
    await nextTask();
    if (marks) console.timeStamp('end');
    const t0 = performance.now();
    renderer.end();
    times.push(performance.now() - t0);
  }
  // Let the last frame (style, layout, paint) land inside the trace.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  const sorted = [...times].sort((a, b) => a - b);
  const offsets: number[] = [];
  posts.reduce((at, d) => (offsets.push(at), at + d.length), 0);
  const slowest = times.map((ms, index) => ({ index, ms, at: offsets[index] ?? -1, delta: posts[index] ?? '(end)' }))
    .sort((a, b) => b.ms - a.ms).slice(0, 5);
  last = { name, el, posts };
  return {
    posts: posts.length,
    rendered,
    finished,
    scriptingMs: times.reduce((s, t) => s + t, 0),
    maxPostMs: sorted.at(-1) ?? 0,
    p95PostMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    slowest,
  };
}

/** After a finished run (outside its trace): whether its final DOM equals the same renderer's one-shot render. */
function sameAsOneShot(): boolean {
  if (!last) throw new Error('no run to check');
  const { name, el, posts } = last;
  const streamed = el.innerHTML;
  const once = document.createElement('div');
  document.body.append(once);
  if (name === 'switchboard' || name === 'switchboardOnce') renderMarkdownOnce(once, posts.join(''), inertRenderHooks);
  else {
    const r = RENDERERS[name](once);
    r.post(posts.join(''));
    r.end();
  }
  return once.innerHTML === streamed;
}

declare global {
  interface Window {
    peerBench: { load: typeof load; runPeer: typeof runPeer; sameAsOneShot: typeof sameAsOneShot };
  }
}

window.peerBench = { load, runPeer, sameAsOneShot };
