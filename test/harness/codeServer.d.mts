import type { Tools } from './tools.mjs';

export interface RunDir {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  tmpDir: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  remove(): Promise<void>;
}

export interface StartOptions {
  tools: Tools;
  runDir: RunDir;
  /** Merged into User/settings.json after the harness defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and its extension hosts. */
  env?: Record<string, string>;
  /** Lets the URL payload load an extension from source and run tests; hides notification toasts. */
  smokeDriver?: boolean;
  /** Packaged extensions to install before start. */
  vsix?: string[];
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  runDir: RunDir;
  logFile: string;
  /** Kills the whole process group; safe to call twice. */
  stop(): Promise<void>;
  alive(): boolean;
}

export function createRunDir(label: string): Promise<RunDir>;
export function copyFixtureWorkspace(runDir: RunDir): Promise<string>;
export function installExtension(tools: Tools, runDir: RunDir, vsix: string): Promise<void>;
export function startCodeServer(options: StartOptions): Promise<CodeServer>;
export function workbenchUrl(
  server: Pick<CodeServer, 'url' | 'port'>,
  target: { folder: string; extensionDevelopmentPath?: string | string[]; extensionTestsPath?: string },
): string;
