import { parseImageRoots, type ImageRoot } from '../../../src/shared/workspaceImages';

/**
 * Images saved in the workspace (see src/shared/workspaceImages.ts): the page's workspace-folder
 * roots, and the notice that replaces an image whose file is not there (moved, deleted, or a
 * conversation opened in another workspace).
 */

/** The host writes the roots into this meta tag of the page (chatPageHtml). */
export const IMAGE_ROOTS_META = 'switchboard-image-roots';
/** On an image loaded from the workspace: its workspace path, for the notice if it fails. */
export const LOCAL_IMAGE_ATTR = 'data-md-local-image';
/** On an image whose reference names no open workspace folder: shown as a notice instead. */
export const MISSING_IMAGE_ATTR = 'data-md-missing-image';
export const MISSING_IMAGE_CLASS = 'md-image-missing';

let roots: ImageRoot[] | undefined;

/** Read once: the roots are fixed for the page's life (the host reloads the page when they change). */
export function imageRoots(): ImageRoot[] {
  roots ??= parseImageRoots(document.querySelector(`meta[name="${IMAGE_ROOTS_META}"]`)?.getAttribute('content'));
  return roots;
}

/** What stands in for a workspace image that cannot be shown. */
export function missingImageNotice(path: string, alt: string): HTMLElement {
  const notice = document.createElement('span');
  notice.className = MISSING_IMAGE_CLASS;
  notice.setAttribute('role', 'img');
  const where = path ? `${path} is not in this workspace (moved or deleted?)` : 'its file is not in this workspace';
  notice.setAttribute('aria-label', `Image not found: ${alt ? `${alt}, ` : ''}${where}`);
  const glyph = document.createElement('span');
  glyph.className = 'codicon codicon-warning';
  glyph.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.textContent = `Image not found: ${where}`;
  notice.append(glyph, text);
  return notice;
}

/** Swaps images the sanitizer could not place in a workspace folder for the notice. */
export function replaceMissingImages(root: ParentNode): void {
  root.querySelectorAll<HTMLImageElement>(`img[${MISSING_IMAGE_ATTR}]`).forEach((img) => {
    img.replaceWith(missingImageNotice(img.getAttribute(MISSING_IMAGE_ATTR) ?? '', img.getAttribute('alt') ?? ''));
  });
}

/** A workspace image whose file is gone fails to load: the notice replaces the broken image. */
export function bindMissingImageNotices(container: HTMLElement): void {
  container.addEventListener(
    'error',
    (event) => {
      const img = event.target;
      if (!(img instanceof HTMLImageElement) || !img.hasAttribute(LOCAL_IMAGE_ATTR) || !container.contains(img)) return;
      img.replaceWith(missingImageNotice(img.getAttribute(LOCAL_IMAGE_ATTR) ?? '', img.getAttribute('alt') ?? ''));
    },
    // Load errors do not bubble: listen on the way down.
    true,
  );
}
