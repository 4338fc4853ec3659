// Wires Switchboard into VS Code's own chat: the language-model provider, @switchboard and the
// management command. Called once from activate().
import * as vscode from 'vscode';
import type { GatewayService } from '../services/gatewayService';
import type { KeyStore } from '../keys/keyStore';
import type { Log } from '../log/log';
import type { ModelCapabilityService } from '../models/modelCapabilities';
import { SwitchboardChatModelProvider, VENDOR } from './chatModelProvider';
import { createParticipantHandler, PARTICIPANT_ID } from './chatParticipant';
import { manageLanguageModels } from './manageCommand';

export interface LanguageModelDeps {
  context: vscode.ExtensionContext;
  gateway: GatewayService;
  keys: KeyStore;
  log: Log;
  /** Which models call tools and take images, so VS Code's agent mode can list them. */
  capabilities?: ModelCapabilityService;
}

export function registerLanguageModels({ context, gateway, keys, log, capabilities }: LanguageModelDeps): void {
  context.subscriptions.push(vscode.commands.registerCommand('switchboard.manageLanguageModels', () => manageLanguageModels(gateway, keys)));

  // Forks of VS Code may lack either API; Switchboard's own chat works without them.
  if (typeof vscode.lm?.registerLanguageModelChatProvider === 'function') {
    const provider = new SwitchboardChatModelProvider(gateway, log, capabilities);
    context.subscriptions.push(provider, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
  } else {
    log.info('This editor has no language model provider API: Switchboard models are not offered to vscode.lm.');
  }

  if (typeof vscode.chat?.createChatParticipant === 'function') {
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, createParticipantHandler({ gateway, log }));
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'switchboard.png');
    context.subscriptions.push(participant);
  }
}
