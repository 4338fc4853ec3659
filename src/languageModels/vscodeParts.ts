// Classifies the content parts VS Code hands a LanguageModelChatProvider. Kept apart from the
// conversion rules (requestMessages.ts) because only this needs the `vscode` classes.
import * as vscode from 'vscode';
import { roleFromNumber, type RequestMessage, type RequestPart } from './requestMessages';

// LanguageModelDataPart is final only after the 1.104 floor: look it up rather than import it.
type DataPartClass = new (...args: never[]) => { mimeType: string; data: Uint8Array };
const dataPartClass = (vscode as unknown as { LanguageModelDataPart?: DataPartClass }).LanguageModelDataPart;

export function classifyPart(part: unknown): RequestPart {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  if (part instanceof vscode.LanguageModelToolResultPart) {
    const text = part.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    return { kind: 'toolResult', callId: part.callId, text };
  }
  if (dataPartClass && part instanceof dataPartClass) return { kind: 'data', mimeType: part.mimeType, data: part.data };
  return { kind: 'ignored' };
}

export function classifyMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): RequestMessage[] {
  return messages.map((m) => ({ role: roleFromNumber(m.role), parts: m.content.map(classifyPart) }));
}

/** The text of a message for token counting: what would be sent, tools and images counted as nothing. */
export function messageText(message: vscode.LanguageModelChatRequestMessage): string {
  return message.content
    .map(classifyPart)
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'data' && /^text\//i.test(p.mimeType) ? new TextDecoder().decode(p.data) : ''))
    .join('');
}
