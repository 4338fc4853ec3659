/** What a rendered answer asks of the chat UI; the renderer itself never talks to the host. */
export interface RenderHooks {
  onCopy(code: string): void;
  onInsert(code: string, language: string | undefined): void;
  onNewFile(code: string, language: string | undefined): void;
  /** Only called for http(s) links; every other link is inert. */
  onOpenLink(href: string): void;
  /** False by default: remote images stay placeholders until the user allows them. */
  allowRemoteImages(): boolean;
  /** The user clicked a "Load image" placeholder. */
  onRequestRemoteImages(): void;
}
