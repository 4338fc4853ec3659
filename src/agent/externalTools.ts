// Tools other extensions and MCP servers register (vscode.lm.tools), offered to the model in the
// same shape as the built-in ones and run through vscode.lm.invokeTool. Off unless the user turns
// on switchboard.agent.externalTools; always asked before running (kind "other").
import * as vscode from 'vscode';
import { boundOutput } from './bounds';
import { ToolError, type AgentTool, type ToolContext } from './tool';

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

/** The registered tools, adapted, when the setting allows; names clashing with built-ins are left out. */
export function externalTools(builtInNames: ReadonlySet<string>): AgentTool[] {
  if (!externalToolsEnabled()) return [];
  return vscode.lm.tools.filter((info) => !builtInNames.has(info.name)).map(adaptLanguageModelTool);
}
