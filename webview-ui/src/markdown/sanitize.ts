import DOMPurify from 'dompurify';
import { isUnderImageRoot, isWorkspaceImageReference, resolveWorkspaceImage, workspaceImagePath } from '../../../src/shared/workspaceImages';
import { imageRoots, LOCAL_IMAGE_ATTR, MISSING_IMAGE_ATTR } from './workspaceImages';

/** Set on images whose http(s) source must not load until the user allows remote images. */
export const REMOTE_SRC_ATTR = 'data-md-remote-src';

export const HTTP_URL = /^https?:\/\//i;
/** The only class model output keeps: a code block's language. */
export const LANGUAGE_CLASS = /^language-[\w+#.-]{1,40}$/;

/** Keeps only the class names that match `allowed` (none when it is undefined). */
function keepClasses(node: Element, allowed: RegExp | undefined): void {
  const kept = allowed ? Array.from(node.classList).filter((name) => allowed.test(name)) : [];
  if (kept.length > 0) node.setAttribute('class', kept.join(' '));
  else node.removeAttribute('class');
}
const DATA_IMAGE_URL = /^data:image\//i;

/** Tags that run code, load things, submit things or escape the answer's box. */
const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'form', 'button', 'textarea', 'select', 'option', 'optgroup', 'fieldset', 'video', 'audio', 'source',
  'track', 'picture', 'canvas', 'map', 'area', 'template', 'dialog', 'noscript', 'portal', 'svg', 'math',
];
const FORBID_ATTR = ['style', 'srcset', 'sizes', 'background', 'poster', 'ping', 'action', 'formaction', 'usemap', 'autofocus'];

const markdownPurify = DOMPurify(window);
markdownPurify.setConfig({
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  SANITIZE_NAMED_PROPS: true,
  IN_PLACE: true,
});
/** Workspace image references that name no open workspace folder, with the path they name. */
const unresolved = new WeakMap<Element, string>();
// A `switchboard-image:` reference becomes its webview-resource URL here, before the URI check
// (which drops every scheme it does not know, this one included). Per element rather than per
// attribute: DOMPurify copies its attribute allowlist on every call while an attribute hook is set.
markdownPurify.addHook('beforeSanitizeAttributes', (node) => {
  if (!(node instanceof Element) || node.tagName !== 'IMG') return;
  const src = node.getAttribute('src');
  if (src === null || !isWorkspaceImageReference(src)) return;
  const url = resolveWorkspaceImage(src, imageRoots());
  if (url) node.setAttribute('src', url);
  else unresolved.set(node, workspaceImagePath(src) ?? '');
});
markdownPurify.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return;
  // Model output must not borrow the page's own classes (a fake user message, a fake error box):
  // the only class it keeps is a code block's language.
  if (node.hasAttribute('class')) keepClasses(node, node.tagName === 'CODE' ? LANGUAGE_CLASS : undefined);
  switch (node.tagName) {
    case 'IMG': {
      // Moved aside before the node ever reaches the live document, so nothing is fetched.
      const src = node.getAttribute('src')?.trim();
      const missing = unresolved.get(node);
      if (missing !== undefined) {
        node.removeAttribute('src');
        node.setAttribute(MISSING_IMAGE_ATTR, missing);
        break;
      }
      if (src === undefined) break;
      // A workspace file through the webview's own resource origin: local, never the network,
      // so not held back like a remote image.
      if (isUnderImageRoot(src, imageRoots())) {
        node.setAttribute(LOCAL_IMAGE_ATTR, localPath(src));
        break;
      }
      if (HTTP_URL.test(src)) node.setAttribute(REMOTE_SRC_ATTR, src);
      if (!DATA_IMAGE_URL.test(src)) node.removeAttribute('src');
      break;
    }
    case 'A': {
      const href = node.getAttribute('href')?.trim();
      if (href !== undefined && !HTTP_URL.test(href)) node.removeAttribute('href');
      break;
    }
    case 'INPUT':
      // Only GFM task-list boxes are expected; whatever else arrives becomes one, read-only.
      node.setAttribute('type', 'checkbox');
      node.setAttribute('disabled', '');
      break;
  }
});

/*
 * HTML is parsed into a document of its own that has no browsing context: nothing in it runs or
 * loads, as in the document DOMPurify would parse a string into, but it is made once rather than
 * per call (a new document per block was the largest single cost of rendering one). DOMPurify
 * then sanitizes the parsed nodes in place, and they reach the page only after that.
 */
let inert = document.implementation.createHTMLDocument('');
let inertUses = 0;
/**
 * DOMPurify walks the nodes with NodeIterators, which the document keeps informed of every node
 * moved out of it until they are collected; a fresh document now and then keeps that list short.
 */
const INERT_USES = 64;

function sanitizeInert(html: string): DocumentFragment {
  if (++inertUses > INERT_USES) {
    inert = document.implementation.createHTMLDocument('');
    inertUses = 1;
  }
  const holder = inert.createElement('div');
  holder.innerHTML = html;
  markdownPurify.sanitize(holder);
  const fragment = inert.createDocumentFragment();
  while (holder.firstChild) fragment.append(holder.firstChild);
  return fragment;
}

/** The only way markdown output reaches the DOM. */
export function sanitizeMarkdownHtml(html: string): DocumentFragment {
  return sanitizeInert(html);
}

/** The path under its root of a workspace image URL, for a person to read. */
function localPath(url: string): string {
  const root = imageRoots().find((r) => url.startsWith(`${r.base.replace(/\/+$/, '')}/`));
  const rest = root ? url.slice(root.base.replace(/\/+$/, '').length + 1) : url;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

export function isHttpUrl(url: string): boolean {
  return HTTP_URL.test(url.trim());
}
