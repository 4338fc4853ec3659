import * as vscode from 'vscode';
import { Log } from './log/log';
import { KeyStore } from './keys/keyStore';
import { removeApiKey, setApiKey } from './keys/keyCommands';
import { importDemoKeys } from './keys/demoKeys';
import { PlainHttpConsent } from './keys/plainHttpConsent';
import { askPlainHttp } from './keys/plainHttpPrompt';
import { GatewayService } from './services/gatewayService';
import { StatusBar } from './statusBar/statusBar';
import { selectModel, selectProvider } from './models/modelCommands';
import { ChatController } from './chat/chatController';
import { ChatEditorActions } from './chat/editorActions';
import { ConversationStore } from './chat/conversationStore';
import { ChatSurfaces } from './chat/chatSurfaces';
import type { ChatSession } from './chat/chatSession';
import { registerCodeActions } from './codeActions/registerCodeActions';
import { registerLanguageModels } from './languageModels/registerLanguageModels';
import { registerMedia } from './media/registerMedia';
import { registerTools } from './tools/registerTools';
import { ModelCapabilityService } from './models/modelCapabilities';
import { VscodeAgentWorkspace } from './agent/agentWorkspace';
import { parseWebviewMessage, type HostToWebview } from './shared/protocol';

/** What activate() returns: the in-editor tests drive the extension through it. */
export interface SwitchboardApi {
  keys: KeyStore;
  gateway: GatewayService;
  chat: ChatSession;
  log: Log;
  capabilities: ModelCapabilityService;
  /** The chat webview as the tests drive it: post a message as the UI would, watch what every surface is sent. */
  chatWebview: { post(message: unknown): Promise<void>; onMessage(listener: (message: HostToWebview) => void): vscode.Disposable };
}

export async function activate(context: vscode.ExtensionContext): Promise<SwitchboardApi> {
  const log = new Log();
  const keys = new KeyStore(context.secrets);
  const gateway = new GatewayService(keys, context.globalStorageUri, log, new PlainHttpConsent(context.globalState, askPlainHttp));
  const chatView = new ChatSurfaces(context.extensionUri, log);
  const editorActions = new ChatEditorActions();
  const store = new ConversationStore(vscode.Uri.joinPath(context.globalStorageUri, 'conversations').fsPath);
  const capabilities = new ModelCapabilityService(context.globalState);
  gateway.capabilityBook = capabilities.book;
  const agentWorkspace = new VscodeAgentWorkspace(context.storageUri ?? context.globalStorageUri, gateway, capabilities);
  context.subscriptions.push(capabilities, agentWorkspace);
  const controller = new ChatController({ backend: gateway, store, surfaces: chatView, editor: editorActions, memory: context.globalState, log, agent: agentWorkspace });
  const chat = controller.session;
  const statusBar = new StatusBar(gateway);
  context.subscriptions.push(log, keys, gateway, editorActions, controller, statusBar);

  // Compiled out of a package built for users (scripts/buildDefines.mjs). Not awaited: four
  // SecretStorage round trips cost ~250 ms while the window starts; key reads wait for it instead.
  if (__SWITCHBOARD_DEMO_KEYS__) {
    void keys.update((store) => importDemoKeys(store)).then(
      (imported) => imported.length && log.info(`Imported demo keys for ${imported.join(', ')} (loopback base URLs only).`),
      (error: unknown) => log.warn(`Demo keys not imported: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  const register = (id: string, run: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(ChatSurfaces.viewId, chatView),
    vscode.window.registerWebviewPanelSerializer('switchboard.chatPanel', {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        chatView.openPanel(panel);
      },
    }),
  );

  register('switchboard.setApiKey', () => setApiKey(keys));
  register('switchboard.removeApiKey', () => removeApiKey(keys));
  register('switchboard.selectProvider', () => selectProvider(gateway));
  register('switchboard.selectModel', () => selectModel(gateway));
  register('switchboard.refreshModels', async () => {
    const models = await gateway.models(gateway.provider, true);
    void vscode.window.showInformationMessage(`Switchboard: ${models.length} models from ${gateway.providerLabel()}.`);
  });
  register('switchboard.showLog', () => log.show());
  register('switchboard.focusChat', () => chatView.reveal());
  register('switchboard.newChat', async () => {
    await chatView.reveal();
    await chat.newChat();
  });
  register('switchboard.openChatInEditor', () => chatView.openPanel());
  register('switchboard.addSelection', async () => {
    if (await controller.addSelection()) await chatView.reveal();
  });
  register('switchboard.addFile', async (uri?: vscode.Uri) => {
    if (await controller.addFile(uri instanceof vscode.Uri ? uri : undefined)) await chatView.reveal();
  });

  const deps = { context, gateway, chat, chatView, keys, log };
  // Feature slots: each feature folder exports one register function (one line each).
  const media = registerMedia(deps);
  registerTools({ ...deps, media });
  registerCodeActions(deps);
  registerLanguageModels({ ...deps, capabilities });

  log.info(`Switchboard activated (provider ${gateway.providerLabel()}, VS Code ${vscode.version}, ${vscode.env.appName}).`);
  const chatWebview: SwitchboardApi['chatWebview'] = {
    post: async (raw) => {
      const message = parseWebviewMessage(raw);
      if (!message || message.type === 'ready') throw new Error('not a chat webview message');
      await controller.receive(message, { post: (m) => chatView.notify(m) });
    },
    onMessage: (listener) => chatView.listen(listener),
  };
  return { keys, gateway, chat, log, capabilities, chatWebview };
}

export function deactivate(): void {}
