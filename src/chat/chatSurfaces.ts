import * as vscode from 'vscode';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import type { Log } from '../log/log';
import { chatHtml, webviewOptions } from './webviewHtml';

export interface ChatSurfaceHandler {
  /** A webview finished loading: send it the whole state. */
  onReady(surface: ChatSurface): void;
  onMessage(message: Exclude<WebviewToHost, { type: 'ready' }>, surface: ChatSurface): void;
}

/**
 * One loaded chat webview (the sidebar view or an editor tab). Posts wait for the webview's
 * `ready`, because messages posted before its script runs are lost; after `ready` the host sends
 * the whole state, so nothing posted earlier needs queueing.
 */
export class ChatSurface implements vscode.Disposable {
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    handler: ChatSurfaceHandler,
    log: Log,
  ) {
    const load = (): void => {
      webview.options = webviewOptions(extensionUri);
      webview.html = chatHtml(webview, extensionUri, 'Switchboard Chat');
    };
    load();
    this.subscriptions.push(
      // The page may show images only from the workspace folders it was given: reload it (it
      // comes back from the host's state) when they change.
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.ready = false;
        load();
      }),
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) {
          log.warn(`Dropped a webview message that does not fit the protocol: ${describe(raw)}`);
          return;
        }
        if (message.type === 'ready') {
          this.ready = true;
          handler.onReady(this);
          return;
        }
        handler.onMessage(message, this);
      }),
    );
  }

  post(message: HostToWebview): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  dispose(): void {
    this.ready = false;
    for (const s of this.subscriptions) s.dispose();
  }
}

function describe(raw: unknown): string {
  if (raw && typeof raw === 'object' && 'type' in raw) return `type ${JSON.stringify(String((raw as { type: unknown }).type)).slice(0, 60)}`;
  return typeof raw;
}

/**
 * Every open chat webview (the sidebar view, editor tabs). Broadcasts what all must see; a message
 * only one surface asked for (an estimate, a restored draft) goes to that surface's `post`.
 */
export class ChatSurfaces implements vscode.WebviewViewProvider {
  static readonly viewId = 'switchboard.chat';
  private readonly open = new Set<ChatSurface>();
  private view: vscode.WebviewView | undefined;
  private handler: ChatSurfaceHandler | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** The controller, set once it exists (it needs `broadcast` to be built). */
  connect(handler: ChatSurfaceHandler): void {
    this.handler = handler;
  }

  private readonly listeners = new Set<(message: HostToWebview) => void>();

  broadcast(message: HostToWebview): void {
    for (const surface of this.open) surface.post(message);
    this.notify(message);
  }

  /** Every message the surfaces are sent, for the extension's test API. */
  listen(listener: (message: HostToWebview) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  notify(message: HostToWebview): void {
    for (const listener of this.listeners) listener(message);
  }

  private attach(webview: vscode.Webview, onDispose: (listener: () => void) => void): void {
    const handler = this.handler;
    if (!handler) throw new Error('Chat surfaces opened before the chat was connected.');
    const surface = new ChatSurface(webview, this.extensionUri, handler, this.log);
    this.open.add(surface);
    onDispose(() => {
      this.open.delete(surface);
      surface.dispose();
    });
  }

  /** The Chat view in the Switchboard container. No retainContextWhenHidden: it restores from the host. */
  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.attach(view.webview, (listener) =>
      view.onDidDispose(() => {
        listener();
        if (this.view === view) this.view = undefined;
      }),
    );
  }

  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(false);
      return;
    }
    await vscode.commands.executeCommand(`${ChatSurfaces.viewId}.focus`);
  }

  /** An editor tab; `panel` is given when VS Code restores one after a reload. */
  openPanel(panel?: vscode.WebviewPanel): vscode.WebviewPanel {
    const target = panel ?? vscode.window.createWebviewPanel('switchboard.chatPanel', 'Switchboard Chat', vscode.ViewColumn.Beside, { ...webviewOptions(this.extensionUri) });
    target.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'switchboard.svg');
    this.attach(target.webview, (listener) => target.onDidDispose(listener));
    return target;
  }
}
