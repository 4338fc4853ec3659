import type { AgentTaskView, ChatMessageView, ChatStateView, ToolCardView } from '../../src/shared/protocol';
import { assistantMessage, chatState, userMessage } from './chatHarnessFixtures';

/** Agent mode's host state: the settings the composer starts from. */
export function agentState(overrides: Partial<ChatStateView> = {}): ChatStateView {
  return chatState({ agent: { mode: 'ask', defaultBudget: 1000, maxSteps: 25 }, ...overrides });
}

export function task(overrides: Partial<AgentTaskView> = {}): AgentTaskView {
  return { id: 't1', budget: 1000, spent: 120, spentEstimated: false, step: 3, maxSteps: 25, status: 'running', checkpoint: 'none', ...overrides };
}

export function card(id: string, tool: string, summary: string, overrides: Partial<ToolCardView> = {}): ToolCardView {
  return { id, tool, summary, state: 'running', input: JSON.stringify({ path: summary }), ...overrides };
}

/** A task's request and one step that asked for tools. */
export function taskMessages(cards: ToolCardView[], taskId = 't1'): ChatMessageView[] {
  return [
    userMessage('u1', 'rename calcTotal to computeTotal', { taskId }),
    assistantMessage('s1', 'I will look for **calcTotal** first.', { taskId, toolCalls: cards }),
  ];
}
