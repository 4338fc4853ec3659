// One place that makes sure what the harness started dies with it: on normal exit, on Ctrl+C or
// SIGTERM, and on a crash. Each resource registers an async stop (tried first, on signals) and a
// synchronous last resort (the only thing allowed inside an 'exit' handler).
import { readdirSync, readFileSync } from 'node:fs';

/** @type {Set<{ stop: () => Promise<void>, kill: () => void }>} */
const resources = new Set();
let installed = false;

/**
 * @param {{ stop: () => Promise<void>, kill: () => void }} resource
 * @returns {() => void} unregister
 */
export function registerCleanup(resource) {
  installHandlers();
  resources.add(resource);
  return () => resources.delete(resource);
}

function installHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const resource of resources) {
      try {
        resource.kill();
      } catch {
        // Already gone.
      }
    }
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      const all = [...resources].map((resource) => resource.stop().catch(() => resource.kill()));
      const deadline = new Promise((resolve) => setTimeout(resolve, 8000).unref());
      void Promise.race([Promise.allSettled(all), deadline]).finally(() => process.exit(code));
    });
  }
}

/**
 * Whether any live (non-zombie) process is left in a process group. Zombies are skipped: orphans
 * re-parented to a PID 1 that never reaps (as in some containers) would otherwise look alive forever.
 * @param {number} pgid
 */
export function groupAlive(pgid) {
  if (process.platform === 'linux') {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // Fields after the parenthesised command name: state, ppid, pgrp, …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the whole group, SIGKILL to whatever is left after the grace period.
 * @param {number} pgid
 * @param {number} [graceMs]
 */
export async function killGroup(pgid, graceMs = 5000) {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signalGroup(pgid, 'SIGKILL');
  const hardDeadline = Date.now() + 3000;
  while (groupAlive(pgid) && Date.now() < hardDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** @param {number} pgid @param {NodeJS.Signals} signal */
export function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
