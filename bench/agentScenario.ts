/*
 * The host messages of one long agent task, in the order the host sends them: 40 steps, each a
 * streamed reply (1,000 tokens of markdown in 1–4-token deltas) that asks for five tools, each
 * card posted pending → running → done with a 40-line result, and the task's status after every
 * step. 200 tool cards and 40k tokens of text in all, ending with the task's total and checkpoint.
 */
import type { AgentTaskView, ChatStateView, HostToWebview, ToolCardView } from '../src/shared/protocol';
import { generateAnswer, tokenize, toDeltas } from './renderDocument';

export const STEPS = 40;
export const CARDS_PER_STEP = 5;
export const TOKENS = 40_000;
const RESULT_LINES = 40;
const TOOLS = ['read_file', 'search_text', 'edit_file', 'list_files', 'run_command'] as const;

export interface AgentScenario {
  state: ChatStateView;
  messages: HostToWebview[];
  cards: number;
  tokens: number;
  deltas: number;
}

function result(step: number, call: number): string {
  return Array.from({ length: RESULT_LINES }, (_, line) =>
    `src/module${step}/file${call}.ts:${line + 1}: export function calcTotal${line}(items: Item[]) { return items.reduce((s, i) => s + i.price, 0); } <b>not html</b>`,
  ).join('\n');
}

export function agentScenario(): AgentScenario {
  const tokens = tokenize(generateAnswer(TOKENS * 4 + 4000)).slice(0, TOKENS);
  const perStep = Math.ceil(tokens.length / STEPS);
  const task: AgentTaskView = { id: 't1', budget: 100_000, spent: 0, spentEstimated: false, step: 0, maxSteps: 50, status: 'running', checkpoint: 'none' };
  const state: ChatStateView = {
    conversationId: 'bench', title: 'Rename calcTotal', busy: true, reasoning: false, reasoningSupported: false,
    context: [], conversations: [], hasKey: true, providerLabel: 'HelyxAI', modelId: 'helyx-3.5',
    models: [{ id: 'helyx-3.5', displayName: 'helyx-3.5', kind: 'chat', rateLabel: '0.2 cr/tok', pro: false, reasoning: false }],
    remoteImages: { policy: 'ask', urls: [] },
    agent: { mode: 'agent', defaultBudget: 100_000, maxSteps: 50 },
    messages: [{ id: 'u1', role: 'user', text: 'rename calcTotal to computeTotal everywhere and run the check', status: 'done', createdAt: 1, taskId: 't1' }],
    tasks: [task],
  };
  const messages: HostToWebview[] = [];
  let deltas = 0;
  let spent = 0;
  for (let step = 0; step < STEPS; step++) {
    const id = `s${step}`;
    messages.push({ type: 'messageAdded', message: { id, role: 'assistant', text: '', status: 'streaming', model: 'helyx-3.5', createdAt: 2 + step, taskId: 't1' } });
    for (const text of toDeltas(tokens.slice(step * perStep, (step + 1) * perStep), step + 1)) {
      messages.push({ type: 'messageDelta', id, text });
      deltas++;
    }
    const cost = 150 + step;
    spent += cost;
    messages.push({ type: 'messageUpdated', id, status: 'done', cost: { credits: cost, estimated: false } });
    for (let call = 0; call < CARDS_PER_STEP; call++) {
      const tool = TOOLS[call];
      const card: ToolCardView = { id: `call_${step}_${call}`, tool, summary: `src/module${step}/file${call}.ts`, state: 'pending', input: JSON.stringify({ path: `src/module${step}/file${call}.ts` }) };
      messages.push({ type: 'toolCard', messageId: id, card });
      messages.push({ type: 'toolCard', messageId: id, card: { ...card, state: 'running' } });
      messages.push({ type: 'toolCard', messageId: id, card: { ...card, state: 'done', result: result(step, call) } });
    }
    messages.push({ type: 'task', task: { ...task, spent, step: step + 1 } });
  }
  messages.push({ type: 'task', task: { ...task, spent, step: STEPS, status: 'done', checkpoint: 'available' } }, { type: 'busy', busy: false });
  return { state, messages, cards: STEPS * CARDS_PER_STEP, tokens: tokens.length, deltas };
}
