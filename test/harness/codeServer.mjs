// Starts a throwaway code-server (VS Code server + the real Node extension host) for one run:
// own process group, loopback on a free port, no auth, fresh profile under the run folder, and a
// stop() that takes the whole group down. See /work/shared/notes/real-vscode-in-ci.md for why each
// flag is there.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fixtureWorkspaceDir, runsDir } from './paths.mjs';
import { groupAlive, killGroup, registerCleanup, signalGroup } from './cleanup.mjs';
import { writeUserSettings } from './settings.mjs';
import { toolEnv } from './tools.mjs';

const keptRuns = 5;

/**
 * A fresh folder for one run: profile, extensions, XDG dirs and TMPDIR all live in it.
 * @param {string} label
 * @returns {Promise<import('./codeServer.d.mts').RunDir>}
 */
export async function createRunDir(label) {
  await mkdir(runsDir, { recursive: true });
  await pruneOldRuns();
  // Short names: code-server puts a unix socket in here, and socket paths are limited to 107 bytes.
  const id = `${label}-${Date.now().toString(36)}-${process.pid.toString(36)}`;
  const dir = path.join(runsDir, id);
  const layout = {
    dir,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    tmpDir: path.join(dir, 'tmp'),
    xdgConfig: path.join(dir, 'xdg', 'config'),
    xdgData: path.join(dir, 'xdg', 'data'),
    xdgCache: path.join(dir, 'xdg', 'cache'),
  };
  for (const folder of Object.values(layout)) await mkdir(folder, { recursive: true });
  return { ...layout, remove: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }) };
}

/** Keeps the newest few finished runs for debugging; never touches a run whose process still lives. */
async function pruneOldRuns() {
  const entries = await readdir(runsDir).catch(() => []);
  const finished = [];
  for (const name of entries) {
    const owner = Number.parseInt(name.split('-').at(-1) ?? '', 36);
    if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) continue;
    const mtime = (await stat(path.join(runsDir, name)).catch(() => null))?.mtimeMs ?? 0;
    finished.push({ name, mtime });
  }
  finished.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of finished.slice(keptRuns)) await rm(path.join(runsDir, name), { recursive: true, force: true });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error?.code === 'EPERM';
  }
}

/**
 * A private copy of test/fixtures/workspace so tests may write into it.
 * @param {import('./codeServer.d.mts').RunDir} runDir
 */
export async function copyFixtureWorkspace(runDir) {
  const target = path.join(runDir.dir, 'workspace');
  await cp(fixtureWorkspaceDir, target, { recursive: true });
  return target;
}

/**
 * The editor's environment: the caller's extras, XDG and TMPDIR in the run folder, and nothing
 * inherited that would make code-server behave differently (a VS Code terminal's IPC hook turns
 * `code-server` into a client of that other instance; PASSWORD etc. change auth).
 */
function editorEnv(tools, runDir, extra) {
  const env = toolEnv(tools);
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_)/.test(key) || ['PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'CS_DISABLE_PROXY'].includes(key)) delete env[key];
  }
  return {
    ...env,
    // No extension gallery: it would query open-vsx.org, and these runs never leave loopback.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
    XDG_CONFIG_HOME: runDir.xdgConfig,
    XDG_DATA_HOME: runDir.xdgData,
    XDG_CACHE_HOME: runDir.xdgCache,
    TMPDIR: runDir.tmpDir,
  };
}

function commonArgs(runDir) {
  return ['--user-data-dir', runDir.userDataDir, '--extensions-dir', runDir.extensionsDir];
}

/**
 * Installs a packaged extension into the run's extensions folder (about half a second).
 * @param {import('./tools.d.mts').Tools} tools
 * @param {import('./codeServer.d.mts').RunDir} runDir
 * @param {string} vsix
 */
export async function installExtension(tools, runDir, vsix) {
  const args = [tools.codeServerEntry, ...commonArgs(runDir), '--install-extension', vsix, '--force'];
  const child = spawn(tools.node, args, { env: editorEnv(tools, runDir, {}), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (child.pid) signalGroup(child.pid, 'SIGKILL');
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (exit ${code}):\n${output.trim()}`);
  }
}

/**
 * @param {import('./codeServer.d.mts').StartOptions} options
 * @returns {Promise<import('./codeServer.d.mts').CodeServer>}
 */
export async function startCodeServer({
  tools,
  runDir,
  settings = {},
  env = {},
  smokeDriver = false,
  vsix = [],
  port: requestedPort = 0,
  log = (line) => console.log(line),
  startTimeoutMs = 60_000,
}) {
  await writeUserSettings(runDir.userDataDir, settings);
  for (const file of vsix) await installExtension(tools, runDir, file);

  const args = [
    tools.codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${requestedPort}`,
    '--auth',
    'none',
    ...commonArgs(runDir),
    '--session-socket',
    path.join(runDir.dir, 'cs.sock'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(smokeDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const logFile = path.join(runDir.dir, 'code-server.log');
  const logStream = createWriteStream(logFile);
  // detached: setsid, so the server, its extension hosts, file watchers and pty hosts share one
  // process group that stop() can signal at once.
  const child = spawn(tools.node, args, { env: editorEnv(tools, runDir, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid;
  if (!pgid) throw new Error('code-server did not start.');

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      unregister();
      await killGroup(pgid);
      logStream.end();
    })();
    return stopping;
  };
  const unregister = registerCleanup({ stop, kill: () => signalGroup(pgid, 'SIGKILL') });

  try {
    const port = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`code-server did not report its port within ${startTimeoutMs / 1000} s; see ${logFile}`)), startTimeoutMs);
      const onData = (chunk) => {
        logStream.write(chunk);
        buffered += chunk;
        const match = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(buffered);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited early (${code ?? signal}):\n${buffered.trim()}`));
      });
    });
    child.stdout.removeAllListeners('data');
    child.stderr.removeAllListeners('data');
    child.stdout.on('data', (chunk) => logStream.write(chunk));
    child.stderr.on('data', (chunk) => logStream.write(chunk));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, startTimeoutMs);
    log(`[code-server] ${url} (pid ${pgid}, log ${path.relative(process.cwd(), logFile)})`);
    return { url, port, pid: pgid, runDir, logFile, stop, alive: () => groupAlive(pgid) };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server at ${url} never became healthy: ${lastError}`);
}

/**
 * The workbench URL. With the smoke-test driver enabled, `payload` loads an extension from
 * source and runs its tests, as `--extensionDevelopmentPath/--extensionTestsPath` do on desktop.
 * @param {{ url: string, port: number }} server
 * @param {{ folder: string, extensionDevelopmentPath?: string | string[], extensionTestsPath?: string }} target
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [];
  for (const dir of [extensionDevelopmentPath ?? []].flat()) payload.push(['extensionDevelopmentPath', remote(dir)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams({ folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query}`;
}
