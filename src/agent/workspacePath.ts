// Every path a tool receives is workspace-relative and confined to the workspace folder through
// the same rules as generated media (src/media/confine.ts): no "..", no absolute path, no symlink
// leading out. Refusals become tool errors the model reads.
import path from 'node:path';
import { confine, UnsafePathError } from '../media/confine';
import { ToolError } from './tool';

export async function resolveInWorkspace(root: string, relative: string): Promise<string> {
  try {
    return await confine(root, relative);
  } catch (error) {
    if (error instanceof UnsafePathError) throw new ToolError(`Path "${relative}" refused: ${error.message}`);
    throw error;
  }
}

/** The workspace-relative form with forward slashes, as tools report paths back to the model. */
export function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}
