// What made a generated file, written beside it as `<file>.json`, so a person (or a later tool)
// can tell which prompt and model produced it. Never holds a key or a URL with credentials.
import { writeFile } from 'node:fs/promises';

export interface SidecarInfo {
  kind: 'image' | 'video';
  prompt: string;
  model: string;
  provider: string;
  createdAt: Date;
  revisedPrompt?: string;
  size?: string;
  quality?: string;
  credits?: number;
  taskId?: string;
}

export function sidecarPath(file: string): string {
  return `${file}.json`;
}

export async function writeSidecar(file: string, info: SidecarInfo): Promise<string> {
  const target = sidecarPath(file);
  const body = {
    generator: 'Switchboard',
    kind: info.kind,
    file: file.split(/[/\\]/).pop(),
    prompt: info.prompt,
    ...(info.revisedPrompt ? { revisedPrompt: info.revisedPrompt } : {}),
    model: info.model,
    provider: info.provider,
    ...(info.size ? { size: info.size } : {}),
    ...(info.quality ? { quality: info.quality } : {}),
    ...(info.credits !== undefined ? { credits: info.credits } : {}),
    ...(info.taskId ? { taskId: info.taskId } : {}),
    createdAt: info.createdAt.toISOString(),
  };
  // 'wx': the image's name was unique, so its sidecar's is too; never replace someone's file.
  await writeFile(target, `${JSON.stringify(body, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
  return target;
}
