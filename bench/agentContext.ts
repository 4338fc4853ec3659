// Tokens sent per step of a 20-step agent task: each step reads another 8 KB file, as an agent
// exploring a codebase does. Without shortening every step re-sends all earlier results and the
// prompt (and its price) grows step by step; with the loop's shortening of older tool results it
// levels off below the model's context window. Prompt tokens are the simulator's own count (what a
// gateway bills), for the loop as shipped and for the same task with shortening switched off.
// Standalone: `npx tsx bench/agentContext.ts`.
import { z } from 'zod';
import { AgentLoop } from '../src/agent/agentLoop';
import { defineTool, type ToolContext } from '../src/agent/tool';
import { BillingLedger } from '../src/gateway/ledger';
import { GatewayClient } from '../src/gateway/client';
import { PROVIDERS } from '../src/gateway/providers';
import { runTurn } from '../src/gateway/turnRunner';
import { startSimulator } from '../test/sim/server';

const STEPS = 20;
const CONTEXT_WINDOW = 32_000;
const FILE = (i: number): string => Array.from({ length: 160 }, (_, line) => `export const value${i}_${line} = compute(${line}, "file ${i}");`).join('\n');

async function task(label: string, keepTokens?: number): Promise<number[]> {
  const sim = await startSimulator();
  try {
    const client = new GatewayClient({ preset: PROVIDERS.helyx, baseUrl: sim.helyxBaseUrl, apiKey: sim.keys.helyxPro, maxRetries: 0 });
    const ledger = new BillingLedger({ preset: PROVIDERS.helyx });
    const marker = `bench-${label}`;
    for (let i = 0; i < STEPS - 1; i++) sim.scriptReply({ marker, text: '', toolCalls: [{ name: 'read_file', arguments: { path: `src/file${i}.ts` } }] });
    sim.scriptReply({ marker, text: 'Read them all.' });
    const read = defineTool({ name: 'read_file', description: 'Read a file.', kind: 'read', input: z.object({ path: z.string() }), run: async ({ path }) => FILE(Number(/\d+/.exec(path)?.[0] ?? 0)) });
    const prompts: number[] = [];
    const loop = new AgentLoop<ToolContext>({
      id: marker,
      model: 'helyx-3.5',
      messages: [{ role: 'system', content: 'agent' }, { role: 'user', content: `Read the twenty files. ${marker}` }],
      tools: [read],
      budget: 1_000_000,
      maxSteps: 25,
      contextWindow: CONTEXT_WINDOW,
      ...(keepTokens !== undefined ? { keepTokens } : {}),
      signal: new AbortController().signal,
      runTurn: async (request, callbacks) => {
        const result = await runTurn({ client, ledger }, { ...request, maxTokens: 500 }, callbacks);
        prompts.push(result.usage?.promptTokens ?? NaN);
        return result;
      },
      needsApproval: () => false,
      host: { stepStarted: () => undefined, text: () => undefined, reasoning: () => undefined, stepEnded: () => undefined, task: () => undefined, card: () => undefined, approve: async () => true, context: () => ({ signal: new AbortController().signal }) },
    });
    const end = await loop.run();
    if (keepTokens === undefined && (end.status !== 'done' || end.step !== STEPS)) throw new Error(`${label}: ${end.status} after ${end.step} steps: ${end.reason ?? ''}`);
    return prompts;
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  const shortened = await task('shortened');
  // Nothing ever shortened: what the same task costs without the loop's care.
  const unshortened = await task('unshortened', Number.POSITIVE_INFINITY);
  const last5 = shortened.slice(-5);
  console.log(
    JSON.stringify({
      steps: STEPS,
      contextWindow: CONTEXT_WINDOW,
      promptTokensPerStep: shortened,
      promptTokensPerStepWithoutShortening: unshortened,
      lastFiveSpread: Math.max(...last5) - Math.min(...last5),
      // Unshortened, the prompt outgrows the simulator's context limit and a step fails (null).
    unshortenedFailedAtStep: unshortened.some((n) => Number.isNaN(n)) ? unshortened.findIndex((n) => Number.isNaN(n)) + 1 : null,
    }),
  );
}

void main();
