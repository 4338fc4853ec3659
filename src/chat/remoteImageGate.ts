// The host's side of `switchboard.chat.loadRemoteImages`: the webview asks to load one image link;
// the host refuses under "never" (or for anything that is not an http(s) URL) and otherwise allows
// that one URL, never every image for the session. No vscode import: the setting is read by the
// caller, so this is tested in Node.

export type RemoteImagePolicy = 'ask' | 'never';

const MAX_ALLOWED = 500;

export class RemoteImageGate {
  private readonly urls = new Set<string>();

  constructor(private readonly policy: () => RemoteImagePolicy) {}

  /** The message for the webview when `url` may load, or undefined when it is refused. */
  allow(url: string | undefined): { type: 'remoteImagesAllowed'; urls: string[] } | undefined {
    if (this.policy() === 'never' || !url || !/^https?:\/\//i.test(url.trim())) return undefined;
    try {
      new URL(url);
    } catch {
      return undefined;
    }
    if (this.urls.size >= MAX_ALLOWED) this.urls.delete(this.urls.values().next().value as string);
    this.urls.add(url);
    return { type: 'remoteImagesAllowed', urls: [url] };
  }

  /** For the chat state: under "never" nothing is allowed, whatever was allowed before. */
  view(): { policy: RemoteImagePolicy; urls: string[] } {
    const policy = this.policy();
    return { policy, urls: policy === 'never' ? [] : [...this.urls] };
  }
}
