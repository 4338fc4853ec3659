// `npm run sim`: the gateway simulator as a standalone process for the demo and for manual poking.
import { startSimulator } from './server';

function portFromArgs(argv: readonly string[]): number {
  const flag = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = flag < 0 ? process.env.SIM_PORT : argv[flag].includes('=') ? argv[flag].split('=')[1] : argv[flag + 1];
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${raw}"`);
  return port;
}

// A small delay between chunks so the demo visibly streams; SIM_CHUNK_DELAY_MS=0 turns it off.
function chunkDelayFromEnv(): number {
  const delay = Number(process.env.SIM_CHUNK_DELAY_MS ?? 25);
  return Number.isFinite(delay) && delay >= 0 ? delay : 25;
}

function main(): void {
  Promise.resolve()
    .then(() => startSimulator({ port: portFromArgs(process.argv.slice(2)), chunkDelayMs: chunkDelayFromEnv() }))
    .then((sim) => {
      const lines = [
        `Switchboard gateway simulator listening on ${sim.url}`,
        '',
        `  HelyxAI base URL   ${sim.helyxBaseUrl}`,
        `  HeyToken base URL  ${sim.heytokenBaseUrl}`,
        '',
        'Demo keys (simulator only):',
        `  HelyxAI Pro (10,000 credits)   ${sim.keys.helyxPro}`,
        `  HelyxAI Free (1,000 credits)   ${sim.keys.helyxFree}`,
        `  HelyxAI Plus, 0 credits        ${sim.keys.helyxEmpty}`,
        `  HeyToken                       ${sim.keys.heytoken}`,
        '',
        'Control (loopback only):',
        `  POST   ${sim.url}/__sim/faults    {"fault":{"kind":"status","status":429,"headers":{"Retry-After":"2"}},"times":3}`,
        `  DELETE ${sim.url}/__sim/faults`,
        `  POST   ${sim.url}/__sim/script    {"text":"Hello!","chunks":5}`,
        `  POST   ${sim.url}/__sim/credits   {"key":"…","credits":0}`,
        `  GET    ${sim.url}/__sim/state`,
        '',
        'Ctrl+C to stop.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      const stop = (signal: NodeJS.Signals): void => {
        process.stdout.write(`\n${signal}: stopping the simulator…\n`);
        sim.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      process.stderr.write(`Could not start the simulator: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

main();
