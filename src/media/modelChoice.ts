// Which model makes the image or video: the one asked for, the setting, or a quick pick with the
// model used last time (remembered per provider) on top. Without UI: the remembered or first one.
import * as vscode from 'vscode';
import type { ModelInfo } from '../gateway/types';
import type { ProviderId } from '../gateway/providers';
import type { GatewayService } from '../services/gatewayService';
import type { MediaKind } from './mediaTypes';

export interface ChosenModel {
  id: string;
  info?: ModelInfo;
}

interface ModelItem extends vscode.QuickPickItem {
  id?: string;
  info?: ModelInfo;
}

const memoryKey = (kind: MediaKind, provider: ProviderId): string => `switchboard.media.${kind}Model.${provider}`;

function item(model: ModelInfo, remembered: string | undefined): ModelItem {
  const facts = [model.id !== model.displayName ? model.id : undefined, model.rate?.label, model.pro ? 'Pro' : undefined, model.id === remembered ? 'last used' : undefined];
  return {
    label: model.displayName,
    description: facts.filter(Boolean).join(' · '),
    ...(model.description ? { detail: model.description } : {}),
    id: model.id,
    info: model,
  };
}

export async function chooseModel(options: {
  gateway: GatewayService;
  memory: vscode.Memento;
  kind: MediaKind;
  provider: ProviderId;
  explicit?: string;
  setting: string;
  interactive: boolean;
}): Promise<ChosenModel | undefined> {
  const { gateway, memory, kind, provider } = options;
  const models = await gateway.models(provider);
  const find = (id: string): ChosenModel => {
    const info = models.find((m) => m.id === id);
    return info ? { id, info } : { id };
  };
  if (options.explicit?.trim()) return find(options.explicit.trim());
  if (options.setting) return find(options.setting);
  const remembered = memory.get<string>(memoryKey(kind, provider));
  const candidates = models.filter((m) => m.kind === kind);
  if (!options.interactive) {
    if (remembered) return find(remembered);
    const first = candidates[0];
    if (first) return { id: first.id, info: first };
    throw new Error(`${gateway.preset(provider).displayName} lists no ${kind} model: set switchboard.${kind}s.model to the model to use.`);
  }

  const items: ModelItem[] = candidates.map((m) => item(m, remembered));
  if (kind === 'image') {
    // Some gateways make images with chat models (the answer carries the image).
    const chat = models.filter((m) => m.kind === 'chat');
    if (chat.length) items.push({ label: 'Chat models that may answer with an image', kind: vscode.QuickPickItemKind.Separator }, ...chat.map((m) => item(m, remembered)));
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(edit) Other model id…', alwaysShow: true });
  const rememberedItem = items.find((i) => i.id === remembered);
  if (rememberedItem) items.splice(items.indexOf(rememberedItem), 1).forEach((i) => items.unshift(i));

  const picked = await vscode.window.showQuickPick(items, {
    title: `Switchboard: ${kind === 'image' ? 'Image' : 'Video'} model (${gateway.preset(provider).displayName})`,
    placeHolder: `Which model should generate the ${kind}?`,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  let id = picked.id;
  if (!id) {
    id = (await vscode.window.showInputBox({ title: `Switchboard: ${kind} model id`, prompt: 'The model id as the gateway knows it', value: remembered ?? '' }))?.trim();
    if (!id) return undefined;
  }
  await memory.update(memoryKey(kind, provider), id);
  return find(id);
}
