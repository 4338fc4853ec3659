// The @switchboard participant's tool loop: offer the tools of this chat request, run the calls the
// model makes through vscode.lm.invokeTool with the request's toolInvocationToken (so VS Code shows,
// confirms and attributes them in the chat), send the results back, and repeat until the model
// answers in text — at most switchboard.agent.maxSteps model requests, each one turn through the
// turn runner and so estimated and billed once like any other request.
import * as vscode from 'vscode';
import { boundOutput } from '../agent/bounds';
import type { ToolDefinition } from '../gateway/toolTypes';
import type { ChatRequest } from '../gateway/types';
import type { TurnRequest, TurnResult } from '../gateway/turnRunner';

export interface OfferedTools {
  tools: ToolDefinition[];
  /** True when the user attached tools with #name: VS Code's API asks the first request to force a call. */
  referenced: boolean;
}

/**
 * The tools this request may use. vscode.d.ts (1.104) gives a participant `toolReferences`, the tools
 * the user attached with #name; `ChatRequest.tools` (the tool picker's on/off map) is proposed API
 * that the extension host deletes from the request unless the extension enables
 * chatParticipantAdditions, which a published extension cannot. So: the picker's selection when VS
 * Code passes one, else the #-attached tools, else none — never every tool in vscode.lm.tools, which
 * would let the model run any installed extension's or MCP server's tool the user did not ask for.
 */
export function offeredTools(request: vscode.ChatRequest, available: readonly vscode.LanguageModelToolInformation[] = vscode.lm.tools): OfferedTools {
  const picker = (request as { tools?: unknown }).tools;
  const byName = new Map(available.map((tool) => [tool.name, tool]));
  let names: string[];
  let referenced = false;
  if (picker instanceof Map) {
    names = [...picker.entries()].filter(([, enabled]) => enabled === true).map(([name]) => String(name));
  } else {
    names = (request.toolReferences ?? []).map((reference) => reference.name);
    referenced = names.length > 0;
  }
  const tools = [...new Set(names)]
    .map((name) => byName.get(name))
    .filter((tool): tool is vscode.LanguageModelToolInformation => tool !== undefined)
    .map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: (tool.inputSchema as ToolDefinition['parameters'] | undefined) ?? { type: 'object', properties: {} },
    }));
  return { tools, referenced: referenced && tools.length > 0 };
}

export interface ToolLoopOptions {
  base: Omit<TurnRequest, 'messages' | 'tools' | 'toolChoice'> & { messages: ChatRequest['messages'] };
  offered: OfferedTools;
  maxSteps: number;
  /** One model request: `gateway.runTurn` with the response's callbacks. */
  runStep: (request: TurnRequest) => Promise<TurnResult>;
  /** Called before each tool runs (the participant shows it as progress). */
  onToolCall?: (name: string) => void;
  toolInvocationToken: vscode.ChatParticipantToolToken | undefined;
  token: vscode.CancellationToken;
}

export interface ToolLoopResult {
  last: TurnResult;
  steps: number;
  credits: number;
  estimated: boolean;
  billed: boolean;
  /** The model still wanted tools after maxSteps requests; its last calls were not run. */
  hitStepLimit: boolean;
}

/** Runs model requests until one answers without tool calls, fails, is cancelled, or maxSteps is reached. */
export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const { base, offered, maxSteps, token } = options;
  const offeredNames = new Set(offered.tools.map((tool) => tool.name));
  const messages = [...base.messages];
  const total = { credits: 0, estimated: false, billed: false };
  for (let step = 1; ; step++) {
    const last = await options.runStep({
      ...base,
      messages,
      ...(offered.tools.length ? { tools: offered.tools, toolChoice: offered.referenced && step === 1 ? 'required' : 'auto' } : {}),
    });
    if (last.cost) {
      total.credits += last.cost.credits;
      total.estimated ||= last.cost.estimated;
      total.billed = true;
    }
    const done = last.status !== 'done' || last.toolCalls.length === 0 || token.isCancellationRequested;
    if (done || step >= maxSteps) return { last, steps: step, ...total, hitStepLimit: !done };
    messages.push({ role: 'assistant', content: last.text, toolCalls: last.toolCalls });
    for (const call of last.toolCalls) {
      // A call to a tool that was not offered is not run: the model gets told, the user is not surprised.
      const content = offeredNames.has(call.name)
        ? await invoke(call.name, call.arguments, options)
        : `Error: the tool "${call.name}" is not available in this request.`;
      messages.push({ role: 'tool', toolCallId: call.id, content });
    }
    if (token.isCancellationRequested) return { last, steps: step, ...total, hitStepLimit: false };
  }
}

/** The tool's text result, bounded; a tool that throws becomes an error result the model can act on. */
async function invoke(name: string, input: Record<string, unknown>, options: ToolLoopOptions): Promise<string> {
  options.onToolCall?.(name);
  try {
    const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: options.toolInvocationToken }, options.token);
    const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '[non-text result part omitted]')).join('\n');
    return boundOutput(text);
  } catch (error) {
    return boundOutput(`Error: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
