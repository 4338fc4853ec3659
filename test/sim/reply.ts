// Deterministic assistant text for when no reply is scripted: markdown that quotes the question, so a
// demo looks like a real assistant, with multi-byte characters so UTF-8 splitting is exercised.
import { messageText } from './billing';

export const DEFAULT_STREAM_CHUNKS = 20;

export function lastUserText(messages: readonly { role?: unknown; content?: unknown }[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') return messageText(messages[i].content);
  }
  return '';
}

export function defaultReply(question: string, model: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  const title = oneLine.length > 0 ? truncate(oneLine, 60) : 'Hello';
  const quoted = truncate(question.trim(), 200)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return [
    `### ${title}`,
    '',
    `You asked (${model}, simulated):`,
    '',
    quoted || '> (empty message)',
    '',
    'Here is a naïve — but honest ✓ — answer from the Switchboard gateway simulator 🎉:',
    '',
    '- Every word you read was streamed over a real loopback HTTP connection.',
    '- Credits, usage and errors follow the gateway references.',
    '- Nothing left this machine.',
    '',
    '```ts',
    'export function greet(name: string): string {',
    '  return `Hello, ${name} 👋`;',
    '}',
    '```',
    '',
  ].join('\n');
}

export function defaultReasoning(question: string): string {
  const topic = truncate(question.replace(/\s+/g, ' ').trim(), 80) || 'the greeting';
  return `Thinking about “${topic}” — first the intent, then a concise answer… ✓`;
}

function truncate(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
}

/** Splits text into n pieces of nearly equal size at code-point boundaries (never inside a surrogate pair). */
export function splitText(text: string, n: number): string[] {
  const points = Array.from(text);
  const count = Math.max(1, Math.min(Math.floor(n), points.length));
  if (points.length === 0) return [];
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * points.length) / count);
    const end = Math.floor(((i + 1) * points.length) / count);
    pieces.push(points.slice(start, end).join(''));
  }
  return pieces;
}
