// HeyToken under /v1 (and at the root, as its embeddings example and its Python quickstart's base URL
// imply): /models, chat with SSE and the `reasoning` flag, embeddings, images, async video tasks.
// HeyToken reports no balance; a key whose balance is set to 0 or less gets 402.
import { createHash } from 'node:crypto';
import { estimateTokens, usageFor } from './billing';
import { HEYTOKEN_IMAGE_QUALITIES, HEYTOKEN_IMAGE_SIZES, HEYTOKEN_MODELS, heytokenModel, type HeytokenModel } from './catalogue';
import { sendCompletion, type Completion } from './chat';
import { sendError } from './errors';
import { generateImages, serveFile, videoUrl } from './files';
import { sendJson, type RouteContext } from './http-io';
import { defaultReasoning, defaultReply, lastUserText } from './reply';
import { admit, chatBodyProblem, imageCountProblem, jsonObject, toolProblem, type ChatMessageIn } from './request-checks';
import { sentToolCalls } from './toolCalls';
import type { SimState } from './state';
import type { VideoTask } from './videos';

export const HEYTOKEN_BASE_PATH = '/v1';
const MODELS_CREATED = 1_717_200_000;

export async function handleHeytoken(ctx: RouteContext, route: string, sim: SimState): Promise<void> {
  const { method } = ctx;
  const file = /^\/files\/([\w.-]+)$/.exec(route);
  if (file) return serveFile(ctx, file[1], 'heytoken', sim);
  const task = /^\/videos\/generations\/([\w-]+)$/.exec(route);
  if (method === 'GET' && route === '/models') return models(ctx, sim);
  if (method === 'POST' && route === '/chat/completions') return chat(ctx, sim);
  if (method === 'POST' && route === '/embeddings') return embeddings(ctx, sim);
  if (method === 'POST' && route === '/images/generations') return images(ctx, sim);
  if (method === 'POST' && route === '/videos/generations') return submitVideo(ctx, sim);
  if (method === 'GET' && task) return pollVideo(ctx, task[1], sim);
  sendError(ctx.res, 'heytoken', 404);
}

/** The key when known, within limits and, for paid endpoints, in credit; otherwise the error is sent. */
function caller(ctx: RouteContext, sim: SimState, paid: boolean): string | undefined {
  const key = admit(ctx, 'heytoken', (k) => sim.heytokenBalances.has(k), sim);
  if (key !== undefined && paid && (sim.heytokenBalances.get(key) ?? 0) <= 0) {
    sendError(ctx.res, 'heytoken', 402);
    return undefined;
  }
  return key;
}

function usableModel(ctx: RouteContext, id: unknown, kind: HeytokenModel['kind'], what: string): HeytokenModel | undefined {
  if (typeof id !== 'string' || id === '') {
    sendError(ctx.res, 'heytoken', 400, 'Missing required field: model.', { code: 'missing_required_parameter' });
    return undefined;
  }
  const model = heytokenModel(id);
  if (!model) {
    sendError(ctx.res, 'heytoken', 404, `The model \`${id}\` does not exist or you do not have access to it.`, { code: 'model_not_found' });
    return undefined;
  }
  if (model.kind !== kind) {
    sendError(ctx.res, 'heytoken', 400, `The model \`${id}\` does not support ${what}.`, { code: 'model_not_supported' });
    return undefined;
  }
  return model;
}

function models(ctx: RouteContext, sim: SimState): void {
  if (caller(ctx, sim, false) === undefined) return;
  const data = HEYTOKEN_MODELS.map((m) => ({ id: m.id, object: 'model', created: MODELS_CREATED, owned_by: m.ownedBy }));
  sendJson(ctx.res, 200, { object: 'list', data });
}

async function chat(ctx: RouteContext, sim: SimState): Promise<void> {
  const body = caller(ctx, sim, true) !== undefined ? jsonObject(ctx, 'heytoken') : undefined;
  if (!body) return;
  const problem = chatBodyProblem(body);
  if (problem) return sendError(ctx.res, 'heytoken', 400, problem, { code: 'invalid_request' });
  const model = usableModel(ctx, body.model, 'chat', 'chat completions');
  if (!model) return;
  if (model.tools === false && body.tools !== undefined) {
    return sendError(ctx.res, 'heytoken', 400, "Unsupported parameter: 'tools' is not supported with this model.", { code: 'unsupported_parameter' });
  }
  const toolIssue = toolProblem(body, ctx.path, sim);
  if (toolIssue) return sendError(ctx.res, 'heytoken', 400, toolIssue, { code: 'invalid_request' });
  const messages = body.messages as ChatMessageIn[];
  const question = lastUserText(messages);
  const script = sim.takeScript(messages);
  const text = script?.text ?? defaultReply(question, model.id);
  // Scripted reasoning is sent whatever the model; otherwise only reasoning models honour the flag.
  const reasoning = script?.reasoning ?? (body.reasoning === true && model.reasoningField ? defaultReasoning(question) : undefined);
  const calls = script?.toolCalls ? sentToolCalls(script.toolCalls) : undefined;
  const usage = usageFor(messages, text + (reasoning ?? '') + (calls ?? []).map((c) => c.name + c.argumentsText).join(''));
  const completion: Completion = {
    model: model.id,
    text,
    reasoning,
    reasoningField: model.reasoningField ?? 'reasoning_content',
    chunks: script?.chunks,
    usage,
    ...(calls && script ? { tools: { calls, script } } : {}),
    ...(script?.finishReason ? { finishReason: script.finishReason } : {}),
  };
  await sendCompletion(ctx.res, completion, body, ctx.path, sim);
}

