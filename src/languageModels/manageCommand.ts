// "Manage Language Models" for the Switchboard vendor: the gear in VS Code's model picker and the
// palette command. One quick pick over the key, the provider and the model.
import * as vscode from 'vscode';
import type { GatewayService } from '../services/gatewayService';
import type { KeyStore } from '../keys/keyStore';
import { setApiKey } from '../keys/keyCommands';
import { ACTION_COMMANDS, manageItems, type ManageAction } from './manageItems';

export async function manageLanguageModels(gateway: GatewayService, keys: KeyStore): Promise<void> {
  const provider = gateway.provider;
  const hasKey = await gateway.hasKey(provider);
  const models = hasKey ? await gateway.chatModelInfos(provider) : [];
  const current = await gateway.currentChatModel();
  const state = {
    providerLabel: gateway.providerLabel(),
    hasKey,
    modelLabel: models.find((m) => m.id === current)?.displayName ?? current,
    chatModelCount: models.length,
  };
  const items = manageItems(state).map((item) => ({ ...item, alwaysShow: true }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Switchboard: Manage Language Models',
    placeHolder: `Switchboard models in VS Code come from ${state.providerLabel}`,
  });
  if (picked) await run(picked.action, gateway, keys);
}

async function run(action: ManageAction, gateway: GatewayService, keys: KeyStore): Promise<void> {
  // The current provider's key directly: asking which provider first would be one question too many here.
  if (action === 'setApiKey') await setApiKey(keys, gateway.provider);
  else await vscode.commands.executeCommand(ACTION_COMMANDS[action]);
}
