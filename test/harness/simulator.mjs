// The gateway simulator (test/sim, TypeScript) loaded into a plain-Node harness through tsx, and
// the settings and environment that point a Switchboard under test at it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.mjs';

const serverModule = path.join(repoRoot, 'test', 'sim', 'server.ts');

/**
 * Starts the simulator in this process, or returns undefined when test/sim is not there yet.
 * @param {{ port?: number, chunkDelayMs?: number }} [options]
 * @returns {Promise<import('../sim/server').Simulator | undefined>}
 */
export async function startSimulatorIfPresent(options = {}) {
  if (!existsSync(serverModule)) return undefined;
  const { tsImport } = await import('tsx/esm/api');
  const { startSimulator } = await tsImport(pathToFileURL(serverModule).href, import.meta.url);
  return startSimulator(options);
}

/**
 * User settings that send both gateways' traffic to the simulator. The base URLs are
 * application-scoped, so they belong in user settings.
 * @param {{ helyxBaseUrl: string, heytokenBaseUrl: string }} sim
 */
export function simulatorSettings(sim) {
  return {
    'switchboard.provider': 'helyx',
    'switchboard.baseUrl.helyx': sim.helyxBaseUrl,
    'switchboard.baseUrl.heytoken': sim.heytokenBaseUrl,
  };
}

/**
 * Environment for the editor: SWITCHBOARD_DEMO_KEYS is imported into SecretStorage by the extension
 * on activation (only while its base URLs are loopback); SWITCHBOARD_SIM_URL and _KEYS let tests
 * inside the extension host drive the simulator through its /__sim/* control endpoints.
 * @param {{ url: string, keys: { helyxPro: string, heytoken: string } }} sim
 */
export function simulatorEnv(sim) {
  return {
    SWITCHBOARD_DEMO_KEYS: JSON.stringify({ helyx: sim.keys.helyxPro, heytoken: sim.keys.heytoken }),
    SWITCHBOARD_SIM_URL: sim.url,
    SWITCHBOARD_SIM_KEYS: JSON.stringify(sim.keys),
  };
}
