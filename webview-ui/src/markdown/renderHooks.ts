/** What a rendered answer asks of the chat UI; the renderer itself never talks to the host. */
export interface RenderHooks {
  onCopy(code: string): void;
  onInsert(code: string, language: string | undefined): void;
  onNewFile(code: string, language: string | undefined): void;
  /** Only called for http(s) links; every other link is inert. */
  onOpenLink(href: string): void;
  /** False by default: a remote image stays a placeholder until the user allows that image. */
  allowRemoteImage(src: string): boolean;
  /** 'never' (switchboard.chat.loadRemoteImages): remote images are left out, with no placeholder. */
  remoteImagePolicy(): 'ask' | 'never';
  /** The user clicked the "Load image" placeholder of `src`. */
  onRequestRemoteImages(src: string): void;
}
