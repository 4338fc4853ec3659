// A key sent over plain http to another machine can be read by anyone on the way. Switchboard
// sends it only after the user agreed, once per host (remembered); loopback, https and keyless
// requests need no consent. No vscode import: the prompt and the memory are injected.
import { GatewayError } from '../gateway/errors';
import { isLocalhost } from '../gateway/baseUrl';

export interface ConsentMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const MEMORY_KEY = 'switchboard.plainHttpHosts';

export class PlainHttpConsent {
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    private readonly memory: ConsentMemory,
    /** Asks the user; true when they agree to send the key to `host` over http. */
    private readonly ask: (host: string) => PromiseLike<boolean>,
  ) {}

  /** True when a request to `baseUrl` may carry the key. */
  async allows(baseUrl: string): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      return true; // the client reports a bad base URL itself
    }
    if (url.protocol !== 'http:' || isLocalhost(baseUrl)) return true;
    const host = url.host.toLowerCase();
    if (this.remembered().includes(host)) return true;
    let answer = this.pending.get(host);
    if (!answer) {
      // Two requests at once ask once.
      answer = Promise.resolve(this.ask(host)).then(async (yes) => {
        if (yes) await this.memory.update(MEMORY_KEY, [...this.remembered().filter((h) => h !== host), host]);
        return yes;
      });
      this.pending.set(host, answer);
      void answer.finally(() => this.pending.delete(host)).catch(() => undefined);
    }
    return answer;
  }

  private remembered(): string[] {
    const hosts = this.memory.get<unknown>(MEMORY_KEY);
    return Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string') : [];
  }
}

export function plainHttpRefused(baseUrl: string): GatewayError {
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    // keep the text as given
  }
  return new GatewayError({
    kind: 'bad-base-url',
    explanation: `Your API key was not sent: ${host} is reached over plain http, where anyone on the way can read it. Use an https base URL, or allow http for this host when asked.`,
    action: 'check-base-url',
    retryable: false,
  });
}
