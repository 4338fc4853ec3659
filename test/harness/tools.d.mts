export interface Tools {
  /** Node 24 binary that runs code-server. */
  node: string;
  nodeBinDir: string;
  /** That Node's package folder (with include/node headers). */
  nodeDir: string;
  codeServerDir: string;
  codeServerEntry: string;
  chromium: string;
}

export function ensureTools(options?: { log?: (line: string) => void }): Promise<Tools>;
export function toolEnv(node: Pick<Tools, 'nodeBinDir' | 'nodeDir'>, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** npm's JavaScript entry (npm-cli.js), to run with a chosen Node. */
export function npmCli(): Promise<string>;
export function findChromium(): Promise<string>;
