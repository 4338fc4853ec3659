// HelyxAI under /api/v1, as its reference describes it: chat completions with a `helyx` billing
// object, per-key daily credits, Pro-plan gating, image and video models. The reference documents
// no GET /models, so that path is a 404 and clients fall back to their catalogue.
import { round2, usageFor } from './billing';
import { helyxModel, type HelyxModel } from './catalogue';
import { sendCompletion, type Completion, type HelyxBilling } from './chat';
import { sendError } from './errors';
import { generateImages, serveFile, videoUrl } from './files';
import { sendJson, type RouteContext } from './http-io';
import { defaultReply, lastUserText } from './reply';
import { admit, chatBodyProblem, imageCountProblem, jsonObject, toolProblem, type ChatMessageIn } from './request-checks';
import { sentToolCalls } from './toolCalls';
import type { SimState } from './state';
import type { SimAccount } from './types';
import type { VideoTask } from './videos';

export const HELYX_BASE_PATH = '/api/v1';
const MAX_TOKENS_CAP = 4096;

export async function handleHelyx(ctx: RouteContext, route: string, sim: SimState): Promise<void> {
  const { method } = ctx;
  const file = /^\/files\/([\w.-]+)$/.exec(route);
  if (file) return serveFile(ctx, file[1], 'helyx', sim);
  const task = /^\/videos\/generations\/([\w-]+)$/.exec(route);
  if (method === 'POST' && route === '/chat/completions') return chat(ctx, sim);
  if (method === 'POST' && route === '/images/generations') return images(ctx, sim);
  if (method === 'POST' && route === '/videos/generations') return submitVideo(ctx, sim);
  if (method === 'GET' && task) return pollVideo(ctx, task[1], sim);
  sendError(ctx.res, 'helyx', 404, `Not found: ${method} ${HELYX_BASE_PATH}${route} is not part of the HelyxAI API.`, {
    type: 'not_found',
  });
}

interface Caller {
  key: string;
  account: SimAccount;
}

function caller(ctx: RouteContext, sim: SimState): Caller | undefined {
  const key = admit(ctx, 'helyx', (k) => sim.accounts.has(k), sim);
  const account = key === undefined ? undefined : sim.accounts.get(key);
  return key !== undefined && account ? { key, account } : undefined;
}

/** The model when it exists, has the right kind and the plan allows it; otherwise the error is sent. */
function usableModel(ctx: RouteContext, id: unknown, account: SimAccount, kinds: HelyxModel['kind'][]): HelyxModel | undefined {
  const model = helyxModel(id);
  if (!model) {
    sendError(ctx.res, 'helyx', 404, `Model '${String(id)}' not found. Check the model list.`, { type: 'model_not_found' });
    return undefined;
  }
  if (!kinds.includes(model.kind)) {
    const where = { chat: 'POST /chat/completions', image: 'POST /images/generations', video: 'POST /videos/generations' };
    sendError(ctx.res, 'helyx', 400, `${model.id} is a ${model.kind} model: use ${where[model.kind]}.`, {
      type: 'invalid_request_error',
    });
    return undefined;
  }
  if (model.pro && account.plan === 'free') {
    sendError(ctx.res, 'helyx', 403, `${model.id} requires a Plus plan or higher.`, { type: 'plan_required' });
    return undefined;
  }
  return model;
}

/** Deducts the cost, or sends 402 and returns undefined when the balance cannot cover it. */
function charge(ctx: RouteContext, account: SimAccount, cost: number): HelyxBilling | undefined {
  if (account.credits <= 0) {
    sendError(ctx.res, 'helyx', 402, "You've used all of today's credits.", { type: 'insufficient_quota' });
    return undefined;
  }
  if (account.credits < cost) {
    sendError(ctx.res, 'helyx', 402, `Insufficient credits: this request costs ${round2(cost)} credits and ${account.credits} remain today.`, {
      type: 'insufficient_quota',
    });
    return undefined;
  }
  account.credits = round2(account.credits - cost);
  return { credits_charged: round2(cost), credits_remaining: account.credits };
}

