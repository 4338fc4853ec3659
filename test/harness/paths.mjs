// Where the harness keeps things. Everything it downloads or creates lives under .vscode-test/
// (the folder @vscode/test-electron uses for its VS Code cache), so one `rm -rf .vscode-test`
// resets it and nothing lands in $HOME or /tmp.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const runsDir = path.join(cacheDir, 'runs');
export const resultsDir = path.join(repoRoot, 'test-results');
export const fixtureWorkspaceDir = path.join(repoRoot, 'test', 'fixtures', 'workspace');
/** Another extension with a language model tool, loaded beside Switchboard in the in-editor suite. */
export const fixtureToolExtensionDir = path.join(repoRoot, 'test', 'fixtures', 'tool-extension');
export const integrationIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
export const extensionBundle = path.join(repoRoot, 'dist', 'extension.js');

export const extensionId = 'switchboard-dev.switchboard';
export const nodeVersion = '24.21.0';
export const codeServerVersion = '4.139.1';
