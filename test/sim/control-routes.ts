// The HTTP control surface, for users in another process (the demo, the VS Code tests):
//   POST   /__sim/faults   body: FaultRule                 queue a fault
//   DELETE /__sim/faults                                   clear all faults
//   POST   /__sim/script   body: ScriptedReply             the next chat completion answers with it
//                                                          (tool calls, streaming shape, marker: see types.ts)
//   POST   /__sim/credits  body: {"key": "...", "credits": N}  set a key's balance
//   GET    /__sim/state                                    balances, pending faults, request log
// Answered only to loopback peers, and never recorded in `requests`.
import type { ScriptedReply, Simulator } from './types';
import { scriptProblem } from './toolCalls';
import { faultRuleProblem } from './faults';
import { isLoopback, isObject, sendJson, type RouteContext } from './http-io';
import type { SimState } from './state';

export function handleControl(ctx: RouteContext, sim: SimState, api: Simulator): void {
  const { method, path, res } = ctx;
  if (!isLoopback(ctx.req.socket.remoteAddress)) return sendJson(res, 403, { error: 'control endpoints are loopback-only' });
  const body = ctx.json;
  if (path === '/__sim/faults' && method === 'POST') {
    const problem = faultRuleProblem(body);
    if (problem) return sendJson(res, 400, { error: problem });
    api.injectFault(body as Parameters<Simulator['injectFault']>[0]);
    return sendJson(res, 200, { ok: true, faults: sim.faults.list() });
  }
  if (path === '/__sim/faults' && method === 'DELETE') {
    api.clearFaults();
    return sendJson(res, 200, { ok: true });
  }
  if (path === '/__sim/script' && method === 'POST') {
    const problem = scriptProblem(body);
    if (problem) return sendJson(res, 400, { error: problem });
    api.scriptReply(body as unknown as ScriptedReply);
    return sendJson(res, 200, { ok: true, queued: sim.scripts.length });
  }
  if (path === '/__sim/credits' && method === 'POST') {
    if (!isObject(body) || typeof body.key !== 'string' || typeof body.credits !== 'number' || !Number.isFinite(body.credits)) {
      return sendJson(res, 400, { error: 'expected {key, credits}' });
    }
    try {
      api.setCredits(body.key, body.credits);
    } catch {
      return sendJson(res, 404, { error: 'unknown key' });
    }
    return sendJson(res, 200, { ok: true, credits: body.credits });
  }
  if (path === '/__sim/state' && method === 'GET') return sendJson(res, 200, stateView(sim, api));
  sendJson(res, 404, { error: `no control endpoint ${method} ${path}` });
}

function stateView(sim: SimState, api: Simulator): Record<string, unknown> {
  return {
    url: api.url,
    helyxBaseUrl: api.helyxBaseUrl,
    heytokenBaseUrl: api.heytokenBaseUrl,
    keys: api.keys,
    helyxAccounts: Object.fromEntries(sim.accounts),
    heytokenBalances: Object.fromEntries(sim.heytokenBalances),
    faults: sim.faults.list(),
    scriptedReplies: sim.scripts.length,
    toolResults: sim.toolResults,
    videoTasks: sim.videos.size,
    requests: sim.requests.map((r) => ({ ...r, headers: { ...r.headers, authorization: redact(r.headers.authorization) } })),
  };
}

// The log may be pasted into bug reports; keep only enough of a key to tell which one it was.
function redact(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^(Bearer\s+)(.{0,8})/i.exec(header);
  return match ? `${match[1]}${match[2]}…` : '…';
}
