import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { chatPageHtml } from './chatPageHtml';

/** Only the bundle folder may be loaded into the webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** The chat page, with a fresh nonce per load (see chatPageHtml for what its CSP allows). */
export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return chatPageHtml({
    nonce: randomBytes(16).toString('base64'),
    cspSource: webview.cspSource,
    asset: (name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString(),
    title,
  });
}
