/**
 * Loaded beside the chat bundle in the test page only: exposes the renderer's one-shot render so a
 * test can compare what streaming built with what rendering the whole text at once gives.
 */
import { renderMarkdownOnce } from '../../webview-ui/src/markdown/streamingMarkdown';
import { inertRenderHooks } from '../support/inertRenderHooks';

(window as unknown as { __renderOnce(text: string): string }).__renderOnce = (text) => {
  const container = document.createElement('div');
  renderMarkdownOnce(container, text, inertRenderHooks);
  return container.innerHTML;
};
