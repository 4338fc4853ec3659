import * as vscode from 'vscode';

/**
 * `switchboard.tools.confirmAboveCredits`, from user settings only: a workspace must never be able
 * to let an agent spend credits without asking.
 */
export function confirmAboveCredits(): number {
  const info = vscode.workspace.getConfiguration('switchboard').inspect<number>('tools.confirmAboveCredits');
  const value = info?.globalValue ?? info?.defaultValue ?? 0;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
