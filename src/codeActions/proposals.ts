import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { shiftSpanThrough, type Span } from './rangeTracking';

export const PROPOSAL_SCHEME = 'switchboard-proposal';
const CONTEXT_KEY = 'switchboard.proposalOpen';

/**
 * Follows the range a request will replace from the moment the request is sent: edits above it
 * move it, edits that touch it make it stale (`range` becomes undefined).
 */
export class RangeTracker {
  private span: Span | undefined;

  constructor(
    readonly uri: vscode.Uri,
    range: vscode.Range,
    /** The text in the range when the request was sent: what Accept expects to replace. */
    readonly originalText: string,
  ) {
    this.span = { start: range.start, end: range.end };
  }

  get range(): vscode.Range | undefined {
    const s = this.span;
    return s ? new vscode.Range(s.start.line, s.start.character, s.end.line, s.end.character) : undefined;
  }

  apply(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    if (this.span) this.span = shiftSpanThrough(this.span, changes);
  }
}

/** What the commands return (and the tests read): plain data about one proposal. */
export interface ProposalInfo {
  id: string;
  /** The document the proposal changes. */
  uri: string;
  /** The right side of the diff. */
  proposalUri: string;
  /** The code that replaces the range, as it will be inserted. */
  replacement: string;
  /** True when the code under the range changed since the request was sent: Accept will refuse. */
  stale: boolean;
}

export type AcceptResult = { applied: true } | { applied: false; reason: string };

interface Proposal {
  id: string;
  tracker: RangeTracker;
  replacement: string;
  proposalUri: vscode.Uri;
  /** The right side's text when it was last computed; shown unchanged once the proposal is stale. */
  snapshot: string;
  /** Seen in the tab model: from then on, its diff tab closing means the user dismissed it. */
  seen: boolean;
}

/** A reference to a proposal: its id, its diff's right-side URI, the changed document's URI, or nothing (the active diff). */
export type ProposalRef = string | vscode.Uri | undefined;

/**
 * Open proposals: the right side of each diff (a read-only virtual document under
 * `switchboard-proposal:`), the context key that shows Accept/Reject in the editor title, and
 * Accept (one WorkspaceEdit, so one undo step) and Reject.
 */
