// The tool calls of one step: read-only calls that need no approval run side by side, everything
// else (edits, commands, other extensions' tools) one at a time in the model's order, each asked
// first when the policy says so. Every call gets a result with its id, failures and denials
// included: the model reads them and the task goes on.
import type { ToolCall, ToolResultMessage } from '../gateway/types';
import type { ToolCardView } from '../shared/protocol';
import { withResult } from './toolCards';
import { ToolError, type AgentTool, type ToolContext } from './tool';

export interface StepHost<Ctx extends ToolContext> {
  /** A card changed (state, approval, result). */
  card(card: ToolCardView): void;
  /** Waits for the user's Approve (true) or Deny; `payload` is what the call would do (an edit's proposal). */
  approve(callId: string, payload?: unknown): Promise<boolean>;
  /** The context the call runs with; `review` is given when an edit must be approved first. */
  context(call: ToolCall, review?: (payload: unknown) => Promise<boolean>): Ctx;
}

export interface StepOptions<Ctx extends ToolContext> {
  tools: readonly AgentTool<Ctx>[];
  needsApproval(tool: AgentTool<Ctx>, call: ToolCall): boolean;
  signal: AbortSignal;
  host: StepHost<Ctx>;
  /** Calls from this index on are not run (the repeat guard stopped the task). */
  stopAt?: number | undefined;
}

function detailOf(tool: AgentTool<ToolContext>, call: ToolCall, payload?: unknown): { kind: 'edit' | 'command' | 'other'; detail: string } {
  if (tool.kind === 'edit') {
    const path = (payload as { path?: unknown } | undefined)?.path ?? call.arguments.path;
    return { kind: 'edit', detail: `${call.name === 'create_file' ? 'Create' : 'Edit'} ${String(path)}` };
  }
  if (tool.kind === 'command') return { kind: 'command', detail: String(call.arguments.command ?? '') };
  return { kind: 'other', detail: `Run ${call.name} with ${JSON.stringify(call.arguments).slice(0, 300)}` };
}

export async function runStepCalls<Ctx extends ToolContext>(calls: readonly ToolCall[], cards: ToolCardView[], o: StepOptions<Ctx>): Promise<{ results: ToolResultMessage[] }> {
  const results: string[] = new Array<string>(calls.length).fill('');
  const runOne = async (i: number): Promise<void> => {
    results[i] = await runCall(calls[i]!, i, cards, o);
  };
  let group: number[] = [];
  const flush = async (): Promise<void> => {
    await Promise.all(group.map(runOne));
    group = [];
  };
  for (const [i, call] of calls.entries()) {
    if (o.stopAt !== undefined && i >= o.stopAt) {
      results[i] = 'Not run: the task was stopped because this call repeated.';
      setCard(cards, i, withResult(cards[i]!, 'failed', results[i]!), o.host);
      continue;
    }
    const tool = o.tools.find((t) => t.name === call.name);
    if (tool?.kind === 'read' && !o.needsApproval(tool, call)) {
      group.push(i);
      continue;
    }
    await flush();
    await runOne(i);
  }
  await flush();
  return { results: calls.map((call, i) => ({ role: 'tool', toolCallId: call.id, content: results[i]! })) };
}

function setCard(cards: ToolCardView[], i: number, card: ToolCardView, host: StepHost<ToolContext>): void {
  cards[i] = card;
  host.card(card);
}

async function runCall<Ctx extends ToolContext>(call: ToolCall, i: number, cards: ToolCardView[], o: StepOptions<Ctx>): Promise<string> {
  const host = o.host as StepHost<ToolContext>;
  const finish = (state: ToolCardView['state'], text: string): string => {
    setCard(cards, i, withResult(cards[i]!, state, text), host);
    return text;
  };
  if (o.signal.aborted) return finish('failed', 'Not run: the task was stopped.');
  const tool = o.tools.find((t) => t.name === call.name);
  if (!tool) return finish('failed', `There is no tool named ${call.name}. Available: ${o.tools.map((t) => t.name).join(', ')}.`);
  let denied = false;
  const ask = async (payload?: unknown): Promise<boolean> => {
    // Waiting before the card says so: an answer may come while the card is being posted.
    const answer = o.host.approve(call.id, payload);
    setCard(cards, i, { ...cards[i]!, state: 'awaitingApproval', approval: detailOf(tool, call, payload) }, host);
    const approved = await answer;
    denied = !approved;
    const { approval: _approval, ...card } = cards[i]!;
    setCard(cards, i, { ...card, state: approved ? 'running' : 'denied' }, host);
    return approved && !o.signal.aborted;
  };
  const mustAsk = o.needsApproval(tool, call);
  if (mustAsk && tool.kind !== 'edit' && !(await ask())) {
    if (o.signal.aborted) return finish('failed', 'Not run: the task was stopped.');
    return finish('denied', `The user denied ${call.name}${tool.kind === 'command' ? ` (${String(call.arguments.command ?? '')})` : ''}; it was not run.`);
  }
  if (cards[i]!.state !== 'running') setCard(cards, i, { ...cards[i]!, state: 'running' }, host);
  try {
    const output = await tool.run(call.arguments, o.host.context(call, mustAsk && tool.kind === 'edit' ? ask : undefined));
    return finish(denied ? 'denied' : 'done', output);
  } catch (error) {
    if (error instanceof ToolError) return finish('failed', error.message);
    return finish('failed', `${call.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
