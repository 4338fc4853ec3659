// One image request, start to finish, without the editor: ask the gateway, then put every image it
// returned (inline base64 or a link) into the folder under a name from the prompt and the time,
// with a sidecar saying what made it. Plain Node, no vscode.
import type { Billing, ImageRequest, ImageResult, Usage } from '../gateway/types';
import { writeFileAtomically } from './atomicFile';
import { mediaBaseName } from './fileNames';
import { GatewayError } from '../gateway/errors';
import { formatBytes } from '../gateway/download';
import { downloadToFolder, wrongMediaError, type Downloader } from './mediaDownload';
import { extensionFor, sniffMediaType } from './mediaTypes';
import { writeSidecar } from './sidecar';

export interface ImageGateway extends Downloader {
  generateImage(req: ImageRequest): Promise<ImageResult>;
  imageViaChat(req: ImageRequest): Promise<ImageResult & { usage?: Usage }>;
}

export interface GenerateImagesInput {
  gateway: ImageGateway;
  request: ImageRequest;
  /** Already confined and created. */
  folder: string;
  providerName: string;
  maxBytes: number;
  date?: Date;
  /** Credits the request is expected to cost, for the sidecar when the gateway does not say. */
  expectedCredits?: number;
  /** The model is a chat model: ask it in a chat and take the image from its answer. */
  viaChat?: boolean;
  /**
   * Called once the gateway has answered and before any file is written: it has charged by
   * then, so the spend is recorded even when a download or a write fails afterwards.
   */
  onCharged?: (charge: ImageCharge) => void;
}

export interface ImageCharge {
  images: number;
  billing?: Billing;
  usage?: Usage;
}

export interface SavedImage {
  path: string;
  contentType: string;
  sidecar?: string;
}

export interface GenerateImagesOutcome {
  images: SavedImage[];
  billing?: Billing;
  /** Tokens, when a chat model made the image (billed per token). */
  usage?: Usage;
  revisedPrompt?: string;
}

export async function generateImagesInto(input: GenerateImagesInput): Promise<GenerateImagesOutcome> {
  const { gateway, request, folder } = input;
  const result: ImageResult & { usage?: Usage } = input.viaChat ? await gateway.imageViaChat(request) : await gateway.generateImage(request);
  input.onCharged?.({ images: result.images.length, ...(result.billing ? { billing: result.billing } : {}), ...(result.usage ? { usage: result.usage } : {}) });
  const date = input.date ?? new Date();
  const baseName = mediaBaseName(request.prompt, date, 'image');
  const signal = request.signal;
  const saved: SavedImage[] = [];
  for (const image of result.images) {
    signal?.throwIfAborted();
    let file: { path: string; contentType: string };
    if (image.kind === 'b64') {
      // An inline image is a download that came with the answer: the same size limit holds.
      if (image.data.byteLength > input.maxBytes) throw inlineTooLarge(input.maxBytes);
      // The bytes decide; a declared type that the bytes contradict is refused.
      const sniffed = sniffMediaType(image.data.subarray(0, 32));
      const extension = sniffed ? extensionFor(sniffed, 'image') : undefined;
      if (!sniffed || !extension) throw wrongMediaError('image', image.mimeType ?? 'unrecognised data');
      const path = await writeFileAtomically(folder, `${baseName}.${extension}`, image.data, signal ? { signal } : {});
      file = { path, contentType: sniffed };
    } else {
      file = await downloadToFolder(gateway, image.url, { folder, baseName, kind: 'image', maxBytes: input.maxBytes, ...(signal ? { signal } : {}) });
    }
    const credits = result.billing?.creditsCharged ?? input.expectedCredits;
    // The image is the point; a sidecar that cannot be written must not lose it.
    const sidecar = await writeSidecar(file.path, {
      kind: 'image',
      prompt: request.prompt,
      model: request.model,
      provider: input.providerName,
      createdAt: date,
      ...(result.revisedPrompt ? { revisedPrompt: result.revisedPrompt } : {}),
      ...(request.size ? { size: request.size } : {}),
      ...(request.quality ? { quality: request.quality } : {}),
      ...(credits !== undefined ? { credits: credits / Math.max(1, result.images.length) } : {}),
    }).catch(() => undefined);
    saved.push({ ...file, ...(sidecar ? { sidecar } : {}) });
  }
  return { images: saved, ...(result.billing ? { billing: result.billing } : {}), ...(result.usage ? { usage: result.usage } : {}), ...(result.revisedPrompt ? { revisedPrompt: result.revisedPrompt } : {}) };
}

function inlineTooLarge(limit: number): GatewayError {
  return new GatewayError({
    kind: 'too-large',
    explanation: `The image is larger than the ${formatBytes(limit)} limit: refused. Raise the limit to keep it.`,
    action: 'none',
    retryable: false,
  });
}
