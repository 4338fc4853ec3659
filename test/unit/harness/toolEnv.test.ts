import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npmCli, toolEnv } from '../../harness/tools.mjs';

// What `npm run demo` under another Node (here a Node 22) leaves in the environment of its script,
// as npm 11 sets it: the harness must hand none of it to the Node 24 tools.
const foreignNode = '/opt/node-v22.11.0/bin/node';
const foreignEnv: NodeJS.ProcessEnv = {
  PATH: '/opt/node-v22.11.0/bin:/usr/bin:/bin',
  HOME: '/home/newcomer',
  NODE: foreignNode,
  INIT_CWD: '/home/newcomer/switchboard',
  npm_command: 'run',
  npm_execpath: '/opt/node-v22.11.0/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: foreignNode,
  npm_lifecycle_event: 'demo',
  npm_lifecycle_script: 'node scripts/demo.mjs',
  npm_package_json: '/home/newcomer/switchboard/package.json',
  npm_package_engines_node: '>=22',
  npm_config_user_agent: 'npm/11.19.1 node/v22.11.0 linux x64 workspaces/false',
  npm_config_node_gyp: '/opt/node-v22.11.0/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/opt/node-v22.11.0',
  npm_config_prefix: '/opt/node-v22.11.0',
  npm_config_global_prefix: '/opt/node-v22.11.0',
  npm_config_globalconfig: '/opt/node-v22.11.0/etc/npmrc',
  npm_config_local_prefix: '/home/newcomer/switchboard',
  npm_config_npm_version: '11.19.1',
  npm_config_allow_scripts: '',
  npm_config_registry: 'https://registry.example.test/',
  'npm_config_@corp:registry': 'https://corp.example.test/',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_cache: '/home/newcomer/.npm',
};

describe('harness toolEnv: the Node 24 tools get an environment of their own', () => {
  const tool = { nodeBinDir: '/cache/node24/bin', nodeDir: '/cache/node24' };

  it('keeps no inherited variable that names the outer Node', () => {
    const env = toolEnv(tool, foreignEnv);
    const naming = Object.entries(env).filter(([key, value]) => key !== 'PATH' && /v22\.11\.0|node-v22/.test(value ?? ''));
    assert.deepEqual(naming, []);
    assert.equal(env.NODE, undefined);
    assert.equal(env.npm_node_execpath, undefined);
    assert.equal(env.npm_config_nodedir, '/cache/node24');
    assert.equal(env.PATH?.split(path.delimiter)[0], '/cache/node24/bin');
  });

  it('keeps the registry settings a user may have set, and nothing else of npm', () => {
    const env = toolEnv(tool, foreignEnv);
    const npmKeys = Object.keys(env).filter((key) => /^npm_/i.test(key)).sort();
    assert.deepEqual(npmKeys, ['npm_config_@corp:registry', 'npm_config_cache', 'npm_config_cafile', 'npm_config_nodedir', 'npm_config_registry']);
    assert.equal(env.HOME, '/home/newcomer');
  });

  it('lets npm under the tool Node tell install scripts which Node runs them', async function () {
    // A real `npm run` under the running Node, started from the foreign environment: code-server's
    // postinstall reads npm_config_user_agent exactly like this script does, and refuses a Node 22.
    this.timeout(60_000);
    const running = { nodeBinDir: path.dirname(process.execPath), nodeDir: path.dirname(path.dirname(process.execPath)) };
    const base: NodeJS.ProcessEnv = { ...foreignEnv, PATH: `${foreignEnv.PATH}${path.delimiter}${process.env.PATH ?? ''}`, HOME: process.env.HOME };
    delete base.npm_config_registry;
    delete base['npm_config_@corp:registry'];
    const cli = await npmCli();
    const project = mkdtempSync(path.join(os.tmpdir(), 'switchboard-toolenv-'));
    try {
      const script = 'node -e "console.log(process.env.npm_config_user_agent)"';
      writeFileSync(path.join(project, 'package.json'), JSON.stringify({ private: true, scripts: { agent: script } }));
      const run = spawnSync(process.execPath, [cli, 'run', '--silent', 'agent'], { cwd: project, env: toolEnv(running, base), encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`node/${process.version.replaceAll('.', '\\.')} `));
      assert.doesNotMatch(run.stdout, /v22\.11\.0/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
