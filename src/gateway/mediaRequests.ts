// Images and videos from one gateway, over the shared request core (key, limiter, timeouts, error
// mapping, log). The answers' shapes are read by mediaResponses.ts; what a chat model's answer may
// link to is decided by imageLinks.ts.
import { isLocalhost } from './baseUrl';
import { usageFrom } from './chatChunks';
import { GatewayError, protocolError } from './errors';
import { fetchableImages } from './imageLinks';
import { imagesFromChatMessage, imagesFromGenerations, videoSubmission, videoTaskFrom } from './mediaResponses';
import type { Json, RequestCore } from './requestCore';
import type { ImageRequest, ImageResult, Usage, VideoRequest, VideoSubmitResult, VideoTaskInfo } from './types';
import { mapVideoStatus } from './videoStatus';

/** `/images/generations`; a gateway without it gets the prompt as a chat and its answer's image. */
export async function generateImage(core: RequestCore, req: ImageRequest): Promise<ImageResult> {
  const body: Json = { model: req.model, prompt: req.prompt };
  if (req.n !== undefined) body.n = req.n;
  if (req.size) body.size = req.size;
  if (req.quality) body.quality = req.quality;
  if (req.responseFormat) body.response_format = req.responseFormat;
  try {
    const answer = await core.call('POST', '/images/generations', req.model, req.signal, (signal) =>
      core.sdk.post<unknown>('/images/generations', { body, signal }),
    );
    const { images: all, revisedPrompt } = imagesFromGenerations(answer);
    // Never more than were asked for (and paid for): a gateway that sends extra does not fill the disk.
    const images = all.slice(0, Math.max(1, req.n ?? 1));
    if (images.length === 0) throw protocolError('the answer contained no image', core.urlFor('/images/generations'));
    const billing = core.billingOf(answer);
    return { images, ...(billing ? { billing } : {}), ...(revisedPrompt ? { revisedPrompt } : {}) };
  } catch (error) {
    if (!(error instanceof GatewayError) || (error.kind !== 'not-found' && error.kind !== 'bad-base-url')) throw error;
    return imageViaChat(core, req);
  }
}

/**
 * Asks a chat model for an image (gateways such as HelyxAI's nano-banana or OpenRouter answer
 * image prompts in a chat): the image comes from the message's `images` field, a markdown image
 * or a data: URL in its text.
 */
export async function imageViaChat(core: RequestCore, req: ImageRequest): Promise<ImageResult & { usage?: Usage }> {
  const answer = await core.call('POST', '/chat/completions', req.model, req.signal, (signal) =>
    core.sdk.chat.completions.create({ model: req.model, messages: [{ role: 'user', content: req.prompt }], stream: false }, { signal }),
  );
  const raw = answer as unknown as Json;
  const choice = Array.isArray(raw.choices) ? (raw.choices[0] as Json | undefined) : undefined;
  const found = await imagesFromChatMessage(choice?.message);
  // A chat model's answer is model output: its links are fetched only from public hosts (unless
  // the gateway itself is local), and no more of them than images were asked for.
  const images = fetchableImages(found, isLocalhost(core.baseUrl)).slice(0, Math.max(1, req.n ?? 1));
  if (images.length === 0) {
    const why = found.length > 0 ? `${req.model} answered only with image links on hosts Switchboard does not fetch from` : `${req.model} answered without an image`;
    throw protocolError(why, core.urlFor('/chat/completions'));
  }
  const billing = core.billingOf(raw);
  const usage = usageFrom(raw.usage);
  return { images, ...(billing ? { billing } : {}), ...(usage ? { usage } : {}) };
}

/** Starts an async video task: `POST /videos/generations` → task id. */
export async function submitVideo(core: RequestCore, req: VideoRequest): Promise<VideoSubmitResult> {
  const body: Json = { model: req.model, prompt: req.prompt };
  if (req.seconds !== undefined) body.duration = req.seconds;
  if (req.size) body.size = req.size;
  const answer = await core.call('POST', '/videos/generations', req.model, req.signal, (signal) =>
    core.sdk.post<unknown>('/videos/generations', { body, signal }),
  );
  const { taskId, rawStatus } = videoSubmission(answer, unknownStatus(core));
  if (!taskId) throw protocolError('the answer carried no task id', core.urlFor('/videos/generations'));
  const billing = core.billingOf(answer);
  return { taskId, status: mapVideoStatus(rawStatus), rawStatus, ...(billing ? { billing } : {}) };
}

/** One poll of a video task: `GET /videos/generations/{id}`. Polls take no limiter slot. */
export async function getVideoTask(core: RequestCore, taskId: string, options: { signal?: AbortSignal } = {}): Promise<VideoTaskInfo> {
  const path = `/videos/generations/${encodeURIComponent(taskId)}`;
  const answer = await core.call('GET', path, undefined, options.signal, (signal) => core.sdk.get<unknown>(path, { signal }), false);
  const info = videoTaskFrom(taskId, answer, unknownStatus(core));
  if (info.videoUrl) {
    try {
      info.videoUrl = new URL(info.videoUrl, `${core.baseUrl}/`).toString();
    } catch {
      delete info.videoUrl;
    }
  }
  return info;
}

function unknownStatus(core: RequestCore): (word: string) => void {
  return (word) => core.warn(`Unknown video status "${word}" from ${core.preset.displayName}; treating it as running.`);
}
