// Shared fixtures for the gateway tests: the real simulator, clients pointed at it, and a collector
// that keeps what a chat stream produced even when it ends in an error.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayClient, type GatewayClientOptions } from '../../../src/gateway/client';
import { GatewayError } from '../../../src/gateway/errors';
import { PROVIDERS } from '../../../src/gateway/providers';
import type { ChatEvent, ChatRequest, RequestLogEntry } from '../../../src/gateway/types';
import type { Simulator } from '../../sim/server';

export function helyxClient(sim: Simulator, extra: Partial<GatewayClientOptions> = {}): GatewayClient {
  return new GatewayClient({ preset: PROVIDERS.helyx, baseUrl: sim.helyxBaseUrl, apiKey: sim.keys.helyxPro, maxRetries: 2, ...extra });
}

export function heytokenClient(sim: Simulator, extra: Partial<GatewayClientOptions> = {}): GatewayClient {
  return new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl, apiKey: sim.keys.heytoken, maxRetries: 2, ...extra });
}

export interface Collected {
  events: ChatEvent[];
  text: string;
  reasoning: string;
  finish?: string;
  error?: GatewayError;
}

/** Drains a chat stream; an error ends the collection instead of escaping, so partial text is visible. */
export async function collect(stream: AsyncIterable<ChatEvent>, onEvent?: (event: ChatEvent) => void): Promise<Collected> {
  const out: Collected = { events: [], text: '', reasoning: '' };
  try {
    for await (const event of stream) {
      out.events.push(event);
      if (event.type === 'text') out.text += event.text;
      if (event.type === 'reasoning') out.reasoning += event.text;
      if (event.type === 'finish') out.finish = event.reason;
      onEvent?.(event);
    }
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    out.error = error;
  }
  return out;
}

export function ask(model: string, content = 'Hello there', extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model, messages: [{ role: 'user', content }], ...extra };
}

/** Requests the simulator saw on a path (control calls are never recorded). */
export function hits(sim: Simulator, pathPart: string): number {
  return sim.requests.filter((r) => r.path.includes(pathPart)).length;
}

/** Everything a person or a log could see of an error, as one string. */
export function visibleText(error: GatewayError, logs: RequestLogEntry[] = []): string {
  return [error.message, error.explanation, error.gatewayMessage ?? '', error.url ?? '', JSON.stringify(error), String(error), JSON.stringify(logs)].join('\n');
}

export interface InlineServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A tiny loopback server for the few cases the simulator does not speak. */
export function inlineServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<InlineServer> {
  const requests: InlineServer['requests'] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
      handler(req, res, Buffer.concat(parts).toString('utf8'));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  res.end(bytes);
}
