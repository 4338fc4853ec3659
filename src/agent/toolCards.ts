// A tool call as the transcript shows it: named after the tool and its main argument, with its
// input and result bounded (cards are saved with the conversation and posted to every webview).
import type { ToolCall } from '../gateway/types';
import type { ToolCardView } from '../shared/protocol';

const SUMMARY_CHARS = 120;
const INPUT_CHARS = 4_000;
const RESULT_CHARS = 8_000;
const MAIN_ARGUMENTS = ['path', 'command', 'query', 'pattern', 'prompt'];

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} characters more]`;
}

export function summaryOf(call: Pick<ToolCall, 'arguments'>): string {
  const args = call.arguments;
  const main = MAIN_ARGUMENTS.map((key) => args[key]).find((v) => typeof v === 'string') ?? Object.values(args).find((v) => typeof v === 'string');
  return typeof main === 'string' ? cut(main.replace(/\s+/g, ' ').trim(), SUMMARY_CHARS) : '';
}

export function newCard(call: ToolCall): ToolCardView {
  return { id: call.id, tool: call.name, summary: summaryOf(call), state: 'pending', input: cut(JSON.stringify(call.arguments), INPUT_CHARS) };
}

export function withResult(card: ToolCardView, state: ToolCardView['state'], result: string): ToolCardView {
  const { approval: _approval, ...rest } = card;
  return { ...rest, state, result: cut(result, RESULT_CHARS) };
}
