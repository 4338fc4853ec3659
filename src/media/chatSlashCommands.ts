// `/image <prompt>` and `/video <prompt>` in Switchboard's chat. The image is shown inline as a
// data: URL (the chat webview's CSP allows data: images; local file URLs do not load there).
import * as vscode from 'vscode';
import { readFile, stat } from 'node:fs/promises';
import type { ChatSession } from '../chat/chatSession';
import { asGatewayError } from './mediaErrors';
import { isInlineImageType } from './mediaTypes';
import type { ImageGenerator } from './imageCommand';
import type { VideoTaskService } from './videoTaskService';

/** Bigger images are linked by path only: a data: URL that size would bloat every transcript save. */
export const MAX_INLINE_IMAGE_BYTES = 4 * 1024 * 1024;

/** Text safe inside markdown image alt text or inline code. */
function plain(text: string, max = 120): string {
  const flat = text.replace(/[\r\n]+/g, ' ').replace(/[[\]`*_<>\\]/g, '').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function inlineImage(file: vscode.Uri, contentType: string, alt: string): Promise<string | undefined> {
  if (!isInlineImageType(contentType)) return undefined;
  const size = (await stat(file.fsPath)).size;
  if (size > MAX_INLINE_IMAGE_BYTES) return undefined;
  const data = (await readFile(file.fsPath)).toString('base64');
  return `![${alt}](data:${contentType};base64,${data})`;
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
        const shown = await inlineImage(file, outcome.contentTypes[index] ?? '', plain(outcome.prompt));
        if (shown) parts.push(shown);
        else parts.push(`*(This image is not shown here: it is over ${MAX_INLINE_IMAGE_BYTES / (1024 * 1024)} MB or in a format the chat cannot show. It is open in an editor.)*`);
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
