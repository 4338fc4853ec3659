// edit_file's rule: each oldText must occur exactly once in the file as it stands after the edits
// before it, so the model cannot change a place it did not mean. Pure, unit-tested.
import { ToolError } from './tool';

export interface TextEdit {
  readonly oldText: string;
  readonly newText: string;
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

function preview(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
}

/** The file's text after all edits, or a ToolError naming the edit that matched 0 or several times. */
export function applyTextEdits(original: string, edits: readonly TextEdit[], file: string): string {
  let text = original;
  edits.forEach((edit, index) => {
    const which = `Edit ${index + 1} of ${edits.length} (oldText ${preview(edit.oldText)})`;
    if (edit.oldText === '') throw new ToolError(`${which}: oldText is empty; use create_file for a new file.`);
    const count = occurrences(text, edit.oldText);
    if (count === 0) throw new ToolError(`${which} matches nothing in ${file}; read the file again and copy the text exactly.`);
    if (count > 1) throw new ToolError(`${which} matches ${count} places in ${file}; include more surrounding lines so it matches exactly once.`);
    const at = text.indexOf(edit.oldText);
    text = text.slice(0, at) + edit.newText + text.slice(at + edit.oldText.length);
  });
  return text;
}
