import * as vscode from 'vscode';
import { getPreset, PROVIDER_IDS } from '../gateway/providers';
import type { ModelInfo } from '../gateway/types';
import { currentProvider, updateGlobal } from '../config/settings';
import type { GatewayService } from '../services/gatewayService';

export async function selectProvider(gateway: GatewayService): Promise<void> {
  const current = currentProvider();
  const items = await Promise.all(
    PROVIDER_IDS.map(async (id) => {
      const preset = getPreset(id);
      return {
        label: preset.displayName,
        description: `${gateway.baseUrl(id)}${id === current ? ' · current' : ''}`,
        detail: (await gateway.hasKey(id)) ? undefined : 'No key yet: you will be asked for one',
        id,
      };
    }),
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'Switchboard: Select Provider', placeHolder: 'Which gateway should Switchboard use?' });
  if (!picked || picked.id === current) return;
  await updateGlobal('provider', picked.id);
  // The model setting belongs to the old provider's catalogue; start from the new one's default.
  await updateGlobal('model', undefined);
  if (!(await gateway.hasKey(picked.id))) await gateway.ensureKey(picked.id);
}

type ModelItem = vscode.QuickPickItem & { id?: string };

/** Chat models only, grouped by kind, with rate and Pro badge. */
export async function selectModel(gateway: GatewayService): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<ModelItem>();
  quickPick.title = `Switchboard: Select Model (${gateway.providerLabel()})`;
  quickPick.placeholder = 'Type to filter chat models';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  quickPick.buttons = [{ iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Refresh Models' }];
  quickPick.show();
  const current = await gateway.currentChatModel();
  const fill = (models: ModelInfo[]): void => {
    quickPick.items = modelItems(models.filter((m) => m.kind === 'chat'), current);
    quickPick.activeItems = quickPick.items.filter((i) => i.id === current);
    quickPick.busy = false;
  };
  fill(await gateway.models());
  quickPick.onDidTriggerButton(async () => {
    quickPick.busy = true;
    fill(await gateway.models(gateway.provider, true));
  });
  const picked = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.id));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (picked) await gateway.setChatModel(picked);
  return picked;
}

function modelItems(models: ModelInfo[], current: string): ModelItem[] {
  const items: ModelItem[] = [];
  const pro = models.filter((m) => m.pro);
  const standard = models.filter((m) => !m.pro);
  for (const [label, group] of [['Chat models', standard], ['Pro models', pro]] as const) {
    if (!group.length) continue;
    items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    for (const m of group) {
      items.push({
        id: m.id,
        label: `${m.id === current ? '$(check) ' : ''}${m.displayName}`,
        description: [m.id !== m.displayName ? m.id : '', m.rate?.label ?? '', m.pro ? 'Pro' : '', m.reasoning ? 'reasoning' : ''].filter(Boolean).join(' · '),
        ...(m.description ? { detail: m.description } : {}),
      });
    }
  }
  return items;
}
