export function registerCleanup(resource: { stop: () => Promise<void>; kill: () => void }): () => void;
export function groupAlive(pgid: number): boolean;
export function killGroup(pgid: number, graceMs?: number): Promise<void>;
export function signalGroup(pgid: number, signal: NodeJS.Signals): void;
