// User settings every editor the harness starts gets before the caller's own.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const baseSettings = {
  // Without this, VS Code starts a Copilot runtime process nobody asked for.
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  // The secondary side bar only hosts VS Code's own chat, which is disabled above.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // Run folders live under the repository's .vscode-test/, so git would offer to open the
  // repository itself in a toast over the workbench.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Writes <userDataDir>/User/settings.json.
 * @param {string} userDataDir
 * @param {Record<string, unknown>} [settings]
 */
export async function writeUserSettings(userDataDir, settings = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ ...baseSettings, ...settings }, null, 2)}\n`);
  return file;
}
