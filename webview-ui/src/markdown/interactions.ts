import { CODE_ACTION_ATTR, IMAGE_PLACEHOLDER_CLASS, languageOf, shownCodeOf, type CodeAction } from './blockRenderer';
import type { RenderHooks } from './renderHooks';
import { REMOTE_SRC_ATTR, isHttpUrl } from './sanitize';
import { bindMissingImageNotices } from './workspaceImages';

const boundHooks = new WeakMap<HTMLElement, RenderHooks>();

/**
 * One delegated listener per container, so blocks can be replaced freely without
 * re-wiring, and a second render into the same container only swaps the hooks.
 */
export function bindInteractions(container: HTMLElement, hooks: RenderHooks): void {
  const alreadyBound = boundHooks.has(container);
  boundHooks.set(container, hooks);
  if (alreadyBound) return;
  container.addEventListener('click', (event) => handleClick(container, event));
  container.addEventListener('auxclick', (event) => handleClick(container, event));
  bindMissingImageNotices(container);
}

function handleClick(container: HTMLElement, event: MouseEvent): void {
  const hooks = boundHooks.get(container);
  const target = event.target;
  if (!hooks || !(target instanceof Element)) return;

  // The sanitizer forbids <button>, so every button in here is one the renderer made.
  const actionButton = target.closest(`button[${CODE_ACTION_ATTR}]`);
  if (actionButton && container.contains(actionButton)) {
    if (event.type !== 'click') return;
    const code = actionButton.closest('.md-code')?.querySelector<HTMLElement>('pre > code');
    if (code) runCodeAction(hooks, actionButton.getAttribute(CODE_ACTION_ATTR) as CodeAction, code);
    return;
  }
  const placeholder = target.closest(`button.${IMAGE_PLACEHOLDER_CLASS}`);
  if (placeholder && container.contains(placeholder)) {
    if (event.type === 'click') hooks.onRequestRemoteImages(placeholder.getAttribute(REMOTE_SRC_ATTR) ?? '');
    return;
  }
  const anchor = target.closest('a');
  if (anchor && container.contains(anchor)) {
    // The webview must never navigate itself, and VS Code's own link handling (a
    // window-level listener) must not see it either: links open only through the host.
    event.preventDefault();
    event.stopPropagation();
    const href = anchor.getAttribute('href');
    if (href && isHttpUrl(href)) hooks.onOpenLink(new URL(href.trim()).href);
  }
}

function runCodeAction(hooks: RenderHooks, action: CodeAction, code: HTMLElement): void {
  const raw = shownCodeOf(code);
  const language = languageOf(code);
  switch (action) {
    case 'copy':
      hooks.onCopy(raw);
      break;
    case 'insert':
      hooks.onInsert(raw, language);
      break;
    case 'new-file':
      hooks.onNewFile(raw, language);
      break;
  }
}
