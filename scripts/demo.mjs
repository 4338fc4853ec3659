// `npm run demo`: Switchboard working in a minute, with no account and no network. Packages the
// extension (production build), starts the gateway simulator, and opens a real VS Code with the
// VSIX installed and configured for the simulator with demo keys:
//   - the desktop `code` when it is on PATH (a throwaway profile; the demo ends when its window closes),
//   - otherwise code-server in the browser, whose URL is printed.
// Ctrl+C stops everything and removes the throwaway profile and workspace.
//
// Options: --web (use code-server even when `code` exists), --port N (code-server port, default a
// free one; also SWITCHBOARD_DEMO_PORT), --sim-port N (simulator port; also SIM_PORT), --smoke (check
// the demo end to end instead: see scripts/demoSmoke.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { copyFixtureWorkspace, createRunDir, startCodeServer } from '../test/harness/codeServer.mjs';
import { registerCleanup } from '../test/harness/cleanup.mjs';
import { cacheDir, repoRoot } from '../test/harness/paths.mjs';
import { writeUserSettings } from '../test/harness/settings.mjs';
import { simulatorEnv, simulatorSettings, startSimulatorIfPresent } from '../test/harness/simulator.mjs';
import { ensureTools } from '../test/harness/tools.mjs';
import { packageExtension } from '../test/harness/vsix.mjs';

const { values: options } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.SWITCHBOARD_DEMO_PORT ?? '0' },
    'sim-port': { type: 'string', default: process.env.SIM_PORT ?? '0' },
    smoke: { type: 'boolean', default: false },
  },
});

async function main() {
  const started = Date.now();
  console.log('Packaging Switchboard (production build + vsce) …');
  const vsix = await packageExtension({ out: path.join(cacheDir, 'switchboard-demo.vsix') });

  // The same pacing as `npm run sim`: replies stream visibly rather than appearing at once.
  const sim = await startSimulatorIfPresent({ port: Number(options['sim-port']), chunkDelayMs: 25 });
  if (!sim) throw new Error('test/sim/server.ts is missing: the demo needs the gateway simulator.');
  const runDir = await createRunDir('demo');
  const workspace = await copyFixtureWorkspace(runDir);
  const settings = simulatorSettings(sim);
  const env = simulatorEnv(sim);

  const desktop = !options.web && findOnPath('code');
  if (desktop) {
    await runDesktop(desktop, { vsix, runDir, workspace, settings, env, sim, started });
  } else {
    await runWeb({ vsix, runDir, workspace, settings, env, sim, started });
  }
}

async function runWeb({ vsix, runDir, workspace, settings, env, sim, started }) {
  const tools = await ensureTools();
  const server = await startCodeServer({ tools, runDir, vsix: [vsix], settings, env, port: Number(options.port) });
  registerCleanup({
    stop: async () => {
      console.log('\nStopping the demo …');
      await server.stop();
      await sim.close();
      await runDir.remove();
    },
    kill: () => undefined,
  });
  const url = `${server.url}/?${new URLSearchParams({ folder: workspace })}`;
  banner(sim, started, [
    'Open this in your browser:',
    '',
    `  ${url}`,
    '',
    'The Switchboard icon is in the activity bar on the left.',
  ]);
  // Stay up until Ctrl+C (the cleanup handler stops code-server and the simulator, then exits).
  await new Promise(() => undefined);
}

async function runDesktop(code, { vsix, runDir, workspace, settings, env, sim, started }) {
  await writeUserSettings(runDir.userDataDir, settings);
  const profile = ['--user-data-dir', runDir.userDataDir, '--extensions-dir', runDir.extensionsDir];
  const cleanEnv = { ...process.env, ...env };
  // Inside an editor's terminal these would hand the request to that editor instead.
  for (const key of Object.keys(cleanEnv)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete cleanEnv[key];

  const install = spawnSync(code, [...profile, '--install-extension', vsix, '--force'], { env: cleanEnv, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`code --install-extension failed:\n${install.stdout}${install.stderr}`);

  banner(sim, started, ['Opening desktop VS Code with a throwaway profile; close its window to end the demo.']);
  const editor = spawn(code, [...profile, '--new-window', '--wait', workspace], { env: cleanEnv, stdio: 'inherit' });
  let editorClosed = false;
  editor.on('close', () => (editorClosed = true));
  registerCleanup({
    stop: async () => {
      await sim.close();
      // A profile still in use by an open window is left alone; it lives under .vscode-test/runs.
      if (editorClosed) await runDir.remove();
      else console.log(`\nThe VS Code window stays open; its profile is in ${path.relative(repoRoot, runDir.dir)}.`);
    },
    kill: () => undefined,
  });
  await new Promise((resolve) => editor.on('close', resolve));
  await sim.close();
  await runDir.remove();
}

function banner(sim, started, lines) {
  const rule = '─'.repeat(72);
  console.log(
    [
      '',
      rule,
      `Switchboard demo ready in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      '',
      ...lines,
      '',
      `Gateway simulator: ${sim.url}  (HelyxAI ${sim.helyxBaseUrl}, HeyToken ${sim.heytokenBaseUrl})`,
      'Demo keys are imported into VS Code\'s SecretStorage when Switchboard starts; no account needed.',
      'Ctrl+C stops everything.',
      rule,
      '',
    ].join('\n'),
  );
}

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

const run = options.smoke
  ? () => import('./demoSmoke.mjs').then(({ smoke }) => smoke(['--port', options.port, '--sim-port', options['sim-port']]))
  : main;
run().catch((error) => {
  console.error(`demo${options.smoke ? ' smoke' : ''}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
