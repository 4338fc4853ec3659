// Base URLs as people paste them ("api.heytoken.ai", ".../v1/", ".../v1/v1", the full
// ".../chat/completions" endpoint) turned into the one form the client appends paths to.
import { GatewayError } from './errors';
import { PROVIDERS, type ProviderId } from './providers';
import type { ProviderPreset } from './types';

const ENDPOINT_SUFFIXES = /\/(?:chat\/completions|completions|models|embeddings|images\/generations|videos\/generations)$/i;
const VERSION_SEGMENT = /\/v\d+(?:beta\d*|alpha\d*)?(?:\/|$)/i;
const LOCAL_HOST = /^(?:localhost|[^/]*\.localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|::1)$/i;

function badBaseUrl(raw: string, why: string): GatewayError {
  return new GatewayError({
    kind: 'bad-base-url',
    explanation: `The base URL "${raw}" ${why}: check the base URL setting.`,
    action: 'check-base-url',
    retryable: false,
  });
}

/**
 * Normalizes a base URL: adds a scheme when missing (http for local hosts), drops a trailing slash,
 * query and fragment, a pasted endpoint path, a doubled `/v1`, and adds the version path when it is
 * missing (the preset's `apiPath`: `/api/v1` for HelyxAI, `/v1` elsewhere). Throws a 'bad-base-url' GatewayError when the
 * text is not an http(s) URL.
 */
export function normalizeBaseUrl(raw: string, provider?: ProviderId | Pick<ProviderPreset, 'apiPath'>): string {
  const apiPath = (typeof provider === 'string' ? PROVIDERS[provider].apiPath : provider?.apiPath) ?? '/v1';
  const text = raw.trim();
  if (!text) throw badBaseUrl(raw, 'is empty');
  let withScheme = text;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // Plain http only for this machine: a key must not cross a network in the clear by default.
    withScheme = `${LOCAL_HOST.test(bareHost(text)) ? 'http' : 'https'}://${text}`;
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badBaseUrl(raw, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badBaseUrl(raw, 'must start with http:// or https://');
  if (url.username || url.password) throw badBaseUrl(url.host, 'must not contain a user name or password');

  let path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  // A pasted endpoint says exactly where the API lives: "host:8080/chat/completions" is a gateway
  // mounted at the root, and gets no version path added.
  const pastedEndpoint = ENDPOINT_SUFFIXES.test(path);
  while (ENDPOINT_SUFFIXES.test(path)) path = path.replace(ENDPOINT_SUFFIXES, '');
  path = path.replace(/(\/v\d+)(?:\1)+(?=\/|$)/gi, '$1').replace(/\/+$/, '');

  if (apiPath !== '/v1') {
    // A fixed API path (HelyxAI's /api/v1): any leading piece of it, or it twice, means it.
    const pieces = apiPath.split('/').filter(Boolean).map((p) => `/${p}`);
    if (path === '' || pieces.includes(path)) path = apiPath;
    else if (path === `${apiPath}${apiPath}`) path = apiPath;
  } else if (pastedEndpoint) {
    // kept as given
  } else if (path === '' || path === '/api') {
    path = `${path}/v1`;
  } else if (!VERSION_SEGMENT.test(`${path}/`) && /\/api$/i.test(path)) {
    path = `${path}/v1`;
  }
  return `${url.protocol}//${url.host}${path}`;
}

/** The host of a URL typed without a scheme: "[::1]:8080/v1" → "[::1]", "10.0.0.2:80" → "10.0.0.2". */
function bareHost(text: string): string {
  if (text.startsWith('[')) return text.slice(0, text.indexOf(']') + 1);
  return text.split(/[/:?#]/)[0] ?? '';
}

/** True for loopback hosts, where a local server (Ollama, LM Studio, the simulator) may need no key. */
export function isLocalhost(url: string): boolean {
  try {
    return LOCAL_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Origin of a URL, or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The path of `url` relative to `baseUrl` when it lives under it ("/chat/completions"), else the URL without its query. */
export function pathForLog(url: string, baseUrl: string): string {
  const clean = url.split(/[?#]/)[0] ?? url;
  return clean.startsWith(baseUrl) ? clean.slice(baseUrl.length) || '/' : clean;
}
