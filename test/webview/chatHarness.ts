/**
 * Runs the real chat webview bundle in headless Chromium under the same CSP the extension uses.
 * The only fake is the host on the other side of `acquireVsCodeApi()`: it records what the page
 * posts and lets a test deliver host messages the way VS Code does (a window `message` event).
 */
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chatPageHtml } from '../../src/chat/chatPageHtml';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../src/shared/protocol';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'out/webview-test/chat');
const NONCE = 'c2JjaGF0dGVzdG5vbmNl';

const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * Where the page's one workspace folder is served, playing the part of its asWebviewUri base (in
 * VS Code that is also the webview's own resource origin). Only generated/images/pixel.png exists.
 */
export const WORKSPACE_FOLDER_NAME = 'fixture workspace';
export const WORKSPACE_ROOT_PATH = '/vscode-resource/work/fixture%20workspace';

let built: Promise<void> | undefined;

/** Bundles the real entry exactly as the extension build does (browser, ESM, CSS beside it). */
export function buildChatBundle(): Promise<void> {
  built ??= (async () => {
    await esbuild.build({
      entryPoints: { webview: join(ROOT, 'webview-ui/src/main.ts'), oneshot: join(ROOT, 'test/webview/chatHarnessOneShot.ts') },
      outdir: OUT,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'chrome120',
      loader: { '.css': 'css', '.ttf': 'file' },
      logLevel: 'error',
      legalComments: 'none',
    });
  })();
  return built;
}

export interface ChatServer {
  origin: string;
  close(): Promise<void>;
}

