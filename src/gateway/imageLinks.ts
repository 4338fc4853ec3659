// Which image links from a chat model's answer Switchboard will fetch. The answer is model output:
// a link to a loopback, private or link-local address would make the editor probe the user's own
// network on the model's say-so. Inline (base64) images need no fetch and always pass.
import type { GeneratedImage } from './types';

/** True for a host name or IP literal that is not on the public internet. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan')) return true;
  if (!host.includes('.') && !host.includes(':')) return true; // a single-label name resolves on the local network
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  if (host.includes(':')) {
    if (host === '::' || host === '::1') return true;
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(host);
    if (mapped) return isPrivateHost(mapped[1]!);
    if (/^::ffff:/.test(host)) return true; // mapped IPv4 in hex form: not worth telling apart
    return /^(?:f[cd]|fe[89ab])/.test(host); // unique-local and link-local
  }
  return false;
}

/** Whether Switchboard may fetch this link from a model's answer. */
export function mayFetchImageLink(url: string, gatewayIsLocal: boolean): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return gatewayIsLocal || !isPrivateHost(parsed.hostname);
}

export function fetchableImages(images: readonly GeneratedImage[], gatewayIsLocal: boolean): GeneratedImage[] {
  return images.filter((image) => image.kind === 'b64' || mayFetchImageLink(image.url, gatewayIsLocal));
}
