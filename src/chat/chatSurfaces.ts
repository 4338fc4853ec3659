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
    webview.options = webviewOptions(extensionUri);
    webview.html = chatHtml(webview, extensionUri, 'Switchboard Chat');
    this.subscriptions.push(
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

  get isReady(): boolean {
    return this.ready;
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

/** The Chat view in the Switchboard container. No retainContextWhenHidden: it restores from the host. */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'switchboard.chat';
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handler: ChatSurfaceHandler,
    private readonly surfaces: Set<ChatSurface>,
    private readonly log: Log,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const surface = new ChatSurface(view.webview, this.extensionUri, this.handler, this.log);
    this.surfaces.add(surface);
    view.onDidDispose(() => {
      this.surfaces.delete(surface);
      surface.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(false);
      return;
    }
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
  }
}

export function openChatPanel(
  extensionUri: vscode.Uri,
  handler: ChatSurfaceHandler,
  surfaces: Set<ChatSurface>,
  log: Log,
  panel?: vscode.WebviewPanel,
): vscode.WebviewPanel {
  const target =
    panel ??
    vscode.window.createWebviewPanel('switchboard.chatPanel', 'Switchboard Chat', vscode.ViewColumn.Beside, {
      ...webviewOptions(extensionUri),
    });
  target.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'switchboard.svg');
  const surface = new ChatSurface(target.webview, extensionUri, handler, log);
  surfaces.add(surface);
  target.onDidDispose(() => {
    surfaces.delete(surface);
    surface.dispose();
  });
  return target;
}
