import * as vscode from 'vscode';
import type { Log } from '../log/log';
import type { CodeRegion } from './codeRegion';
import { indentStyleFor, regionLabel } from './codeRegion';
import { showFailure } from './errorNotice';
import { fitReplacement } from './indentation';
import { rewriteMessages } from './prompts';
import type { ProposalInfo, ProposalStore } from './proposals';
import { requestRewrite, type RewriteBackend } from './rewriteRequest';

export interface RewriteJob {
  doc: vscode.TextDocument;
  region: CodeRegion;
  instruction: string;
  /** Shown in the progress notification, the diff title and the proposal notification. */
  title: string;
  /** For messages and the log: "Refactor", "Fix". */
  what: string;
  /** Runs the action again from scratch (the Retry button of a failure). */
  retry?: () => Thenable<unknown>;
}

/**
 * Refactor and Fix alike: sends the region and instruction, turns the answer into code that fits
 * where the region was, and opens it as a proposal. Undefined when there is nothing to propose
 * (no key, cancelled, failed, no code, no change): the user has been told why where it matters.
 */
export async function runRewrite(backend: RewriteBackend, store: ProposalStore, log: Log, job: RewriteJob): Promise<ProposalInfo | undefined> {
  if (!(await backend.ensureKey())) return undefined;
  const { doc, region } = job;
  const label = regionLabel(doc, region.range);
  // Tracking starts now, so an edit while the model answers is noticed too.
  const tracking = store.track(doc, region.range);
  try {
    const messages = rewriteMessages({ snippet: region.snippet, instruction: job.instruction, before: region.before, after: region.after });
    let answer;
    try {
      answer = await requestRewrite(backend, messages, `Switchboard: ${job.title} (${label})`);
    } catch (err) {
      showFailure(job.what, err, log, { gateway: backend, ...(job.retry ? { retry: job.retry } : {}) });
      return undefined;
    }
    if (answer.cancelled) {
      vscode.window.setStatusBarMessage(`Switchboard: ${job.what} cancelled`, 4000);
      return undefined;
    }
    // Loaded on first use: the Markdown parser is not needed to activate the extension.
    const { extractCode } = await import('./extractCode');
    const code = extractCode(answer.text);
    if (!code.trim()) {
      log.warn(`${job.what} of ${label}: ${answer.model} answered without code (${answer.text.length} characters).`);
      void vscode.window.showWarningMessage(`Switchboard: ${answer.model} answered without any code, so there is nothing to propose. Try again or pick another model.`);
      return undefined;
    }
    const replacement = fitReplacement(code, region.text, {
      baseIndent: region.baseIndent,
      indentFirstLine: region.indentFirstLine,
      style: indentStyleFor(doc),
      eol: doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    });
    if (replacement === region.text) {
      void vscode.window.showInformationMessage(`Switchboard: ${answer.model} proposes no change to ${label}.`);
      return undefined;
    }
    const notes = answer.finishReason === 'length' ? ['The answer stopped at the token limit: check the end of the proposal.'] : [];
    log.info(`${job.what} of ${label} with ${answer.model}: proposal of ${replacement.split('\n').length} lines.`);
    return await store.propose(doc, tracking.tracker, replacement, job.title, notes);
  } finally {
    tracking.dispose();
  }
}
