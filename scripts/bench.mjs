// `npm run bench`: runs each benchmark in its own process (so one's memory and JIT state cannot
// skew another's) and writes every figure to bench/results.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

const benches = [
  { name: 'gateway', file: 'bench/gateway.ts' },
  { name: 'render', file: 'bench/render.ts' },
  { name: 'renderPeers', file: 'bench/renderPeers.ts' },
];

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
};
let failed = false;
for (const bench of benches) {
  process.stderr.write(`bench: ${bench.name}…\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', bench.file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const parsed = lastJsonIn(run.stdout);
  if (run.status !== 0 || !parsed) {
    failed = true;
    results[bench.name] = { error: `exit ${run.status}`, output: run.stdout.slice(-2000) };
    continue;
  }
  results[bench.name] = parsed;
}
mkdirSync('bench', { recursive: true });
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);

/** The bench prints logs, then its result as JSON (one line or pretty-printed) at the end. */
function lastJsonIn(stdout) {
  const lines = stdout.trimEnd().split('\n');
  for (let start = lines.length - 1; start >= 0; start--) {
    if (!lines[start].startsWith('{')) continue;
    try {
      return JSON.parse(lines.slice(start).join('\n'));
    } catch {
      // not the start of the final object; keep looking upwards
    }
  }
  return undefined;
}
