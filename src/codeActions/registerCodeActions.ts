import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { ContextAttachment } from '../chat/conversation';
import type { Log } from '../log/log';
import { SwitchboardCodeActionProvider } from './codeActionProvider';
import { diagnosticRegion, displayPath, lineSpan, regionLabel, selectionRegion } from './codeRegion';
import { fixArgs, proposalRef, selectionArgs } from './commandArgs';
import { pickInstruction } from './instructionPick';
import { explainRequest, fixInstruction, instructionTitle } from './prompts';
import { ProposalStore, type ProposalInfo } from './proposals';
import { runRewrite } from './rewrite';
import { codeActionsModel, type RewriteBackend } from './rewriteRequest';

/** The same cap as the chat's own "Add Selection". */
const MAX_EXPLAIN_CHARS = 200_000;

export interface CodeActionsDeps {
  context: vscode.ExtensionContext;
  gateway: RewriteBackend;
  chat: { addContext(attachment: ContextAttachment): void; send(text: string, options?: { model?: string }): Promise<void> };
  chatView: { reveal(): Promise<void> };
  log: Log;
}

/** Registers the code action provider and the Explain / Refactor / Fix / Accept / Reject commands. */
export function registerCodeActions(deps: CodeActionsDeps): void {
  const { context, gateway, log } = deps;
  const store = new ProposalStore();
  context.subscriptions.push(
    store,
    vscode.languages.registerCodeActionsProvider(SwitchboardCodeActionProvider.selector, new SwitchboardCodeActionProvider(), {
      providedCodeActionKinds: SwitchboardCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand('switchboard.explainSelection', (arg?: unknown) => explainSelection(deps, arg)),
    vscode.commands.registerCommand('switchboard.refactorSelection', (arg?: unknown) => refactorSelection(gateway, store, log, arg)),
    vscode.commands.registerCommand('switchboard.fixDiagnostic', (arg?: unknown) => fixDiagnostic(gateway, store, log, arg)),
    vscode.commands.registerCommand('switchboard.acceptProposal', (arg?: unknown) => store.accept(proposalRef(arg))),
    vscode.commands.registerCommand('switchboard.rejectProposal', (arg?: unknown) => store.reject(proposalRef(arg))),
  );
}

/** The document and non-empty range a command works on: from its arguments, else the active editor's selection. */
async function selectionTarget(arg: unknown): Promise<{ doc: vscode.TextDocument; range: vscode.Range; instruction?: string } | undefined> {
  const args = selectionArgs(arg);
  const editor = vscode.window.activeTextEditor;
  const doc = args.uri ? await vscode.workspace.openTextDocument(args.uri) : editor?.document;
  const range = args.range ?? (editor && doc && editor.document === doc ? editor.selection : undefined);
  const valid = doc && range ? doc.validateRange(range) : undefined;
  if (!doc || !valid || valid.isEmpty || !doc.getText(valid).trim()) {
    void vscode.window.showInformationMessage('Switchboard: select some code in an editor first.');
    return undefined;
  }
  return { doc, range: valid, ...(args.instruction ? { instruction: args.instruction } : {}) };
}

/** Explain: attaches the selection to the chat, opens the chat and asks there, so the answer streams in the chat. */
async function explainSelection(deps: CodeActionsDeps, arg: unknown): Promise<void> {
  const target = await selectionTarget(arg);
  if (!target) return;
  const { doc, range } = target;
  const path = displayPath(doc);
  const lines = lineSpan(range);
  deps.chat.addContext({
    id: randomUUID(),
    label: regionLabel(doc, range),
    path,
    language: doc.languageId,
    ...lines,
    content: doc.getText(range).slice(0, MAX_EXPLAIN_CHARS),
  });
  await deps.chatView.reveal();
  await deps.chat.send(explainRequest({ path, ...lines }), { model: await codeActionsModel(deps.gateway) });
}

/** Refactor: asks for an instruction unless given one, then proposes the rewritten selection as a diff. */
async function refactorSelection(gateway: RewriteBackend, store: ProposalStore, log: Log, arg: unknown): Promise<ProposalInfo | undefined> {
  const target = await selectionTarget(arg);
  if (!target) return undefined;
  const instruction = target.instruction ?? (await pickInstruction(regionLabel(target.doc, target.range)));
  if (!instruction) return undefined;
  const region = selectionRegion(target.doc, target.range);
  return runRewrite(gateway, store, log, {
    doc: target.doc,
    region,
    instruction,
    title: instructionTitle(instruction),
    what: 'Refactor',
    retry: () => refactorSelection(gateway, store, log, { uri: target.doc.uri, range: target.range, instruction }),
  });
}

/** Fix: the diagnostic is the instruction; the region is its lines with some code either side. */
async function fixDiagnostic(gateway: RewriteBackend, store: ProposalStore, log: Log, arg: unknown): Promise<ProposalInfo | undefined> {
  const args = fixArgs(arg);
  if (!args) {
    void vscode.window.showInformationMessage('Switchboard: put the cursor on a problem (a squiggle) and use the quick fix "Fix with Switchboard".');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(args.uri);
  const range = doc.validateRange(args.range);
  const instruction = fixInstruction({ ...args.diagnostic, line: range.start.line + 1 });
  return runRewrite(gateway, store, log, {
    doc,
    region: diagnosticRegion(doc, range),
    instruction,
    title: `Fix “${shorten(args.diagnostic.message)}”`,
    what: 'Fix',
    retry: () => fixDiagnostic(gateway, store, log, arg),
  });
}

function shorten(message: string): string {
  const line = message.split('\n')[0]?.trim() ?? '';
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}
