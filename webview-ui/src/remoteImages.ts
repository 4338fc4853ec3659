import type { ChatStateView } from '../../src/shared/protocol';

/**
 * Which remote images this page may load: each one the user allowed, by its URL, never a blanket
 * "all images for the session". A host that answers without naming the URLs allowed the ones this
 * page asked for.
 */
export class RemoteImageAllowance {
  private readonly allowed = new Set<string>();
  private readonly asked = new Set<string>();

  allows(src: string, state: ChatStateView | undefined): boolean {
    return this.allowed.has(src) || (state?.remoteImages?.urls.includes(src) ?? false);
  }

  policy(state: ChatStateView | undefined): 'ask' | 'never' {
    return state?.remoteImages?.policy === 'never' ? 'never' : 'ask';
  }

  /** The user clicked the placeholder of `src`; the host decides. */
  ask(src: string): void {
    this.asked.add(src);
  }

  /** The host's answer: the URLs it allowed, or (without a list) the ones asked for. */
  granted(urls: readonly string[] | undefined): void {
    for (const url of urls ?? [...this.asked]) this.allowed.add(url);
    this.asked.clear();
  }
}
