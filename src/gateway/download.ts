// Downloads of generated media. The key goes only to the configured gateway's own origin: a CDN
// link (or a redirect to one) gets no Authorization header. The body is checked as it streams:
// content type up front, size from Content-Length and again byte by byte.
import { isLocalhost, originOf, pathForLog } from './baseUrl';
import { isPrivateHost } from './imageLinks';
import { GatewayError, networkError, safeUrl } from './errors';
import type { RequestCore } from './requestCore';
import { errorFromResponse, toGatewayError } from './sdkErrors';
import type { DownloadOptions, DownloadResult } from './types';

export interface DownloadContext {
  fetch: typeof fetch;
  baseUrl: string;
  apiKey?: string;
  providerName: string;
  /** Bytes (or a response) arrived: feeds the idle timeout. */
  activity?: () => void;
  /** When the download was aborted by a timeout, that timeout's error (it beats a bare abort). */
  abortError?: () => GatewayError | undefined;
  /** The body ended (`true`: completely) or was given up; timers can go. */
  onEnd?: (completed: boolean) => void;
}

const MAX_REDIRECTS = 5;

function tooLarge(limit: number, url: string | undefined): GatewayError {
  return new GatewayError({
    kind: 'too-large',
    explanation: `The download is larger than the ${formatBytes(limit)} limit: refused. Raise the limit to keep it.`,
    action: 'none',
    retryable: false,
    url,
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${bytes} B`;
}

/**
 * Opens a download of a generated file from (or linked by) the gateway behind `core`, with its
 * idle and total timeouts and a log line. The key is sent only when the URL is on the gateway's
 * own origin. The returned body enforces `maxBytes` as it is read.
 */
export async function downloadFrom(core: RequestCore, url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const started = performance.now();
  const where = core.shownUrl(url);
  const shown = pathForLog(where ?? '', core.baseUrl);
  // The idle and total timeouts hold for downloads too: a host that sends headers and then
  // nothing fails the download (and frees whatever waits on it) instead of hanging forever.
  const control = core.control(options.signal, where);
  control.startIdle();
  try {
    const result = await download(
      {
        fetch: core.baseFetch,
        baseUrl: core.baseUrl,
        apiKey: core.apiKey,
        providerName: core.preset.displayName,
        activity: () => control.touch(),
        abortError: () => (control.cancelledByUser() ? undefined : control.abortError()),
        onEnd: (completed) => control.dispose(completed),
      },
      url,
      { ...options, signal: control.signal },
    );
    core.log({ method: 'GET', path: shown, status: 200, ms: performance.now() - started });
    return result;
  } catch (error) {
    const failure = (control.cancelledByUser() ? undefined : control.abortError()) ?? core.mapError(error, { url: where });
    control.dispose();
    core.logFailure('GET', shown, started, failure);
    throw failure;
  }
}

export async function download(ctx: DownloadContext, rawUrl: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  let url: URL;
  try {
    url = new URL(rawUrl, `${ctx.baseUrl}/`);
  } catch {
    throw new GatewayError({ kind: 'bad-request', explanation: 'The download link is not a valid URL.', action: 'none', retryable: false });
  }
  const shown = (u: URL): string | undefined => safeUrl(u.toString(), ctx.apiKey);
  const gatewayOrigin = originOf(ctx.baseUrl);
  // A gateway out on the internet hands out links to the internet: a link (or a redirect) into
  // this machine or its private network is refused, so an answer cannot make the editor probe it.
  const gatewayIsNear = isLocalhost(ctx.baseUrl) || isPrivateHost(new URL(ctx.baseUrl).hostname);
  let response: Response | undefined;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new GatewayError({ kind: 'bad-request', explanation: 'The download link is not an http(s) URL: refused.', action: 'none', retryable: false, url: shown(url) });
    }
    if (!gatewayIsNear && url.origin !== gatewayOrigin && isPrivateHost(url.hostname)) {
      throw new GatewayError({ kind: 'bad-request', explanation: `The download link points into a private network (${url.host}): refused.`, action: 'none', retryable: false, url: shown(url) });
    }
    const headers: Record<string, string> = {};
    if (ctx.apiKey && url.origin === gatewayOrigin) headers.Authorization = `Bearer ${ctx.apiKey}`;
    try {
      // Redirects are followed by hand so the key is re-decided for every hop.
      response = await ctx.fetch(url, { headers, signal: options.signal, redirect: 'manual' });
      ctx.activity?.();
    } catch (error) {
      throw ctx.abortError?.() ?? toGatewayError(error, { url: shown(url), providerName: ctx.providerName, secrets: [ctx.apiKey] });
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => undefined);
      url = new URL(location, url);
      continue;
    }
    break;
  }
  if (!response || (response.status >= 300 && response.status < 400)) {
    throw networkError('too many redirects', shown(url));
  }
  if (response.status === 404 || response.status === 410) {
    // Not an endpoint or a model that is missing, as a 404 from the API would mean: the file is.
    await response.body?.cancel().catch(() => undefined);
    throw new GatewayError({
      kind: 'not-found',
      status: response.status,
      explanation: `${ctx.providerName} no longer has the generated file (${response.status} at ${shown(url) ?? 'its link'}).`,
      action: 'none',
      retryable: false,
      url: shown(url),
    });
  }
  if (!response.ok) {
    throw await errorFromResponse(response, { url: shown(url), providerName: ctx.providerName, secrets: [ctx.apiKey] });
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (options.expectContentType && !options.expectContentType.test(contentType)) {
    await response.body?.cancel().catch(() => undefined);
    throw new GatewayError({
      kind: 'protocol',
      explanation: `The download is ${contentType || 'of no stated type'}, not the expected media: refused.`,
      action: 'none',
      retryable: false,
      url: shown(url),
    });
  }
  const lengthHeader = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  const contentLength = Number.isFinite(lengthHeader) && lengthHeader >= 0 ? lengthHeader : undefined;
  const { maxBytes, onProgress } = options;
  if (maxBytes !== undefined && contentLength !== undefined && contentLength > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes, shown(url));
  }
  if (!response.body) throw networkError('the download had no body', shown(url));

  let received = 0;
  const where = shown(url);
  const reader = response.body.getReader();
  const errorContext = { url: where, providerName: ctx.providerName, secrets: [ctx.apiKey], midStream: true };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch (error) {
        controller.error(ctx.abortError?.() ?? toGatewayError(error, errorContext));
        ctx.onEnd?.(false);
        return;
      }
      if (result.done) {
        if (contentLength !== undefined && received !== contentLength) {
          controller.error(networkError(`got ${formatBytes(received)} of ${formatBytes(contentLength)}`, where, true));
          ctx.onEnd?.(false);
        } else {
          controller.close();
          ctx.onEnd?.(true);
        }
        return;
      }
      ctx.activity?.();
      received += result.value.byteLength;
      if (maxBytes !== undefined && received > maxBytes) {
        reader.cancel().catch(() => undefined);
        controller.error(tooLarge(maxBytes, where));
        ctx.onEnd?.(false);
        return;
      }
      controller.enqueue(result.value);
      onProgress?.(received, contentLength);
    },
    cancel(reason) {
      // The caller gave up on the body: close it, then let the timers go.
      return reader.cancel(reason).catch(() => undefined).finally(() => ctx.onEnd?.(false));
    },
  });
  return contentLength !== undefined ? { body, contentType, contentLength } : { body, contentType };
}
