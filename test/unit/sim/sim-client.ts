// Plain-fetch helpers for the simulator's own tests (deliberately not the gateway core).
import { createParser } from 'eventsource-parser';

export async function post(url: string, key: string | undefined, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  return fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export async function get(url: string, key?: string): Promise<Response> {
  return fetch(url, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
}

export interface ReadSse {
  raw: string;
  /** Each `data:` payload in order, including "[DONE]". */
  data: string[];
  /** How many reads the body arrived in. */
  reads: Uint8Array[];
}

export async function readSse(res: Response): Promise<ReadSse> {
  const reads: Uint8Array[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads.push(value);
  }
  const raw = new TextDecoder().decode(Buffer.concat(reads));
  return { raw, data: parseSse(raw), reads };
}

export function parseSse(raw: string): string[] {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  parser.feed(raw);
  return data;
}

interface ChunkJson {
  choices: { delta: Record<string, string | undefined>; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  helyx?: { credits_charged: number; credits_remaining: number };
}

export function chunks(data: string[]): ChunkJson[] {
  return data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as ChunkJson);
}

export function joined(data: string[], field = 'content'): string {
  return chunks(data)
    .flatMap((c) => c.choices.map((choice) => choice.delta[field] ?? ''))
    .join('');
}

export function chatBody(model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: 'Explain quantum computing in 2 sentences.' }], ...extra };
}

/** Reads from a stream until `count` data events have arrived, returning the reader still open. */
export async function readEvents(
  res: Response,
  count: number,
): Promise<{ reader: ReadableStreamDefaultReader<Uint8Array>; data: string[] }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  while (data.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return { reader, data };
}
