import * as vscode from 'vscode';
import { baseIndentation } from './indentation';
import type { CodeSnippet } from './prompts';

/** Lines of read-only context shown around a refactored selection, and around a diagnostic. */
export const CONTEXT_LINES = 10;

/** The part of a document a Refactor or Fix replaces, and how the replacement must fit in. */
export interface CodeRegion {
  range: vscode.Range;
  /** The text in `range` when the request was made. */
  text: string;
  /** False when the range starts mid-line: the replacement's first line continues that line. */
  indentFirstLine: boolean;
  baseIndent: string;
  snippet: CodeSnippet;
  before: string;
  after: string;
}

/**
 * The region for a selection. A selection over several lines, or over all of one line's code,
 * becomes whole lines, so the model sees (and returns) complete statements with their
 * indentation; a selection inside a line (an expression) is kept exactly.
 */
export function selectionRegion(doc: vscode.TextDocument, selection: vscode.Range): CodeRegion {
  const startLine = doc.lineAt(selection.start.line);
  const wholeLines =
    selection.start.line !== selection.end.line ||
    (selection.start.character <= startLine.firstNonWhitespaceCharacterIndex && selection.end.character >= startLine.text.trimEnd().length);
  let range = selection;
  if (wholeLines) {
    // A selection ending at column 0 stops before that line, as the user sees it.
    const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end : doc.lineAt(selection.end.line).range.end;
    range = new vscode.Range(new vscode.Position(selection.start.line, 0), end);
  }
  const text = doc.getText(range);
  return {
    range,
    text,
    indentFirstLine: wholeLines,
    baseIndent: wholeLines ? baseIndentation(text, tabSizeFor(doc)) : startLine.text.slice(0, startLine.firstNonWhitespaceCharacterIndex),
    snippet: snippetOf(doc, range, text),
    ...contextAround(doc, range, CONTEXT_LINES),
  };
}

/**
 * The region for a diagnostic: its lines and `CONTEXT_LINES` either side, all of which the model
 * may change (a fix often needs a line above, such as a declaration or an import nearby).
 */
export function diagnosticRegion(doc: vscode.TextDocument, diagnostic: vscode.Range): CodeRegion {
  const first = Math.max(0, diagnostic.start.line - CONTEXT_LINES);
  const last = Math.min(doc.lineCount - 1, diagnostic.end.line + CONTEXT_LINES);
  const range = new vscode.Range(new vscode.Position(first, 0), doc.lineAt(last).range.end);
  const text = doc.getText(range);
  return {
    range,
    text,
    indentFirstLine: true,
    baseIndent: baseIndentation(text, tabSizeFor(doc)),
    snippet: snippetOf(doc, range, text),
    before: '',
    after: '',
  };
}

/** A label for the region: "app.ts:3-9". */
export function regionLabel(doc: vscode.TextDocument, range: vscode.Range): string {
  const name = displayPath(doc).split(/[\\/]/).pop() ?? 'untitled';
  const { startLine, endLine } = lineSpan(range);
  return startLine === endLine ? `${name}:${startLine}` : `${name}:${startLine}-${endLine}`;
}

/** Workspace-relative path, or the untitled document's name. */
export function displayPath(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false);
}

/** 1-based inclusive lines as a person reads them: a range ending at column 0 ends on the line before. */
export function lineSpan(range: vscode.Range): { startLine: number; endLine: number } {
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return { startLine: range.start.line + 1, endLine };
}

function snippetOf(doc: vscode.TextDocument, range: vscode.Range, text: string): CodeSnippet {
  return { path: displayPath(doc), language: doc.languageId, ...lineSpan(range), code: text };
}

function contextAround(doc: vscode.TextDocument, range: vscode.Range, lines: number): { before: string; after: string } {
  const beforeStart = Math.max(0, range.start.line - lines);
  const before = range.start.line > 0 ? doc.getText(new vscode.Range(beforeStart, 0, range.start.line, 0)) : '';
  const afterFrom = range.end.character === 0 ? range.end.line : range.end.line + 1;
  const afterLast = Math.min(doc.lineCount - 1, afterFrom + lines - 1);
  const after = afterFrom < doc.lineCount ? doc.getText(new vscode.Range(afterFrom, 0, afterLast, doc.lineAt(afterLast).text.length)) : '';
  return { before, after };
}

function tabSizeFor(doc: vscode.TextDocument): number {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const size = editor?.options.tabSize;
  return typeof size === 'number' ? size : vscode.workspace.getConfiguration('editor', doc).get<number>('tabSize', 4);
}

/** The editor's indentation style for a document: the visible editor's (after detection) or the settings'. */
export function indentStyleFor(doc: vscode.TextDocument): { useTabs: boolean; tabSize: number } {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const config = vscode.workspace.getConfiguration('editor', doc);
  const insertSpaces = editor?.options.insertSpaces;
  return {
    useTabs: typeof insertSpaces === 'boolean' ? !insertSpaces : !config.get<boolean>('insertSpaces', true),
    tabSize: tabSizeFor(doc),
  };
}
