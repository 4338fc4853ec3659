// The Generation Tasks view: one row per video task with its status, model and elapsed time; the
// inline actions (Open, Cancel, Retry, Remove) come from package.json, keyed on contextValue.
import * as vscode from 'vscode';
import type { GatewayService } from '../services/gatewayService';
import { contextValueFor, shortText, STATE_ICONS, taskDescription, taskDetails } from './taskLabels';
import { isActive, type VideoTaskRecord } from './videoTask';
import type { VideoTaskService } from './videoTaskService';

export interface TaskNode {
  id: string;
}

const ERROR_COLOUR = new vscode.ThemeColor('errorForeground');

export class TasksTreeProvider implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly tasks: VideoTaskService,
    private readonly gateway: GatewayService,
  ) {
    this.subscription = tasks.onDidChangeTasks((event) => {
      if (event.kind !== 'download-progress') this.refresh();
    });
  }

  /** Redraws, and keeps redrawing each second while a task runs so elapsed times move. */
  refresh(): void {
    this.changed.fire(undefined);
    const running = this.tasks.list().some(isActive);
    if (running && !this.ticker) this.ticker = setInterval(() => this.refresh(), 1000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  getChildren(element?: TaskNode): TaskNode[] {
    if (element) return [];
    return this.tasks.list().map((record) => ({ id: record.id }));
  }

  getTreeItem(node: TaskNode): vscode.TreeItem {
    const record = this.tasks.get(node.id);
    if (!record) return new vscode.TreeItem('(removed)');
    return treeItemFor(record, Date.now(), this.gateway.preset(record.provider).displayName);
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function treeItemFor(record: VideoTaskRecord, now: number, providerName: string): vscode.TreeItem {
  const item = new vscode.TreeItem(shortText(record.prompt, 60), vscode.TreeItemCollapsibleState.None);
  item.id = record.id;
  item.description = taskDescription(record, now);
  item.contextValue = contextValueFor(record.state);
  const failed = record.state === 'failed' || record.state === 'timedout';
  item.iconPath = new vscode.ThemeIcon(STATE_ICONS[record.state], failed ? ERROR_COLOUR : undefined);
  const tooltip = new vscode.MarkdownString();
  for (const line of taskDetails(record, now, providerName)) tooltip.appendText(line).appendMarkdown('  \n');
  item.tooltip = tooltip;
  if (record.state === 'done' && record.file) {
    item.resourceUri = vscode.Uri.file(record.file);
    item.command = { command: 'switchboard.tasks.open', title: 'Open', arguments: [{ id: record.id }] };
  }
  return item;
}
