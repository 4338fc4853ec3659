import type { ProviderId } from '../gateway/providers';

declare global {
  /** Set by the build (scripts/buildDefines.mjs): false in a package built for users. */
  const __SWITCHBOARD_DEMO_KEYS__: boolean;
}
import { isLocalhost } from '../gateway/baseUrl';
import { isProviderId } from '../gateway/providers';
import { baseUrlFor } from '../config/settings';
import type { KeyStore } from './keyStore';

/**
 * `npm run demo` and the end-to-end tests start VS Code with SWITCHBOARD_DEMO_KEYS (JSON,
 * provider → key) so the simulator works without typing a key. A key is imported into
 * SecretStorage only for a provider whose base URL is on this machine, so the variable can never
 * send a key to a remote server.
 */
export async function importDemoKeys(keys: Pick<KeyStore, 'get' | 'set'>, env: NodeJS.ProcessEnv = process.env): Promise<ProviderId[]> {
  const raw = env.SWITCHBOARD_DEMO_KEYS;
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const imported: ProviderId[] = [];
  for (const [provider, key] of Object.entries(parsed as Record<string, unknown>)) {
    if (!isProviderId(provider) || typeof key !== 'string' || !key) continue;
    if (!isLocalhost(baseUrlFor(provider))) continue;
    if ((await keys.get(provider)) === key) continue;
    await keys.set(provider, key);
    imported.push(provider);
  }
  return imported;
}
