// Where a generated file goes: the folder picked in the Explorer, or the configured folder in the
// workspace folder at hand, confined to that workspace folder; with no folder open, the user
// picks one.
import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { confineAbsolute, prepareFolder, relativeSegments, UnsafePathError } from './confine';
import { imagesFolderSetting, videosFolderSetting } from './mediaSettings';
import type { MediaKind } from './mediaTypes';

export interface SaveLocation {
  /** The folder files are confined to. */
  root: string;
  /** The target folder under root, "/"-separated ('' for root itself). */
  relative: string;
  /** The target folder, absolute, created. */
  folder: string;
}

function onDisk(uri: vscode.Uri): string {
  if (uri.scheme !== 'file') {
    throw new UnsafePathError(`Switchboard saves generated files to folders on disk; ${uri.toString(true)} is not one.`);
  }
  return uri.fsPath;
}

async function workspaceFolderFor(interactive: boolean): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const ofActive = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (ofActive) return ofActive;
  if (interactive) return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Save into which workspace folder?' });
  return folders[0];
}

async function pickFolder(kind: MediaKind): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Save Here',
    title: `No folder is open: where should Switchboard save the ${kind}?`,
  });
  return picked?.[0] ? onDisk(picked[0]) : undefined;
}

/**
 * Resolves (and creates) the folder for a new file. `explicit` is a folder from the Explorer (a
 * Uri or an absolute path) or a path relative to the workspace folder. Undefined: the user
 * dismissed a picker. Throws UnsafePathError for anything outside the workspace folder.
 */
export async function chooseSaveLocation(kind: MediaKind, explicit: vscode.Uri | string | undefined, interactive: boolean): Promise<SaveLocation | undefined> {
  const explicitUri = explicit instanceof vscode.Uri ? explicit : typeof explicit === 'string' && path.isAbsolute(explicit) ? vscode.Uri.file(explicit) : undefined;
  if (explicitUri) {
    const owner = vscode.workspace.getWorkspaceFolder(explicitUri);
    if (!owner) throw new UnsafePathError(`${explicitUri.fsPath} is not inside an open workspace folder: Switchboard only saves there.`);
    const root = onDisk(owner.uri);
    const confined = await confineAbsolute(root, onDisk(explicitUri));
    const relative = path.relative(await realpath(root), confined).split(path.sep).join('/');
    return { root, relative, folder: await prepareFolder(root, relative) };
  }
  const owner = await workspaceFolderFor(interactive);
  if (!owner) {
    if (vscode.workspace.workspaceFolders?.length) return undefined; // dismissed the folder pick
    const root = await pickFolder(kind);
    return root ? { root, relative: '', folder: await prepareFolder(root, '') } : undefined;
  }
  const root = onDisk(owner.uri);
  const setting = typeof explicit === 'string' ? explicit : kind === 'image' ? imagesFolderSetting(owner.uri) : videosFolderSetting(owner.uri);
  return { root, relative: relativeSegments(setting).join('/'), folder: await prepareFolder(root, setting) };
}
