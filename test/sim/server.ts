// The gateway simulator: a real loopback node:http server speaking HelyxAI (/api/v1) and HeyToken
// (/v1 and the root), with fault injection. Tests and the offline demo both run against it.
// Control endpoints for other processes are described in control-routes.ts.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { neverAnswer, stallBody, writeHuge } from './bigFaults';
import { DEMO_KEYS } from './catalogue';
import { handleControl } from './control-routes';
import { errorBody, gatewayForPath } from './errors';
import type { RequestFault } from './faults';
import { HELYX_BASE_PATH, handleHelyx } from './helyx-routes';
import { HEYTOKEN_BASE_PATH, handleHeytoken } from './heytoken-routes';
import { parseJson, readBody, resetSocket, sendBytes, sendJson, type RouteContext } from './http-io';
import { SimState } from './state';
import type { Simulator, SimOptions } from './types';

export type { FaultRule, ReceivedToolResult, RecordedRequest, ScriptedReply, ScriptedToolCall, SimAccount, SimFault, SimOptions, Simulator } from './types';
export { DEMO_KEYS } from './catalogue';

export function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const sim = new SimState(options);
  const sockets = new Set<Socket>();
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;

  const api: Simulator = {
    url: '',
    helyxBaseUrl: '',
    heytokenBaseUrl: '',
    keys: { ...DEMO_KEYS },
    injectFault: (rule) => sim.faults.add(rule),
    clearFaults: () => sim.faults.clear(),
    scriptReply: (reply) => {
      sim.scripts.push({ ...reply });
    },
    setCredits: (key, credits) => sim.setCredits(key, credits),
    credits: (key) => sim.credits(key),
    requests: sim.requests,
    bytesSentByFaults: () => sim.faultBytesSent,
    toolResults: sim.toolResults,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        sim.shutdown();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };

  const server = createServer((req, res) => {
    handle(req, res, sim, api).catch(() => {
      // A bug in a route must still end the exchange rather than leave the client hanging.
      if (!res.headersSent) sendJson(res, 500, errorBody(gatewayForPath(req.url ?? '/'), 500));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      sim.url = `http://${urlHost}:${port}`;
      api.url = sim.url;
      api.helyxBaseUrl = sim.url + HELYX_BASE_PATH;
      api.heytokenBaseUrl = sim.url + HEYTOKEN_BASE_PATH;
      resolve(api);
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, sim: SimState, api: Simulator): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  let rawBody: string;
  try {
    rawBody = await readBody(req);
  } catch {
    sendJson(res, 413, errorBody(gatewayForPath(url.pathname), 413, 'Request body too large.'));
    return;
  }
  const { json, jsonError } = parseJson(rawBody);
  const ctx: RouteContext = { req, res, method, path: url.pathname, rawBody, json, jsonError };
  if (ctx.path.startsWith('/__sim/')) return handleControl(ctx, sim, api);

  sim.requests.push({ method, path: ctx.path, headers: { ...req.headers }, body: jsonError ? rawBody : json });
  const fault = sim.faults.takeRequestFault(ctx.path);
  if (fault) return applyRequestFault(ctx, fault, sim);

  if (ctx.path === HELYX_BASE_PATH || ctx.path.startsWith(`${HELYX_BASE_PATH}/`)) {
    return handleHelyx(ctx, ctx.path.slice(HELYX_BASE_PATH.length), sim);
  }
  const inV1 = ctx.path === HEYTOKEN_BASE_PATH || ctx.path.startsWith(`${HEYTOKEN_BASE_PATH}/`);
  return handleHeytoken(ctx, inV1 ? ctx.path.slice(HEYTOKEN_BASE_PATH.length) : ctx.path, sim);
}

async function applyRequestFault(ctx: RouteContext, fault: RequestFault, sim: SimState): Promise<void> {
  const { res } = ctx;
  if (fault.kind === 'headers-never-sent') return neverAnswer(res);
  if (fault.kind === 'stalled-body') return stallBody(res, fault.afterBytes, fault.contentType ?? 'video/mp4');
  if (fault.kind === 'huge-error-body') {
    res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': String(fault.bytes) });
    await writeHuge(res, '{"error":{"message":"', fault.bytes, sim);
    if (!res.destroyed) res.end();
    return;
  }
  if (fault.kind === 'reset-before-response') {
    resetSocket(ctx.req.socket);
    return;
  }
  if (fault.kind === 'html') {
    const title = `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}`;
    const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n`;
    sendBytes(res, fault.status, Buffer.from(page, 'utf8'), 'text/html', { server: 'nginx/1.24.0' });
    return;
  }
  const body = fault.body ?? errorBody(gatewayForPath(ctx.path), fault.status);
  if (typeof body === 'string') sendBytes(res, fault.status, Buffer.from(body, 'utf8'), 'text/plain; charset=utf-8', fault.headers);
  else sendJson(res, fault.status, body, fault.headers);
}
