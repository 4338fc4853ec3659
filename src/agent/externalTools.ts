// Tools registered through vscode.lm.registerTool, offered to the model in the same shape as the
// built-in ones and run through vscode.lm.invokeTool: Switchboard's own always, other extensions'
// and MCP servers' only when the user turns on switchboard.agent.externalTools. Always asked
// before running (kind "other").
import * as vscode from 'vscode';
import { TOOL_NAMES } from '../tools/registerTools';
import { boundOutput } from './bounds';
import { ToolError, type AgentTool, type ToolContext } from './tool';

// By exact name: another extension may contribute a tool whose name merely starts with switchboard_.
const OWN_TOOLS: ReadonlySet<string> = new Set(Object.values(TOOL_NAMES));

export function externalToolsEnabled(): boolean {
  return vscode.workspace.getConfiguration('switchboard.agent').get<boolean>('externalTools', false);
}

export function adaptLanguageModelTool(info: vscode.LanguageModelToolInformation): AgentTool {
  return {
    name: info.name,
    description: info.description,
    inputSchema: (info.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
    kind: 'other',
    run: async (input: unknown, ctx: ToolContext) => {
      const source = new vscode.CancellationTokenSource();
      const onAbort = (): void => source.cancel();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await vscode.lm.invokeTool(info.name, { input: (input ?? {}) as object, toolInvocationToken: undefined }, source.token);
        const text = result.content
          .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '[non-text result part omitted]'))
          .join('\n');
        return boundOutput(text);
      } catch (error) {
        if (error instanceof ToolError) throw error;
        throw new ToolError(`${info.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        source.dispose();
      }
    },
  };
}

/** Switchboard's own registered tools, and everyone's when the setting allows; names clashing with built-ins are left out. */
export function externalTools(builtInNames: ReadonlySet<string>): AgentTool[] {
  // Switchboard's own tools (images, videos, credits) are always offered; others' only when enabled.
  const everyone = externalToolsEnabled();
  return vscode.lm.tools
    .filter((info) => !builtInNames.has(info.name) && (everyone || OWN_TOOLS.has(info.name)))
    .map(adaptLanguageModelTool);
}
