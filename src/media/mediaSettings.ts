// The media settings, read where they apply (folders are resource-scoped: a workspace folder may
// set its own).
import * as vscode from 'vscode';

const section = (scope?: vscode.Uri): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard', scope);

export function imagesFolderSetting(scope?: vscode.Uri): string {
  return section(scope).get<string>('images.folder', 'generated/images');
}

export function videosFolderSetting(scope?: vscode.Uri): string {
  return section(scope).get<string>('videos.folder', 'generated/videos');
}

export function imageModelSetting(): string {
  return section().get<string>('images.model', '').trim();
}

export function videoModelSetting(): string {
  return section().get<string>('videos.model', '').trim();
}

export function imageSizeSetting(): string {
  return section().get<string>('images.size', '1024x1024').trim();
}

export function imageQualitySetting(): string {
  return section().get<string>('images.quality', 'standard').trim();
}

export function videoTimeoutMs(): number {
  return Math.max(1, section().get<number>('videos.timeoutMinutes', 30)) * 60_000;
}

export function maxDownloadBytes(): number {
  return Math.max(1, section().get<number>('media.maxDownloadMB', 200)) * 1024 * 1024;
}