function embeddings(ctx: RouteContext, sim: SimState): void {
  const body = caller(ctx, sim, true) !== undefined ? jsonObject(ctx, 'heytoken') : undefined;
  if (!body) return;
  const model = usableModel(ctx, body.model, 'embedding', 'embeddings');
  if (!model) return;
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((i) => typeof i !== 'string')) {
    return sendError(ctx.res, 'heytoken', 400, "'input' must be a string or a non-empty array of strings.", { code: 'invalid_request' });
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return sendError(ctx.res, 'heytoken', 400, "encoding_format must be 'float' or 'base64'.", { code: 'invalid_request' });
  }
  const data = (inputs as string[]).map((text, index) => {
    const vector = embed(text);
    const embedding = format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = (inputs as string[]).reduce((sum, text) => sum + estimateTokens(text), 0);
  sendJson(ctx.res, 200, { object: 'list', data, model: model.id, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** 8 dimensions from a hash of the text, unit length, so equal texts give equal vectors. */
export function embed(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  const raw = Array.from({ length: 8 }, (_, i) => digest.readInt16BE(i * 2) / 32768);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((v) => Math.fround(v / norm));
}

function images(ctx: RouteContext, sim: SimState): void {
  const body = caller(ctx, sim, true) !== undefined ? jsonObject(ctx, 'heytoken') : undefined;
  if (!body) return;
  const model = usableModel(ctx, body.model, 'image', 'image generation');
  if (!model) return;
  const problem = imageCountProblem(body);
  if (problem) return sendError(ctx.res, 'heytoken', 400, problem, { code: 'invalid_request' });
  if (body.size !== undefined && !HEYTOKEN_IMAGE_SIZES.includes(body.size as string)) {
    return sendError(ctx.res, 'heytoken', 400, `Invalid size '${String(body.size)}'. Supported sizes: ${HEYTOKEN_IMAGE_SIZES.join(', ')}.`, {
      code: 'invalid_size',
    });
  }
  if (body.quality !== undefined && !HEYTOKEN_IMAGE_QUALITIES.includes(body.quality as string)) {
    return sendError(ctx.res, 'heytoken', 400, `Invalid quality '${String(body.quality)}'. Use 'standard' or 'hd'.`, { code: 'invalid_quality' });
  }
  const prompt = body.prompt as string;
  const entries = generateImages(sim, HEYTOKEN_BASE_PATH, prompt, (body.n as number | undefined) ?? 1, body.response_format);
  const data = model.id === 'dall-e-3' ? entries.map((e) => ({ ...e, revised_prompt: `${prompt}, highly detailed` })) : entries;
  sendJson(ctx.res, 200, { created: Math.floor(Date.now() / 1000), data });
}

function submitVideo(ctx: RouteContext, sim: SimState): void {
  const key = caller(ctx, sim, true);
  const body = key !== undefined ? jsonObject(ctx, 'heytoken') : undefined;
  if (key === undefined || !body) return;
  const model = usableModel(ctx, body.model, 'video', 'video generation');
  if (!model) return;
  if (typeof body.prompt !== 'string' || body.prompt.trim() === '') {
    return sendError(ctx.res, 'heytoken', 400, 'Missing required field: prompt.', { code: 'missing_required_parameter' });
  }
  const task = sim.videos.create('heytoken', key, model.id, body.prompt);
  sendJson(ctx.res, 200, { ...taskBase(task), status: 'queued', progress: 0 });
}

function pollVideo(ctx: RouteContext, id: string, sim: SimState): void {
  const key = caller(ctx, sim, false);
  if (key === undefined) return;
  const task = sim.videos.find(id, 'heytoken', key);
  if (!task) return sendError(ctx.res, 'heytoken', 404, `No video task with id '${id}'.`, { code: 'task_not_found' });
  const step = sim.videos.poll(task);
  if (step.phase === 'working') return sendJson(ctx.res, 200, { ...taskBase(task), status: 'in_progress', progress: step.progress });
  if (step.phase === 'failed') {
    const error = { message: 'Content policy violation: the prompt was rejected by the upstream provider.', code: 'content_policy_violation' };
    return sendJson(ctx.res, 200, { ...taskBase(task), status: 'failed', progress: 100, error });
  }
  sendJson(ctx.res, 200, { ...taskBase(task), status: 'succeeded', progress: 100, video_url: videoUrl(sim, HEYTOKEN_BASE_PATH, task) });
}

function taskBase(task: VideoTask): Record<string, unknown> {
  return { id: task.id, task_id: task.id, object: 'video.generation', model: task.model, created_at: task.created };
}
