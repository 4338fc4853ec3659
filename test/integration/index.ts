// Entry point of the in-editor suite, loaded by the extension host through
// --extensionTestsPath (desktop, @vscode/test-electron) or the smoke-test payload (code-server).
// Bundled by scripts/build.mjs to out/test/integration/index.js with mocha left external.
//
// To add tests: write test/integration/<name>.test.ts using mocha's globals (describe/it; import
// only types from 'mocha') and add it to `suites` below.
//
// The harness provides, in process.env: SWITCHBOARD_SIM_URL (the gateway simulator, with its
// /__sim/* control endpoints), SWITCHBOARD_SIM_KEYS (JSON of its demo keys), SWITCHBOARD_DEMO_KEYS
// (imported into SecretStorage by the extension on activation) and SWITCHBOARD_TEST_WORKSPACE.
// User settings already point switchboard.baseUrl.* at the simulator.
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';

// Dynamic imports so esbuild bundles each module but evaluates it only after mocha's globals exist.
const suites: ReadonlyArray<() => Promise<unknown>> = [
  () => import('./activation.test'),
  () => import('./chat.test'),
  () => import('./codeActions.test'),
  () => import('./languageModels.test'),
  () => import('./media.test'),
  () => import('./keyStore.test'),
  () => import('./tools.test'),
  () => import('./agent.test'),
  () => import('./agentMode.test'),
];

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SWITCHBOARD_TEST_GREP;
  if (grep) mocha.grep(grep);
  // What `mocha.addFile` + loadFiles would do: define describe/it/before… on globalThis.
  mocha.suite.emit('pre-require', globalThis, 'switchboard-integration', mocha);
  for (const load of suites) await load();

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.once('end', () => report(runner.stats?.passes ?? 0, runner.stats?.failures ?? 0));
  });
  if (failures > 0) throw new Error(`${failures} in-editor test(s) failed.`);
}

/** The one line the harnesses read: printed to the extension host's console, optionally written to a file. */
function report(passed: number, failed: number): void {
  const line = `SWITCHBOARD_RESULT ${JSON.stringify({ passed, failed })}`;
  console.log(line);
  const file = process.env.SWITCHBOARD_RESULT_FILE;
  if (file) writeFileSync(file, `${JSON.stringify({ passed, failed })}\n`);
}
