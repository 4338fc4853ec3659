import * as vscode from 'vscode';

export const EXPLAIN_KIND = vscode.CodeActionKind.Empty.append('switchboard').append('explain');
export const REFACTOR_KIND = vscode.CodeActionKind.RefactorRewrite.append('switchboard');
export const FIX_KIND = vscode.CodeActionKind.QuickFix.append('switchboard');

/** Fix actions offered at one place at most: one per diagnostic, the most severe first. */
const MAX_FIXES = 3;

/** The argument the code actions pass to the commands. */
export interface CodeActionTarget {
  uri: vscode.Uri;
  range: vscode.Range;
}

export interface FixTarget {
  uri: vscode.Uri;
  diagnostic: vscode.Diagnostic;
}

/**
 * Offers, for any language, **Explain with Switchboard** and **Refactor with Switchboard…** on a
 * selection, and **Fix with Switchboard** for each diagnostic under the cursor. The actions only
 * carry commands; the work happens when one is chosen.
 */
export class SwitchboardCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [EXPLAIN_KIND, REFACTOR_KIND, FIX_KIND];
  static readonly selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const wanted = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];

    const selected = !range.isEmpty && document.getText(range).trim().length > 0;
    if (selected) {
      const target: CodeActionTarget = { uri: document.uri, range };
      if (wanted(EXPLAIN_KIND)) {
        const explain = new vscode.CodeAction('Explain with Switchboard', EXPLAIN_KIND);
        explain.command = { command: 'switchboard.explainSelection', title: 'Explain with Switchboard', arguments: [target] };
        actions.push(explain);
      }
      if (wanted(REFACTOR_KIND)) {
        const refactor = new vscode.CodeAction('Refactor with Switchboard…', REFACTOR_KIND);
        refactor.command = { command: 'switchboard.refactorSelection', title: 'Refactor with Switchboard…', arguments: [target] };
        actions.push(refactor);
      }
    }

    if (wanted(FIX_KIND)) {
      const diagnostics = [...context.diagnostics].sort((a, b) => a.severity - b.severity).slice(0, MAX_FIXES);
      for (const diagnostic of diagnostics) {
        const title = diagnostics.length === 1 ? 'Fix with Switchboard' : `Fix with Switchboard: ${shorten(diagnostic.message)}`;
        const fix = new vscode.CodeAction(title, FIX_KIND);
        fix.diagnostics = [diagnostic];
        const target: FixTarget = { uri: document.uri, diagnostic };
        fix.command = { command: 'switchboard.fixDiagnostic', title, arguments: [target] };
        actions.push(fix);
      }
    }
    return actions;
  }
}

function shorten(message: string): string {
  const line = message.split('\n')[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
