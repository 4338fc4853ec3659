// VS Code's language-model request messages → the gateway's chat messages. The `vscode` side
// classifies each content part (vscodeParts.ts); this module decides what each kind becomes, so the
// rules are testable without an editor.
import type { ChatMessage } from '../gateway/types';

export type RequestPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; name: string }
  | { kind: 'toolResult'; callId: string }
  | { kind: 'data'; mimeType: string; data: Uint8Array }
  /** Thinking from an earlier turn, prompt-tsx, parts newer than this code knows: nothing to send. */
  | { kind: 'ignored' };

export interface RequestMessage {
  role: ChatMessage['role'];
  parts: readonly RequestPart[];
}

/** A request Switchboard cannot forward; its message is what the caller shows the user. */
export class UnsupportedRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedRequestError';
  }
}

/** LanguageModelChatMessageRole: User 1, Assistant 2, and System 3 (still a proposal, but VS Code's own chat sends it). */
export function roleFromNumber(role: number): ChatMessage['role'] {
  if (role === 2) return 'assistant';
  if (role === 3) return 'system';
  return 'user';
}

const TEXT_MIME = /^(?:text\/|application\/(?:json|xml|[\w.+-]+\+(?:json|xml))\b)/i;

export function toGatewayMessages(messages: readonly RequestMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const content = message.parts.map(partText).join('');
    if (content) out.push({ role: message.role, content });
  }
  if (!out.some((m) => m.role !== 'system')) throw new UnsupportedRequestError('The request has no message text for the model to answer.');
  return out;
}

function partText(part: RequestPart): string {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'toolCall':
      throw new UnsupportedRequestError(
        `Switchboard's models do not call tools, but this request carries a call to the tool "${part.name}". Send the request without tools, or use a model that supports tool calling.`,
      );
    case 'toolResult':
      throw new UnsupportedRequestError(
        "Switchboard's models do not call tools, but this request carries a tool result. Send the request without tools, or use a model that supports tool calling.",
      );
    case 'data':
      if (TEXT_MIME.test(part.mimeType)) return new TextDecoder().decode(part.data);
      if (/^image\//i.test(part.mimeType)) {
        throw new UnsupportedRequestError(`Switchboard's models take text only, but this request includes an image (${part.mimeType}).`);
      }
      // Markers such as prompt-cache hints carry no content for the model.
      return '';
    case 'ignored':
      return '';
  }
}