export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly trackers = new Set<RangeTracker>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.window.tabGroups.onDidChangeTabs(() => this.sweepClosedDiffs()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.sweepClosedDiffs()),
      this.changed,
    ];
  }

  /** Starts following a range; call before sending the request, dispose when no proposal comes of it. */
  track(doc: vscode.TextDocument, range: vscode.Range): vscode.Disposable & { tracker: RangeTracker } {
    const tracker = new RangeTracker(doc.uri, range, doc.getText(range));
    this.trackers.add(tracker);
    return { tracker, dispose: () => this.untrack(tracker) };
  }

  private untrack(tracker: RangeTracker): void {
    if (![...this.proposals.values()].some((p) => p.tracker === tracker)) this.trackers.delete(tracker);
  }

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const key = e.document.uri.toString();
    for (const tracker of this.trackers) if (tracker.uri.toString() === key) tracker.apply(e.contentChanges);
    for (const p of this.proposals.values()) if (p.tracker.uri.toString() === key) this.changed.fire(p.proposalUri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const proposal = this.proposals.get(idFromUri(uri) ?? '');
    return proposal ? this.proposedText(proposal) : '';
  }

  /** The whole document with the range replaced; the last such text once the range is stale. */
  private proposedText(p: Proposal): string {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.tracker.uri.toString());
    const range = p.tracker.range;
    if (doc && range) {
      const text = doc.getText();
      p.snapshot = text.slice(0, doc.offsetAt(range.start)) + p.replacement + text.slice(doc.offsetAt(range.end));
    }
    return p.snapshot;
  }

  /**
   * Opens the diff of the document against the proposal and offers Accept / Reject in a
   * notification as well as in the editor title. Returns without waiting for the user.
   */
  async propose(doc: vscode.TextDocument, tracker: RangeTracker, replacement: string, title: string, notes: string[] = []): Promise<ProposalInfo> {
    const id = randomUUID();
    const name = doc.uri.path.split('/').pop() || 'untitled';
    // The file name last, so the diff editor picks the language from its extension.
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/${name}` });
    const original = doc.getText();
    const proposal: Proposal = { id, tracker, replacement, proposalUri, snapshot: original, seen: false };
    this.trackers.add(tracker);
    this.proposals.set(id, proposal);
    this.proposedText(proposal);
    await this.updateContextKey();
    await vscode.commands.executeCommand('vscode.diff', doc.uri, proposalUri, `${name} ↔ Switchboard: ${title}`, { preview: false } satisfies vscode.TextDocumentShowOptions);

    const stale = !tracker.range;
    if (stale) {
      void vscode.window
        .showWarningMessage(
          `Switchboard: ${name} changed where the code was while the model was answering. The proposal is shown, but Accept will not overwrite your edits: run it again on the current code.`,
          'Close Diff',
        )
        .then((choice) => choice && this.reject(id));
    } else {
      void vscode.window
        .showInformationMessage([`Switchboard proposes a change to ${name}: ${title}.`, ...notes].join(' '), 'Accept', 'Reject')
        .then(async (choice) => {
          if (!this.proposals.has(id)) return;
          if (choice === 'Accept') await this.accept(id);
          else if (choice === 'Reject') await this.reject(id);
        });
    }
    return this.info(proposal);
  }

  private info(p: Proposal): ProposalInfo {
    return { id: p.id, uri: p.tracker.uri.toString(), proposalUri: p.proposalUri.toString(), replacement: p.replacement, stale: !p.tracker.range };
  }

  /** Applies the proposal as one WorkspaceEdit, unless the code under it changed: then refuses and says so. */
  async accept(ref: ProposalRef): Promise<AcceptResult> {
    const p = this.resolve(ref);
    if (!p) return this.nothingOpen();
    const doc = await vscode.workspace.openTextDocument(p.tracker.uri);
    const range = p.tracker.range;
    if (!range || doc.getText(range) !== p.tracker.originalText) {
      const reason = `The code this proposal replaces in ${vscode.workspace.asRelativePath(doc.uri, false)} was edited after the request was sent, so Switchboard did not apply it and kept your changes. Run the action again on the current code.`;
      void vscode.window.showWarningMessage(`Switchboard: ${reason}`, 'Reject Proposal').then((choice) => choice && this.reject(p.id));
      return { applied: false, reason };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, range, p.replacement);
    if (!(await vscode.workspace.applyEdit(edit))) {
      const reason = `VS Code did not apply the change to ${vscode.workspace.asRelativePath(doc.uri, false)} (the file may be read-only).`;
      void vscode.window.showWarningMessage(`Switchboard: ${reason}`);
      return { applied: false, reason };
    }
    await this.close(p);
    const start = range.start;
    const end = doc.positionAt(doc.offsetAt(start) + p.replacement.length);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(start, end), preview: false });
    return { applied: true };
  }

  /** Closes the diff and forgets the proposal; the document is left as it is. */
  async reject(ref: ProposalRef): Promise<boolean> {
    const p = this.resolve(ref);
    if (!p) {
      this.nothingOpen();
      return false;
    }
    await this.close(p);
    return true;
  }

  private nothingOpen(): AcceptResult {
    const reason = 'No Switchboard proposal is open.';
    void vscode.window.showInformationMessage(reason);
    return { applied: false, reason };
  }

  private resolve(ref: ProposalRef): Proposal | undefined {
    if (typeof ref === 'string') return this.proposals.get(ref);
    if (ref instanceof vscode.Uri) {
      if (ref.scheme === PROPOSAL_SCHEME) return this.proposals.get(idFromUri(ref) ?? '');
      return this.latest((p) => p.tracker.uri.toString() === ref.toString());
    }
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME) {
      return this.proposals.get(idFromUri(input.modified) ?? '');
    }
    return this.latest(() => true);
  }

  private latest(match: (p: Proposal) => boolean): Proposal | undefined {
    return [...this.proposals.values()].filter(match).pop();
  }

  private async close(p: Proposal): Promise<void> {
    this.proposals.delete(p.id);
    this.trackers.delete(p.tracker);
    await this.updateContextKey();
    const tabs = diffTabsOf(p.proposalUri);
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  /** A proposal whose diff the user closed is dismissed, like Reject. */
  private sweepClosedDiffs(): void {
    let dismissed = false;
    for (const p of [...this.proposals.values()]) {
      const open = diffTabsOf(p.proposalUri).length > 0;
      if (open) p.seen = true;
      else if (p.seen) {
        this.proposals.delete(p.id);
        this.trackers.delete(p.tracker);
        dismissed = true;
      }
    }
    if (dismissed) void this.updateContextKey();
  }

  private async updateContextKey(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.proposals.size > 0);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.proposals.clear();
    this.trackers.clear();
  }
}

function idFromUri(uri: vscode.Uri): string | undefined {
  return uri.path.split('/')[1] || undefined;
}

function diffTabsOf(proposalUri: vscode.Uri): vscode.Tab[] {
  const key = proposalUri.toString();
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key);
}
