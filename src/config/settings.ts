import * as vscode from 'vscode';
import { isProviderId, type ProviderId } from '../gateway/providers';

export function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('switchboard');
}

export function currentProvider(): ProviderId {
  const value = section().get<string>('provider', 'helyx');
  return isProviderId(value) ? value : 'helyx';
}

/**
 * The base URL for a provider, read from user (global) settings or the default only.
 * The settings are application-scoped already; reading `globalValue` as well means a workspace
 * or folder value can never redirect a key, whatever VS Code version enforces the scope.
 */
export function baseUrlFor(provider: ProviderId): string {
  const info = section().inspect<string>(`baseUrl.${provider}`);
  const value = info?.globalValue ?? info?.defaultValue ?? '';
  return value.trim();
}

export function chatModelSetting(): string {
  return section().get<string>('model', '').trim();
}

/** Every model id the user set (chat, code actions, images, videos), for gateways that cannot list theirs. */
export function configuredModelIds(): string[] {
  const s = section();
  return ['model', 'codeActions.model', 'images.model', 'videos.model'].map((key) => s.get<string>(key, '').trim()).filter((id) => id !== '');
}

/** `switchboard.chat.loadRemoteImages`: "ask" (one image at a time) or "never". */
export function remoteImagesSetting(): 'ask' | 'never' {
  return section().get<string>('chat.loadRemoteImages', 'ask') === 'never' ? 'never' : 'ask';
}

export interface NetworkSettings {
  idleTimeoutMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
}

export function networkSettings(): NetworkSettings {
  const s = section();
  return {
    idleTimeoutMs: Math.max(1, s.get<number>('network.idleTimeoutSeconds', 60)) * 1000,
    requestTimeoutMs: Math.max(1, s.get<number>('network.requestTimeoutSeconds', 600)) * 1000,
    maxRetries: Math.max(0, Math.min(10, s.get<number>('network.maxRetries', 3))),
  };
}

export function maxTokensSetting(): number {
  return section().get<number>('maxTokens', 2048);
}

export function temperatureSetting(): number {
  return section().get<number>('temperature', 0.7);
}

export async function updateGlobal(key: string, value: unknown): Promise<void> {
  await section().update(key, value, vscode.ConfigurationTarget.Global);
}
