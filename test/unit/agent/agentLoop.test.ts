// The agent loop against the real simulator over loopback: scripted tool calls come back with their
// results under the right ids, approvals and denials, the budget gate that never sends the crossing
// request, the step limit, the repeat guard and a failed turn.
import assert from 'node:assert/strict';
import { z } from 'zod';
import { AgentLoop, type AgentLoopHost } from '../../../src/agent/agentLoop';
import { defineTool, ToolError, type AgentTool, type ToolContext } from '../../../src/agent/tool';
import { formatCredits } from '../../../src/gateway/creditsText';
import { BillingLedger } from '../../../src/gateway/ledger';
import { PROVIDERS } from '../../../src/gateway/providers';
import { runTurn, type TurnEstimate } from '../../../src/gateway/turnRunner';
import type { AgentTaskView, ToolCardView } from '../../../src/shared/protocol';
import { startSimulator, type Simulator } from '../../sim/server';
import { helyxClient, hits } from '../gateway/helpers';

interface Recorded {
  tasks: AgentTaskView[];
  cards: ToolCardView[];
  steps: number;
  estimates: number[];
}

describe('agent/agentLoop (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let marker = 0;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  let running = 0;
  let maxRunning = 0;
  const ran: string[] = [];
  const read = defineTool({
    name: 'read_file',
    description: 'Read a file.',
    kind: 'read',
    input: z.object({ path: z.string() }),
    run: async ({ path }) => {
      ran.push(`read ${path}`);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
      if (path === 'missing.ts') throw new ToolError('missing.ts does not exist.');
      return `contents of ${path}`;
    },
  });
  const edit = defineTool({
    name: 'edit_file',
    description: 'Edit a file.',
    kind: 'edit',
    input: z.object({ path: z.string() }),
    run: async ({ path }, ctx: ToolContext & { review?: (p: unknown) => Promise<boolean> }) => {
      if (ctx.review && !(await ctx.review({ path }))) return `The user denied this change to ${path}; it was not made.`;
      ran.push(`edit ${path}`);
      return `Edited ${path}.`;
    },
  });
  const command = defineTool({
    name: 'run_command',
    description: 'Run a command.',
    kind: 'command',
    input: z.object({ command: z.string() }),
    run: async ({ command }) => {
      ran.push(`run ${command}`);
      return `ran ${command}\n[exit code 0]`;
    },
  });
  const tools: AgentTool[] = [read, edit, command];

  function start(options: { budget?: number; maxSteps?: number; approve?: (callId: string, payload?: unknown) => Promise<boolean>; ask?: string[]; signal?: AbortSignal } = {}) {
    const id = `task-${++marker}-${Date.now()}`;
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const rec: Recorded = { tasks: [], cards: [], steps: 0, estimates: [] };
    const host: AgentLoopHost<ToolContext> = {
      stepStarted: () => rec.steps++,
      text: () => undefined,
      reasoning: () => undefined,
      stepEnded: () => undefined,
      task: (view) => rec.tasks.push(view),
      card: (card) => rec.cards.push(card),
      approve: options.approve ?? (async () => true),
      context: (_call, review) => ({ signal: options.signal ?? new AbortController().signal, ...(review ? { review } : {}) }),
    };
    const loop = new AgentLoop<ToolContext>({
      id,
      model: 'helyx-3.5',
      messages: [{ role: 'user', content: `Do the thing. ${id}` }],
      tools,
      budget: options.budget ?? 10_000,
      maxSteps: options.maxSteps ?? 25,
      signal: options.signal ?? new AbortController().signal,
      runTurn: (request, callbacks) =>
        runTurn({ client: helyxClient(sim), ledger }, { ...request, maxTokens: 500 }, {
          ...callbacks,
          beforeSend: (estimate: TurnEstimate) => {
            rec.estimates.push(estimate.estimate.maxCredits ?? NaN);
            return callbacks.beforeSend ? callbacks.beforeSend(estimate) : true;
          },
        }),
      needsApproval: (tool) => (options.ask ?? []).includes(tool.kind),
      host,
    });
    return { id, loop, rec };
  }

  it('runs scripted calls (three reads side by side), sends the results back under their ids, and totals what the gateway charged', async () => {
    const { id, loop, rec } = start();
    const before = sim.credits(sim.keys.helyxPro);
    const seen = sim.toolResults.length;
    sim.scriptReply({ marker: id, text: '', toolCallStyle: 'interleaved', toolCalls: ['a.ts', 'b.ts', 'missing.ts'].map((path, i) => ({ id: `call_r${i}`, name: 'read_file', arguments: { path } })) });
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: 'call_e', name: 'edit_file', arguments: { path: 'a.ts' } }, { id: 'call_c', name: 'run_command', arguments: { command: 'npm test' } }] });
    sim.scriptReply({ marker: id, text: 'Done: renamed.' });
    maxRunning = 0;
    ran.length = 0;
    const end = await loop.run();
    assert.equal(end.status, 'done', end.reason);
    assert.equal(end.step, 3);
    assert.equal(maxRunning, 3, 'the three reads ran at the same time');
    assert.deepEqual(ran.slice(3), ['edit a.ts', 'run npm test'], 'the edit, then the command, in order');
    // Each request re-sends the earlier results: the first time each id arrived.
    const results = sim.toolResults.slice(seen).filter((r, i, all) => all.findIndex((o) => o.toolCallId === r.toolCallId) === i);
    assert.deepEqual(results.map((r) => r.toolCallId), ['call_r0', 'call_r1', 'call_r2', 'call_e', 'call_c']);
    assert.equal(results[0]?.content, 'contents of a.ts');
    assert.equal(results[2]?.content, 'missing.ts does not exist.', 'a tool error goes back as the result');
    assert.equal(results[4]?.content, 'ran npm test\n[exit code 0]');
    assert.equal(rec.cards.filter((c) => c.id === 'call_r2').at(-1)?.state, 'failed');
    assert.equal(rec.cards.filter((c) => c.id === 'call_c').at(-1)?.state, 'done');
    const charged = Math.round((before - sim.credits(sim.keys.helyxPro)) * 100) / 100;
    assert.equal(end.spent, charged, 'the total is what the simulator charged');
    assert.equal(end.spentEstimated, false);
  });

  it('a denied edit goes back to the model as the result and the task goes on', async () => {
    const asked: string[] = [];
    const { id, loop, rec } = start({ ask: ['edit', 'command'], approve: async (callId) => (asked.push(callId), callId !== 'call_deny') });
    const seen = sim.toolResults.length;
    ran.length = 0;
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: 'call_deny', name: 'edit_file', arguments: { path: 'a.ts' } }] });
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: 'call_ok', name: 'run_command', arguments: { command: 'npm test' } }] });
    sim.scriptReply({ marker: id, text: 'Left a.ts alone.' });
    const end = await loop.run();
    assert.equal(end.status, 'done');
    assert.deepEqual(asked, ['call_deny', 'call_ok']);
    assert.deepEqual(ran, ['run npm test'], 'the denied edit did not run');
    const results = sim.toolResults.slice(seen);
    assert.equal(results[0]?.content, 'The user denied this change to a.ts; it was not made.');
    const states = rec.cards.filter((c) => c.id === 'call_deny').map((c) => c.state);
    // An edit is asked for once its proposal is built, while it runs.
    assert.deepEqual(states, ['running', 'awaitingApproval', 'denied', 'denied']);
    assert.equal(rec.cards.find((c) => c.id === 'call_deny' && c.state === 'awaitingApproval')?.approval?.detail, 'Edit a.ts');
  });

  it('the budget gate never sends the request that would cross it: the task pauses, and goes on when raised', async () => {
    const { id, loop, rec } = start({ budget: 21.5 });
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts' } }] });
    sim.scriptReply({ marker: id, text: 'All read.' });
    const sent = hits(sim, '/chat/completions');
    const done = loop.run();
    while (rec.tasks.at(-1)?.status === 'running') await new Promise((r) => setTimeout(r, 20));
    const paused = rec.tasks.at(-1)!;
    assert.equal(paused.status, 'paused', `estimates ${rec.estimates.join(', ')}, spent ${paused.spent}`);
    assert.equal(hits(sim, '/chat/completions'), sent + 1, 'only the first step reached the simulator');
    assert.ok(rec.estimates[0]! <= 21.5 && paused.spent + rec.estimates[1]! > 21.5, `estimates ${rec.estimates.join(', ')}`);
    assert.equal(paused.reason?.startsWith(`Budget reached: spent ${formatCredits(paused.spent)} of ${formatCredits(21.5)} credits`), true, paused.reason);
    loop.raiseBudget(1000);
    const end = await done;
    assert.equal(end.status, 'done');
    assert.equal(end.budget, 1000);
    assert.equal(hits(sim, '/chat/completions'), sent + 2);
  });

  it('Stop while paused at the budget ends the task; the crossing request is never sent', async () => {
    const abort = new AbortController();
    const { id, loop, rec } = start({ budget: 1, signal: abort.signal });
    sim.scriptReply({ marker: id, text: 'never sent' });
    const sent = hits(sim, '/chat/completions');
    const done = loop.run();
    while (rec.tasks.at(-1)?.status === 'running') await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    const end = await done;
    assert.equal(end.status, 'stopped');
    assert.match(end.reason ?? '', /^Budget reached: spent 0 of 1 credits/);
    assert.equal(hits(sim, '/chat/completions'), sent);
    assert.equal(rec.steps, 0);
  });

  it('the same call three times in a row stops the task with a message; the third is not run', async () => {
    const { id, loop } = start();
    ran.length = 0;
    for (let i = 0; i < 3; i++) sim.scriptReply({ marker: id, text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'loop.ts' } }] });
    sim.scriptReply({ marker: id, text: 'unused' });
    const end = await loop.run();
    assert.equal(end.status, 'stopped');
    assert.match(end.reason ?? '', /same call \(read_file with the same arguments\) 3 times in a row/);
    assert.deepEqual(ran, ['read loop.ts', 'read loop.ts']);
    assert.equal(end.step, 3);
  });

  it('stops at maxSteps', async () => {
    const { id, loop } = start({ maxSteps: 2 });
    for (let i = 0; i < 3; i++) sim.scriptReply({ marker: id, text: '', toolCalls: [{ name: 'read_file', arguments: { path: `f${i}.ts` } }] });
    const sent = hits(sim, '/chat/completions');
    const end = await loop.run();
    assert.equal(end.status, 'stopped');
    assert.match(end.reason ?? '', /^Step limit reached: 2 steps/);
    assert.equal(hits(sim, '/chat/completions'), sent + 2);
  });

  it('a failed turn ends the task as failed', async () => {
    const { loop } = start();
    sim.injectFault({ fault: { kind: 'status', status: 400, body: { error: { message: 'Bad request for this test.' } } }, path: '/chat/completions' });
    const end = await loop.run();
    assert.equal(end.status, 'failed');
    assert.equal(end.step, 1);
  });
});
