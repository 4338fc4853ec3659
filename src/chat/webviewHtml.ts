import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { MAX_IMAGE_ROOTS } from '../shared/workspaceImages';
import { chatPageHtml } from './chatPageHtml';

/** Folders on disk the chat may show images from: the workspace folders (where `/image` saves). */
function imageFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').slice(0, MAX_IMAGE_ROOTS);
}

/** The bundle folder, and the workspace folders for images saved there; nothing else loads. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), ...imageFolders().map((f) => f.uri)] };
}

/** The chat page, with a fresh nonce per load (see chatPageHtml for what its CSP allows). */
export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return chatPageHtml({
    nonce: randomBytes(16).toString('base64'),
    cspSource: webview.cspSource,
    asset: (name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString(),
    title,
    imageRoots: imageFolders().map((f) => ({ name: f.name, base: webview.asWebviewUri(f.uri).toString() })),
  });
}
