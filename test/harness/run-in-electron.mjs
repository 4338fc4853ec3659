// `npm run test:electron`: the same in-editor suite in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (a contributor's laptop, public CI). It downloads and
// caches VS Code under .vscode-test/ on first use. Expects `npm run build` first.
//
// Environment: VSCODE_TEST_VERSION (default 'stable'), SWITCHBOARD_TEST_GREP.
import { runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixtureWorkspace, createRunDir } from './codeServer.mjs';
import { extensionBundle, fixtureToolExtensionDir, integrationIndex, repoRoot, resultsDir } from './paths.mjs';
import { writeUserSettings } from './settings.mjs';
import { simulatorEnv, simulatorSettings, startSimulatorIfPresent } from './simulator.mjs';

async function main() {
  for (const file of [extensionBundle, integrationIndex]) {
    if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run \`npm run build\` first.`);
  }
  await mkdir(resultsDir, { recursive: true });
  const runDir = await createRunDir('electron');
  const resultFile = path.join(runDir.dir, 'result.json');
  const sim = await startSimulatorIfPresent();
  let code;
  try {
    const workspace = await copyFixtureWorkspace(runDir);
    await writeUserSettings(runDir.userDataDir, sim ? simulatorSettings(sim) : {});
    code = await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: [repoRoot, fixtureToolExtensionDir],
      extensionTestsPath: integrationIndex,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--user-data-dir',
        runDir.userDataDir,
        '--extensions-dir',
        runDir.extensionsDir,
      ],
      extensionTestsEnv: {
        ...(sim ? simulatorEnv(sim) : {}),
        ...(process.env.SWITCHBOARD_TEST_GREP ? { SWITCHBOARD_TEST_GREP: process.env.SWITCHBOARD_TEST_GREP } : {}),
        SWITCHBOARD_TEST_WORKSPACE: workspace,
        SWITCHBOARD_RESULT_FILE: resultFile,
      },
    }).catch((error) => {
      // runTests rejects when VS Code exits non-zero, i.e. when a test failed.
      console.error(`[harness] ${error instanceof Error ? error.message : error}`);
      return 1;
    });
  } finally {
    await sim?.close();
  }
  const result = await readFile(resultFile, 'utf8').then(JSON.parse, () => undefined);
  const summary = result ?? { passed: 0, failed: 1, error: 'no result from the test run' };
  await writeFile(path.join(resultsDir, 'electron.json'), `${JSON.stringify(summary)}\n`);
  console.log(`[harness] in-editor suite (desktop): ${summary.passed} passed, ${summary.failed} failed`);
  if (code === 0 && result?.failed === 0) await runDir.remove();
  return code === 0 && result?.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(`[harness] ${error instanceof Error ? error.stack : error}`);
    await rm(path.join(resultsDir, 'electron.json'), { force: true }).catch(() => undefined);
    process.exit(1);
  },
);
