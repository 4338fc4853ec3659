import type { Simulator, SimOptions } from '../sim/server';

export function startSimulatorIfPresent(options?: SimOptions): Promise<Simulator | undefined>;
export function simulatorSettings(sim: Pick<Simulator, 'helyxBaseUrl' | 'heytokenBaseUrl'>): Record<string, string>;
export function simulatorEnv(sim: Pick<Simulator, 'url' | 'keys'>): Record<string, string>;
