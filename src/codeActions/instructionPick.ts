import * as vscode from 'vscode';
import { REFACTOR_PRESETS } from './prompts';

interface InstructionItem extends vscode.QuickPickItem {
  instruction: string;
}

/**
 * Asks how to refactor: the presets, or whatever the user types (offered as the first item as
 * soon as there is text, so Enter sends it). Undefined when dismissed.
 */
export function pickInstruction(selectionLabel: string): Promise<string | undefined> {
  const presets: InstructionItem[] = REFACTOR_PRESETS.map((p) => ({ label: p.label, description: p.description, instruction: p.instruction }));
  const pick = vscode.window.createQuickPick<InstructionItem>();
  pick.title = `Refactor ${selectionLabel} with Switchboard`;
  pick.placeholder = 'Pick a refactoring, or type your own instruction and press Enter';
  pick.matchOnDescription = true;
  pick.items = presets;
  return new Promise<string | undefined>((resolve) => {
    let result: string | undefined;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      // alwaysShow keeps the free-text item visible when it matches none of the presets' labels.
      pick.items = typed ? [{ label: `$(edit) ${typed}`, description: 'your instruction', instruction: typed, alwaysShow: true }, ...presets] : presets;
    });
    pick.onDidAccept(() => {
      result = pick.selectedItems[0]?.instruction ?? (pick.value.trim() || undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
