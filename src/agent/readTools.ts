// The tools that only look: read_file, list_files, search_text, get_diagnostics. Files are found
// by VS Code's own search (workspace.findFiles, with the user's files.exclude and search.exclude),
// and read through VS Code so unsaved editor text is what the model sees.
import * as vscode from 'vscode';
import { z } from 'zod';
import { boundLine, boundList, LIMITS } from './bounds';
import type { WorkspaceToolContext } from './context';
import { defineTool, ToolError, type AgentTool } from './tool';
import { resolveInWorkspace, toRelative } from './workspacePath';

const MAX_SEARCH_FILES = 2_000;
const MAX_SEARCH_BYTES = 1_000_000;

/** files.exclude and search.exclude (entries set to true) as one glob for findFiles. */
export function excludeGlob(): string | undefined {
  const keys = new Set<string>();
  for (const section of ['files', 'search']) {
    const map = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(map)) if (on === true) keys.add(glob);
  }
  return keys.size > 0 ? `{${[...keys].join(',')}}` : undefined;
}

function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source;
}

async function findFiles(ctx: WorkspaceToolContext, pattern: string, folder: string, max: number): Promise<vscode.Uri[]> {
  const base = await resolveInWorkspace(ctx.root, folder);
  const token = tokenFor(ctx.signal);
  try {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(base), pattern), excludeGlob(), max, token.token);
    return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  } finally {
    token.dispose();
  }
}

const readFile = defineTool({
  name: 'read_file',
  description: 'Read a text file of the workspace. Lines are 1-based; give startLine/endLine for a part of a long file.',
  kind: 'read',
  input: z.object({
    path: z.string().min(1).describe('Workspace-relative path'),
    startLine: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
  }),
  run: async (input, ctx: WorkspaceToolContext) => {
    const file = await resolveInWorkspace(ctx.root, input.path);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    } catch {
      throw new ToolError(`${input.path} does not exist or is not a text file.`);
    }
    const total = document.lineCount;
    const start = Math.min(input.startLine ?? 1, total);
    const wantedEnd = Math.min(input.endLine ?? total, total);
    if (wantedEnd < start) throw new ToolError(`endLine ${input.endLine} is before startLine ${start}.`);
    const end = Math.min(wantedEnd, start + LIMITS.lines - 1);
    const lines: string[] = [];
    for (let line = start; line <= end; line++) lines.push(boundLine(document.lineAt(line - 1).text, 2_000));
    const note = end < wantedEnd ? `\n[lines ${end + 1}-${wantedEnd} not shown; ask with startLine ${end + 1}]` : '';
    const header = start === 1 && end === total ? '' : `[${input.path} lines ${start}-${end} of ${total}]\n`;
    return `${header}${lines.join('\n')}${note}`;
  },
});

const listFiles = defineTool({
  name: 'list_files',
  description: 'List workspace files matching a glob (default **/*), optionally under a folder. Excluded files (files.exclude, search.exclude) are left out.',
  kind: 'read',
  input: z.object({ pattern: z.string().min(1).optional(), path: z.string().optional() }),
  run: async (input, ctx: WorkspaceToolContext) => {
    const found = await findFiles(ctx, input.pattern ?? '**/*', input.path ?? '', LIMITS.files + 1);
    if (found.length === 0) return 'No files match.';
    const names = found.map((uri) => toRelative(ctx.root, uri.fsPath));
    return found.length > LIMITS.files ? `${names.slice(0, LIMITS.files).join('\n')}\n[more files not shown; narrow the pattern]` : names.join('\n');
  },
});

function matcher(query: string, isRegexp: boolean): (line: string) => boolean {
  if (!isRegexp) return (line) => line.includes(query);
  let regexp: RegExp;
  try {
    regexp = new RegExp(query);
  } catch (error) {
    throw new ToolError(`Invalid regular expression: ${(error as Error).message}`);
  }
  return (line) => regexp.test(line);
}

const searchText = defineTool({
  name: 'search_text',
  description: 'Search the text of workspace files; returns "path:line: text" lines. include is a glob limiting the files.',
  kind: 'read',
  input: z.object({ query: z.string().min(1), isRegexp: z.boolean().optional(), include: z.string().min(1).optional() }),
  run: async (input, ctx: WorkspaceToolContext) => {
    const matches = matcher(input.query, input.isRegexp ?? false);
    const files = await findFiles(ctx, input.include ?? '**/*', '', MAX_SEARCH_FILES);
    const hits: string[] = [];
    for (const uri of files) {
      if (ctx.signal.aborted) throw new ToolError('search_text was stopped.');
      if (hits.length > LIMITS.matches) break;
      const bytes = await vscode.workspace.fs.readFile(uri).then(
        (b) => b,
        () => undefined,
      );
      if (!bytes || bytes.byteLength > MAX_SEARCH_BYTES || bytes.includes(0)) continue;
      const relative = toRelative(ctx.root, uri.fsPath);
      Buffer.from(bytes).toString('utf8').split(/\r?\n/).forEach((line, index) => {
        if (matches(line)) hits.push(`${relative}:${index + 1}: ${boundLine(line.trim())}`);
      });
    }
    if (hits.length === 0) return `No matches for ${JSON.stringify(input.query)}.`;
    const capped = files.length >= MAX_SEARCH_FILES ? `\n[only the first ${MAX_SEARCH_FILES} files were searched; use include]` : '';
    return boundList(hits, LIMITS.matches, 'matches') + capped;
  },
});

const SEVERITY = ['error', 'warning', 'info', 'hint'];

const getDiagnostics = defineTool({
  name: 'get_diagnostics',
  description: "The problems VS Code's language servers report, for one file or the whole workspace.",
  kind: 'read',
  input: z.object({ path: z.string().min(1).optional() }),
  run: async (input, ctx: WorkspaceToolContext) => {
    let entries: [vscode.Uri, readonly vscode.Diagnostic[]][];
    if (input.path) {
      const uri = vscode.Uri.file(await resolveInWorkspace(ctx.root, input.path));
      entries = [[uri, vscode.languages.getDiagnostics(uri)]];
    } else {
      entries = vscode.languages.getDiagnostics().filter(([uri]) => uri.scheme === 'file' && !toRelative(ctx.root, uri.fsPath).startsWith('..'));
    }
    const lines = entries.flatMap(([uri, diagnostics]) =>
      diagnostics.map((d) => {
        const source = d.source ? ` [${d.source}]` : '';
        return `${toRelative(ctx.root, uri.fsPath)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]}: ${boundLine(d.message)}${source}`;
      }),
    );
    return lines.length === 0 ? 'No problems reported.' : boundList(lines, LIMITS.matches, 'problems');
  },
});

export const readTools: readonly AgentTool<WorkspaceToolContext>[] = [readFile, listFiles, searchText, getDiagnostics];