const FILES: Record<string, [string, string]> = {
  '/webview.js': [join(OUT, 'webview.js'), 'text/javascript'],
  '/webview.css': [join(OUT, 'webview.css'), 'text/css'],
  '/oneshot.js': [join(OUT, 'oneshot.js'), 'text/javascript'],
  '/codicon.css': [join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'), 'text/css'],
  '/codicon.ttf': [join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'), 'font/ttf'],
};

/** A loopback server for the page and its assets; `origin` plays the part of `webview.cspSource`. */
export async function startChatServer(): Promise<ChatServer> {
  await buildChatBundle();
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/pixel.png' || path === `${WORKSPACE_ROOT_PATH}/generated/images/pixel.png`) {
      // Stands in for a remote image in an answer (the test machine may reach only loopback).
      res.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL_PNG);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pageHtml(origin));
      return;
    }
    const file = FILES[path];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    readFile(file[0]).then(
      (body) => res.writeHead(200, { 'content-type': file[1] }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

/**
 * The extension's own page (chatPageHtml), served from the test origin, plus what VS Code adds
 * around it: theme variables in a nonce'd style, and the test's one-shot hook before the bundle.
 */
function pageHtml(origin: string): string {
  const html = chatPageHtml({
    nonce: NONCE,
    cspSource: origin,
    asset: (name) => `${origin}/${name}`,
    title: 'Switchboard chat test',
    imageRoots: [{ name: WORKSPACE_FOLDER_NAME, base: `${origin}${WORKSPACE_ROOT_PATH}` }],
  });
  const bundleScript = `<script type="module" nonce="${NONCE}" src="${origin}/webview.js">`;
  if (!html.includes(bundleScript)) throw new Error('the chat page no longer loads webview.js as the test expects');
  return html
    .replace('</head>', `${THEME_STYLE}\n</head>`)
    .replace(bundleScript, `<script type="module" nonce="${NONCE}" src="${origin}/oneshot.js"></script>\n${bundleScript}`);
}

const THEME_STYLE = `<style nonce="${NONCE}">
/* What VS Code injects for a dark theme (a subset). */
:root {
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-focusBorder: #0078d4;
  --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-errorForeground: #f85149;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
  --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
  --vscode-editorWidget-background: #202020; --vscode-editorWidget-border: #454545;
  --vscode-quickInput-background: #222222; --vscode-widget-shadow: #0000005c;
  --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-list-hoverBackground: #2a2d2e; --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-panel-border: #2b2b2b; --vscode-toolbar-hoverBackground: #5a5d5e50; --vscode-icon-foreground: #cccccc;
  --vscode-inputValidation-errorBackground: #5a1d1d; --vscode-inputValidation-errorBorder: #be1100;
  --vscode-editorWarning-foreground: #cca700; --vscode-editor-inactiveSelectionBackground: #3a3d41;
  --vscode-textBlockQuote-border: #616161; --vscode-chat-requestBackground: #252526;
}
body { background: #181818; }
</style>`;

/**
 * Stands in for VS Code's `acquireVsCodeApi`; state lives in sessionStorage so it survives a
 * reload, as VS Code keeps it across a recreated view. A string, not a function: a transpiled
 * function can carry helper calls that do not exist in the page.
 */
const SHIM = `
(() => {
  window.__posted = [];
  window.__csp = [];
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may be called only once');
    acquired = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => {
        const raw = sessionStorage.getItem('vscode-state');
        return raw ? JSON.parse(raw) : undefined;
      },
      setState: (s) => {
        sessionStorage.setItem('vscode-state', JSON.stringify(s));
        return s;
      },
    };
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
  });
})();
`;

export class ChatPage {
  readonly problems: string[] = [];

  private constructor(readonly page: Page, private readonly context: BrowserContext, private readonly origin: string) {
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() === 'error' || /Content Security Policy/i.test(text)) this.problems.push(`console.${msg.type()}: ${text}`);
    });
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
  }

  static async open(browser: Browser, origin: string, viewport = { width: 420, height: 800 }): Promise<ChatPage> {
    const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.addInitScript({ content: SHIM });
    const chat = new ChatPage(page, context, origin);
    // Nothing may leave the machine: a request anywhere but our server is a failure, not a wait.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
      chat.problems.push(`request outside loopback: ${url}`);
      return route.abort('blockedbyclient');
    });
    await chat.load();
    return chat;
  }

  /** Loads (or reloads, i.e. recreates) the view and waits for its `ready`. */
  async load(): Promise<void> {
    if (this.page.url().startsWith(this.origin)) await this.page.reload();
    else await this.page.goto(`${this.origin}/index.html`);
    await this.waitForPosted('ready');
  }

  async deliver(...messages: HostToWebview[]): Promise<void> {
    await this.page.evaluate((msgs) => {
      for (const m of msgs) window.postMessage(m, '*');
    }, messages);
    // window.postMessage is async: a round trip through the same queue lets them all land.
    await this.page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
  }

  /** Every message the page posted, each checked against the host's own validator. */
  async posted(): Promise<WebviewToHost[]> {
    const raw = await this.page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    return raw.map((m) => {
      const parsed = parseWebviewMessage(m);
      if (!parsed) throw new Error(`The page posted a message the host would drop: ${JSON.stringify(m)}`);
      return parsed;
    });
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: unknown[] }).__posted.length = 0;
    });
  }

  async waitForPosted<T extends WebviewToHost['type']>(type: T, timeoutMs = 5000): Promise<Extract<WebviewToHost, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.posted()).findLast((m) => m.type === type);
      if (found) return found as Extract<WebviewToHost, { type: T }>;
      if (Date.now() > deadline) throw new Error(`No '${type}' was posted; got ${JSON.stringify(await this.posted())}`);
      await this.page.waitForTimeout(20);
    }
  }

  async postedOfType<T extends WebviewToHost['type']>(type: T): Promise<Extract<WebviewToHost, { type: T }>[]> {
    return (await this.posted()).filter((m) => m.type === type) as Extract<WebviewToHost, { type: T }>[];
  }

  /** CSP violations and console errors seen so far (the page's own report plus the console). */
  async securityProblems(): Promise<string[]> {
    const csp = await this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    return [...csp.map((c) => `csp: ${c}`), ...this.problems];
  }

  /** What renderMarkdownOnce makes of `text`, from the same renderer in the same page. */
  renderOnce(text: string): Promise<string> {
    return this.page.evaluate((t) => (window as unknown as { __renderOnce(t: string): string }).__renderOnce(t), text);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Polls until `probe` returns a value that passes `accept`; returns the last value either way. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((ok) => setTimeout(ok, 25));
    value = await probe();
  }
  return value;
}
