// `npm run bench`: runs each benchmark in its own process (so one's memory and JIT state cannot
// skew another's) and writes its figures to bench/results.json. `npm run bench -- activation`
// runs only the named ones; entries of benchmarks not run stay as they were.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

const all = [
  { name: 'gateway', file: 'bench/gateway.ts' },
  { name: 'render', file: 'bench/render.ts' },
  { name: 'renderPeers', file: 'bench/renderPeers.ts' },
  { name: 'toolCalls', file: 'bench/toolCalls.ts' },
  { name: 'agentRender', file: 'bench/agentRender.ts' },
  { name: 'agentContext', file: 'bench/agentContext.ts' },
  // In the real VS Code (code-server + Chromium); the first run fetches them like `npm test` does.
  { name: 'activation', file: 'bench/activation.mjs' },
];
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !all.some((bench) => bench.name === name));
if (unknown.length) {
  console.error(`bench: no benchmark named ${unknown.join(', ')} (there are: ${all.map((bench) => bench.name).join(', ')})`);
  process.exit(2);
}
const benches = chosen.length ? all.filter((bench) => chosen.includes(bench.name)) : all;

const resultsFile = 'bench/results.json';
const date = new Date().toISOString();
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
// The top-level date and machine describe a full run; a partial run dates only its own entries.
const results = chosen.length ? previous : { ...previous, date, machine };
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
  results[bench.name] = chosen.length ? { ...parsed, measuredAt: date, machine } : parsed;
}
mkdirSync('bench', { recursive: true });
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
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
