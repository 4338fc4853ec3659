import * as vscode from 'vscode';
import { getPreset, PROVIDER_IDS } from '../gateway/providers';
import type { ProviderId } from '../gateway/providers';
import { currentProvider } from '../config/settings';
import type { KeyStore } from './keyStore';
import { keyPrefixWarning } from './keyPrefix';

async function pickProvider(placeHolder: string, keys: KeyStore): Promise<ProviderId | undefined> {
  const current = currentProvider();
  const items = await Promise.all(
    PROVIDER_IDS.map(async (id) => ({
      label: getPreset(id).displayName,
      description: id === current ? 'current provider' : undefined,
      detail: (await keys.get(id)) ? 'A key is set' : 'No key yet',
      id,
    })),
  );
  items.sort((a, b) => (a.id === current ? -1 : b.id === current ? 1 : 0));
  return (await vscode.window.showQuickPick(items, { placeHolder, title: 'Switchboard' }))?.id;
}

export async function setApiKey(keys: KeyStore, provider?: ProviderId): Promise<boolean> {
  const target = provider ?? (await pickProvider('Which provider is this key for?', keys));
  if (!target) return false;
  const preset = getPreset(target);
  const key = await vscode.window.showInputBox({
    title: `Switchboard: ${preset.displayName} API Key`,
    prompt: `Paste your ${preset.displayName} API key. It is kept in VS Code's secret storage, never in settings.`,
    placeHolder: preset.keyPrefix ? `${preset.keyPrefix}…` : 'API key (optional for a local server)',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return { message: 'Enter a key, or press Escape to cancel.', severity: vscode.InputBoxValidationSeverity.Info };
      const warning = keyPrefixWarning(preset, value);
      return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (!key?.trim()) return false;
  await keys.set(target, key);
  void vscode.window.showInformationMessage(`Switchboard: ${preset.displayName} key saved.`);
  return true;
}

export async function removeApiKey(keys: KeyStore): Promise<void> {
  const target = await pickProvider('Remove the key of which provider?', keys);
  if (!target) return;
  const preset = getPreset(target);
  if (!(await keys.get(target))) {
    void vscode.window.showInformationMessage(`Switchboard has no ${preset.displayName} key to remove.`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(`Remove the ${preset.displayName} API key from this machine?`, { modal: true }, 'Remove');
  if (choice !== 'Remove') return;
  await keys.remove(target);
  void vscode.window.showInformationMessage(`Switchboard: ${preset.displayName} key removed.`);
}

/** A missing key is a prompt with a button, not a failure. */
export async function promptForMissingKey(keys: KeyStore, provider: ProviderId): Promise<boolean> {
  const preset = getPreset(provider);
  const choice = await vscode.window.showInformationMessage(`Switchboard needs your ${preset.displayName} API key to continue.`, 'Set API Key');
  if (choice !== 'Set API Key') return false;
  return setApiKey(keys, provider);
}
