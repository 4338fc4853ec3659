// VS Code's language-model request messages → the gateway's chat messages. The `vscode` side
// classifies each content part (vscodeParts.ts); this module decides what each kind becomes, so the
// rules are testable without an editor.
import type { ChatMessage, ChatRequest } from '../gateway/types';

export type RequestPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: object }
  /** `text` is the text of the result's own parts. */
  | { kind: 'toolResult'; callId: string; text: string }
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

export interface ConversionOptions {
  /** The model takes images: image data parts go as data URLs; otherwise they are refused. */
  imageInput?: boolean;
}

export function toGatewayMessages(messages: readonly RequestMessage[], options: ConversionOptions = {}): ChatRequest['messages'] {
  const out: ChatRequest['messages'] = [];
  for (const message of messages) {
    // Results answer the previous assistant turn's calls, so they go before this message's text.
    for (const part of message.parts) {
      if (part.kind === 'toolResult') out.push({ role: 'tool', toolCallId: part.callId, content: part.text });
    }
    const content = message.parts.map(partText).join('');
    const images = message.parts.flatMap((p) => (p.kind === 'data' && IMAGE_MIME.test(p.mimeType) ? [imageUrl(p, options)] : []));
    const toolCalls = message.parts.flatMap((p) =>
      p.kind === 'toolCall' ? [{ id: p.callId, name: p.name, arguments: { ...p.input } as Record<string, unknown>, rawArguments: JSON.stringify(p.input) }] : [],
    );
    if (!content && !images.length && !toolCalls.length) continue;
    out.push({
      role: message.role,
      content,
      ...(images.length ? { images } : {}),
      ...(toolCalls.length && message.role === 'assistant' ? { toolCalls } : {}),
    });
  }
  if (!out.some((m) => m.role !== 'system')) throw new UnsupportedRequestError('The request has no message text for the model to answer.');
  return out;
}

const IMAGE_MIME = /^image\//i;

function imageUrl(part: { mimeType: string; data: Uint8Array }, options: ConversionOptions): { url: string } {
  if (!options.imageInput) {
    throw new UnsupportedRequestError(`This model does not take images, but the request includes one (${part.mimeType}). Pick a model that supports image input.`);
  }
  return { url: `data:${part.mimeType.toLowerCase()};base64,${Buffer.from(part.data).toString('base64')}` };
}

function partText(part: RequestPart): string {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'toolCall':
    case 'toolResult':
      return '';
    case 'data':
      if (TEXT_MIME.test(part.mimeType)) return new TextDecoder().decode(part.data);
      // Images go separately; markers such as prompt-cache hints carry no content for the model.
      return '';
    case 'ignored':
      return '';
  }
}
