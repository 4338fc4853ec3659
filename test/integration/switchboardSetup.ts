// What every in-editor suite needs: the extension's API, Switchboard's settings, and a way to put
// the user-level settings a suite changes back as they were.
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../src/extension';

export const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');

export const setGlobal = (key: string, value: unknown): Thenable<void> => config().update(key, value, vscode.ConfigurationTarget.Global);

export async function activateSwitchboard(): Promise<SwitchboardApi> {
  return (await vscode.extensions.getExtension('switchboard-dev.switchboard')!.activate()) as SwitchboardApi;
}

/** Remembers the user-level values of these settings; the returned function restores them. */
export function rememberSettings(keys: readonly string[]): () => Promise<void> {
  const saved = keys.map((key) => [key, config().inspect(key)?.globalValue] as const);
  return async () => {
    for (const [key, value] of saved) await setGlobal(key, value);
  };
}
