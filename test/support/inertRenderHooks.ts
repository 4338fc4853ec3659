import type { RenderHooks } from '../../webview-ui/src/markdown/renderHooks';

/** Render hooks that do nothing: for renders that are only measured or compared, never clicked. */
export const inertRenderHooks: RenderHooks = {
  onCopy: () => undefined,
  onInsert: () => undefined,
  onNewFile: () => undefined,
  onOpenLink: () => undefined,
  allowRemoteImage: () => false,
  remoteImagePolicy: () => 'ask',
  onRequestRemoteImages: () => undefined,
};
