// The chat page's HTML, without the vscode API, so the Chromium tests load exactly this page.
import type { ImageRoot } from '../shared/workspaceImages';

export interface ChatPageParts {
  /** A fresh random nonce per load. */
  nonce: string;
  /** Where the bundle is served from (the webview's cspSource). */
  cspSource: string;
  /** The URL of a file of the bundle (dist/). */
  asset: (name: string) => string;
  title: string;
  /**
   * The workspace folders' webview-resource bases, for images saved there (`/image`); their
   * origin is the webview's own (cspSource), so img-src needs nothing more for them.
   */
  imageRoots?: readonly ImageRoot[];
}

/** Text safe inside a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The CSP allows only our bundle's script and styles, fonts from the bundle, and images from the
 * bundle, data: and https: (remote images in answers are still held back by the renderer until the
 * user allows them).
 */
export function chatPageHtml({ nonce, cspSource, asset, title, imageRoots = [] }: ChatPageParts): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} https: data:`,
    // Nothing in the page may re-point relative URLs or submit a form anywhere.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="switchboard-image-roots" content="${attribute(JSON.stringify(imageRoots))}">
<link rel="stylesheet" href="${asset('codicon.css')}" nonce="${nonce}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('webview.css')}" nonce="${nonce}">
<title>${title}</title>
</head>
<body>
<div id="app"></div>
<script type="module" nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}
