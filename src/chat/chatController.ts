import * as vscode from 'vscode';
import { assertNever, type WebviewToHost } from '../shared/protocol';
import type { Log } from '../log/log';
import { remoteImagesSetting } from '../config/settings';
import { runErrorAction } from '../errors/errorActionHost';
import { formatError } from '../errors/errorActions';
import { ChatSession } from './chatSession';
import type { ChatBackend, SessionPrompts } from './sessionPorts';
import type { ChatSurface, ChatSurfaceHandler, ChatSurfaces } from './chatSurfaces';
import type { ConversationStore } from './conversationStore';
import type { ChatEditorActions } from './editorActions';
import type { AgentWorkspace } from './agentPorts';

/** The gateway side as the chat view sees it: the session's backend plus VS Code change events. */
export interface ChatViewBackend extends ChatBackend {
  readonly onDidChange: vscode.Event<void>;
  readonly onDidChangeCredits: vscode.Event<void>;
}

/**
 * Routes webview messages to the chat session and does what needs VS Code: modal questions,
 * editor actions, error actions. The session owns the transcript and the stream.
 */
export class ChatController implements ChatSurfaceHandler, vscode.Disposable {
  readonly session: ChatSession;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly deps: { backend: ChatViewBackend; store: ConversationStore; surfaces: ChatSurfaces; editor: ChatEditorActions; memory: vscode.Memento; log: Log; agent?: AgentWorkspace },
  ) {
    const { backend, surfaces, log } = deps;
    this.session = new ChatSession({
      backend,
      store: deps.store,
      memory: deps.memory,
      prompts: vscodePrompts,
      log,
      broadcast: (m) => surfaces.broadcast(m),
      remoteImagePolicy: remoteImagesSetting,
      ...(deps.agent ? { agent: deps.agent } : {}),
    });
    surfaces.connect(this);
    this.subscriptions.push(
      // A key, provider, setting or model-list change touches the models row, never the transcript.
      backend.onDidChange(() => void this.session.modelsMessage().then((m) => surfaces.broadcast(m))),
      backend.onDidChangeCredits(() => surfaces.broadcast({ type: 'credits', credits: backend.credits() })),
    );
  }

  onReady(surface: ChatSurface): void {
    void this.session.state().then((state) => surface.post({ type: 'state', state }));
  }

  onMessage(message: Exclude<WebviewToHost, { type: 'ready' }>, surface: ChatSurface): void {
    void this.receive(message, surface);
  }

  /** Handles one webview message; resolves when it is done (the tests post messages as the UI does). */
  receive(message: Exclude<WebviewToHost, { type: 'ready' }>, surface: Pick<ChatSurface, 'post'>): Promise<void> {
    return this.route(message, surface).catch((err: unknown) => this.deps.log.error(`Chat action ${message.type} failed: ${formatError(err)}`));
  }

  private async route(message: Exclude<WebviewToHost, { type: 'ready' }>, surface: Pick<ChatSurface, 'post'>): Promise<void> {
    const session = this.session;
    const editor = this.deps.editor;
    const reply = (m: Parameters<ChatSurface['post']>[0]): void => surface.post(m);
    switch (message.type) {
      case 'send':
        return session.send(message.text, { reasoning: message.reasoning, reply, ...(message.budget !== undefined ? { budget: message.budget } : {}) });
      case 'stop':
        return session.stop();
      case 'retry':
        return session.retry();
      case 'editResend':
        return session.editResend(message.messageId, message.text, reply);
      case 'pickModel':
        return session.pickModel(message.modelId);
      case 'setReasoning':
        return session.setReasoning(message.enabled);
      case 'estimate':
        return session.estimate(message.text, reply);
      case 'newChat':
        return session.newChat();
      case 'switchConversation':
        return session.switchTo(message.id);
      case 'renameConversation':
        return session.rename(message.id, message.title);
      case 'deleteConversation':
        return session.deleteConversation(message.id);
      case 'exportConversation': {
        const target = await session.find(message.id);
        return target && editor.exportMarkdown(target);
      }
      case 'addSelection':
        return void (await this.addSelection());
      case 'addFile':
        return void (await this.addFile());
      case 'removeContext':
        return session.removeContext(message.id);
      case 'copyCode':
        return editor.copy(message.code);
      case 'insertCode':
        return editor.insertAtCursor(message.code);
      case 'newFile':
        return editor.newFile(message.code, message.language);
      case 'openLink':
        return editor.openLink(message.href);
      case 'runAction':
        return void (await runErrorAction(message.action, { gateway: this.deps.backend, retry: () => session.retry() }));
      case 'allowRemoteImages':
        return session.allowRemoteImages(message.url);
      case 'setMode':
        return session.agent?.setMode(message.mode);
      case 'approveTool':
        return session.agent?.approve(message.callId, message.approved);
      case 'openToolDiff':
        return session.agent?.openDiff(message.callId);
      case 'raiseBudget':
        return session.agent?.raiseBudget(message.taskId, message.budget);
      case 'restoreCheckpoint':
        return session.agent?.restoreCheckpoint(message.taskId);
      default:
        assertNever(message);
    }
  }

  async addSelection(): Promise<boolean> {
    const attachment = this.deps.editor.selectionAttachment();
    if (!attachment) {
      void vscode.window.showInformationMessage('Select some code in an editor first, then add it to the chat.');
      return false;
    }
    this.session.addContext(attachment);
    return true;
  }

  async addFile(uri?: vscode.Uri): Promise<boolean> {
    const attachment = await this.deps.editor.fileAttachment(uri);
    if (!attachment) return false;
    this.session.addContext(attachment);
    return true;
  }

  dispose(): void {
    this.session.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

const vscodePrompts: SessionPrompts = {
  async confirmOverspend(message) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: 'The gateway may refuse it with an insufficient-credits error.' }, 'Send Anyway');
    return choice === 'Send Anyway';
  },
  async confirmDelete(title) {
    return (await vscode.window.showWarningMessage(`Delete "${title}"?`, { modal: true, detail: 'This cannot be undone.' }, 'Delete')) === 'Delete';
  },
  notify: (message) => void vscode.window.showInformationMessage(message),
  warn: (message) => void vscode.window.showWarningMessage(message),
};
