// `/image <prompt>` and `/video <prompt>` in Switchboard's chat. The image is already saved in the
// workspace; the transcript keeps only a reference to that file (src/shared/workspaceImages.ts),
// which the chat webview loads through its own resource origin. A data: URL would put megabytes
// into every conversation file and every state the webview is sent.
import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ChatSession } from '../chat/chatSession';
import { workspaceImageReference } from '../shared/workspaceImages';
import { asGatewayError } from './mediaErrors';
import { isInlineImageType } from './mediaTypes';
import type { ImageGenerator } from './imageCommand';
import type { VideoTaskService } from './videoTaskService';

/** Text safe inside markdown image alt text or inline code. */
function plain(text: string, max = 120): string {
  const flat = text.replace(/[\r\n]+/g, ' ').replace(/[[\]`*_<>\\]/g, '').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The workspace folder holding `file` and the "/"-separated path in it (folders may be reached through a link). */
async function inWorkspace(file: vscode.Uri): Promise<{ folder: vscode.WorkspaceFolder; relative: string } | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const roots = [folder.uri.fsPath, await realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath)];
    for (const root of roots) {
      const relative = path.relative(root, file.fsPath);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return { folder, relative: relative.split(path.sep).join('/') };
    }
  }
  return undefined;
}

/** A markdown image naming the saved file, or undefined when the chat cannot show it. */
async function shownImage(file: vscode.Uri, contentType: string, alt: string): Promise<string | undefined> {
  if (!isInlineImageType(contentType)) return undefined;
  const place = await inWorkspace(file);
  return place ? `![${alt}](${workspaceImageReference(place.folder.name, place.relative)})` : undefined;
}

export function registerMediaSlashCommands(chat: ChatSession, images: ImageGenerator, videos: VideoTaskService): vscode.Disposable {
  return vscode.Disposable.from(
    chat.registerSlashCommand('image', async (args) => {
      if (!args.trim()) return { markdown: 'Usage: `/image <what to draw>` — the image is saved into the workspace and shown here.' };
      let outcome;
      try {
        outcome = await images.generate({ prompt: args, interactive: false, open: true });
      } catch (error) {
        throw asGatewayError(error);
      }
      if (!outcome) return { markdown: 'Image generation was cancelled.' };
      const parts: string[] = [];
      for (const [index, file] of outcome.files.entries()) {
        const shown = await shownImage(file, outcome.contentTypes[index] ?? '', plain(outcome.prompt));
        if (shown) parts.push(shown);
        else parts.push('*(This image is not shown here: it is outside the workspace folders or in a format the chat cannot show. It is open in an editor.)*');
        parts.push(`Saved to \`${plain(vscode.workspace.asRelativePath(file), 300)}\` (with a \`.json\` sidecar) · ${plain(outcome.model)}`);
      }
      if (outcome.revisedPrompt) parts.push(`Revised prompt: ${plain(outcome.revisedPrompt, 500)}`);
      return {
        markdown: parts.join('\n\n'),
        ...(outcome.credits !== undefined ? { cost: { credits: outcome.credits, estimated: outcome.estimated } } : {}),
      };
    }),
    chat.registerSlashCommand('video', async (args) => {
      if (!args.trim()) return { markdown: 'Usage: `/video <what to film>` — the video is generated in the background and saved into the workspace.' };
      let record;
      try {
        record = await videos.submit({ prompt: args, interactive: false });
      } catch (error) {
        throw asGatewayError(error);
      }
      if (!record) return { markdown: 'Video generation was cancelled.' };
      const folder = record.target.folder || '.';
      return {
        markdown: [
          `Started video task \`${plain(record.taskId)}\` with ${plain(record.model)}.`,
          `When it is ready it will be saved as \`${plain(folder, 200)}/${record.target.baseName}.mp4\`. Follow it in **Generation Tasks**; it keeps going if you close the window.`,
        ].join('\n\n'),
        ...(record.credits !== undefined ? { cost: { credits: record.credits, estimated: false } } : {}),
      };
    }),
  );
}