async function chat(ctx: RouteContext, sim: SimState): Promise<void> {
  const who = caller(ctx, sim);
  const body = who && jsonObject(ctx, 'helyx');
  if (!who || !body) return;
  const problem = chatBodyProblem(body, MAX_TOKENS_CAP);
  if (problem) return sendError(ctx.res, 'helyx', 400, problem, { type: 'invalid_request_error' });
  const model = usableModel(ctx, body.model, who.account, ['chat', 'image']);
  if (!model) return;
  if (model.tools === false && body.tools !== undefined) {
    return sendError(ctx.res, 'helyx', 400, `${model.id} does not support tools.`, { type: 'invalid_request_error' });
  }
  const toolIssue = toolProblem(body, ctx.path, sim);
  if (toolIssue) return sendError(ctx.res, 'helyx', 400, toolIssue, { type: 'invalid_request_error' });
  const messages = body.messages as ChatMessageIn[];
  const question = lastUserText(messages);

  if (model.kind === 'image') {
    // A gateway that answers a chat request with an image: the content is a markdown image link.
    const helyx = charge(ctx, who.account, model.rate);
    if (!helyx) return;
    const [entry] = generateImages(sim, HELYX_BASE_PATH, question, 1, 'url');
    const alt = question.replace(/[[\]\n]/g, ' ').slice(0, 80) || 'generated image';
    const text = `![${alt}](${'url' in entry ? entry.url : ''})`;
    const completion: Completion = { model: model.id, text, reasoningField: 'reasoning_content', chunks: 1, usage: usageFor(messages, text), helyx };
    return sendCompletion(ctx.res, completion, body, ctx.path, sim);
  }
  // Found, and only used up once the request is paid for.
  const script = sim.findScript(messages);
  const text = script?.text ?? defaultReply(question, model.id);
  const calls = script?.toolCalls ? sentToolCalls(script.toolCalls) : undefined;
  const usage = usageFor(messages, text + (script?.reasoning ?? '') + (calls ?? []).map((c) => c.name + c.argumentsText).join(''));
  const helyx = charge(ctx, who.account, usage.total_tokens * model.rate);
  if (!helyx) return;
  sim.useScript(script);
  const completion: Completion = {
    model: model.id,
    text,
    reasoning: script?.reasoning,
    reasoningField: 'reasoning_content',
    chunks: script?.chunks,
    usage,
    helyx,
    ...(calls && script ? { tools: { calls, script } } : {}),
    ...(script?.finishReason ? { finishReason: script.finishReason } : {}),
  };
  await sendCompletion(ctx.res, completion, body, ctx.path, sim);
}

function images(ctx: RouteContext, sim: SimState): void {
  const who = caller(ctx, sim);
  const body = who && jsonObject(ctx, 'helyx');
  if (!who || !body) return;
  if (typeof body.model !== 'string' || body.model === '') return sendError(ctx.res, 'helyx', 400, 'Missing required field: model.');
  const problem = imageCountProblem(body);
  if (problem) return sendError(ctx.res, 'helyx', 400, problem);
  const model = usableModel(ctx, body.model, who.account, ['image']);
  if (!model) return;
  const n = (body.n as number | undefined) ?? 1;
  const helyx = charge(ctx, who.account, model.rate * n);
  if (!helyx) return;
  const data = generateImages(sim, HELYX_BASE_PATH, body.prompt as string, n, body.response_format);
  sendJson(ctx.res, 200, { created: Math.floor(Date.now() / 1000), data, helyx });
}

function submitVideo(ctx: RouteContext, sim: SimState): void {
  const who = caller(ctx, sim);
  const body = who && jsonObject(ctx, 'helyx');
  if (!who || !body) return;
  if (typeof body.model !== 'string' || body.model === '') return sendError(ctx.res, 'helyx', 400, 'Missing required field: model.');
  if (typeof body.prompt !== 'string' || body.prompt.trim() === '') return sendError(ctx.res, 'helyx', 400, 'Missing required field: prompt.');
  const model = usableModel(ctx, body.model, who.account, ['video']);
  if (!model) return;
  // Charged on submit and not refunded on failure.
  const helyx = charge(ctx, who.account, model.rate);
  if (!helyx) return;
  const task = sim.videos.create('helyx', who.key, model.id, body.prompt);
  sendJson(ctx.res, 200, { task_id: task.id, status: 'pending', progress: 0, model: task.model, created: task.created, helyx });
}

function pollVideo(ctx: RouteContext, id: string, sim: SimState): void {
  const who = caller(ctx, sim);
  if (!who) return;
  const task = sim.videos.find(id, 'helyx', who.key);
  if (!task) return sendError(ctx.res, 'helyx', 404, `Video task '${id}' not found.`, { type: 'not_found' });
  sendJson(ctx.res, 200, helyxTaskView(task, sim));
}

function helyxTaskView(task: VideoTask, sim: SimState): Record<string, unknown> {
  const base = { task_id: task.id, model: task.model, created: task.created };
  const step = sim.videos.poll(task);
  if (step.phase === 'working') return { ...base, status: 'processing', progress: step.progress };
  if (step.phase === 'failed') {
    return { ...base, status: 'failed', progress: 100, error: { message: 'Video generation failed upstream.', type: 'generation_failed', code: '500' } };
  }
  return { ...base, status: 'completed', progress: 100, video_url: videoUrl(sim, HELYX_BASE_PATH, task) };
}
