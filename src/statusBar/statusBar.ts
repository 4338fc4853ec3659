import * as vscode from 'vscode';
import { formatCredits } from '../gateway/creditsText';
import type { CreditsView } from '../shared/protocol';

export interface StatusSource {
  readonly onDidChange: vscode.Event<void>;
  readonly onDidChangeCredits: vscode.Event<void>;
  providerLabel(): string;
  currentChatModel(): Promise<string>;
  credits(): CreditsView | undefined;
  hasKey(): Promise<boolean>;
}

/** Provider · model · credits; clicking it opens the chat. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('switchboard.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly source: StatusSource) {
    this.item.name = 'Switchboard';
    this.item.command = 'switchboard.focusChat';
    this.subscriptions = [source.onDidChange(() => void this.update()), source.onDidChangeCredits(() => void this.update())];
    void this.update();
    this.item.show();
  }

  async update(): Promise<void> {
    const [model, hasKey] = await Promise.all([this.source.currentChatModel(), this.source.hasKey()]);
    const credits = this.source.credits();
    const provider = this.source.providerLabel();
    const money = creditsShort(credits);
    this.item.text = `$(comment-discussion) ${provider} · ${model}${money ? ` · ${money}` : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Switchboard** — ${provider}, model \`${model}\`\n\n`);
    if (!hasKey) tooltip.appendMarkdown('No API key set. Run **Switchboard: Set API Key**.\n\n');
    if (credits) tooltip.appendMarkdown(creditsLong(credits));
    tooltip.appendMarkdown('\n\nClick to open the chat.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Switchboard: ${provider}, model ${model}${money ? `, ${money}` : ''}. Open the chat.` };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

export function creditsShort(credits: CreditsView | undefined): string | undefined {
  if (!credits) return undefined;
  if (credits.balance !== undefined) return `${formatCredits(credits.balance)} cr`;
  return `≈${formatCredits(credits.spentToday)} cr today`;
}

function creditsLong(c: CreditsView): string {
  const lines: string[] = [];
  if (c.balance !== undefined) lines.push(`Balance: **${formatCredits(c.balance)}** ${c.unit}${c.balanceAt ? ` (reported ${new Date(c.balanceAt).toLocaleTimeString()})` : ''}`);
  if (c.lastCost) lines.push(`Last reply: ${formatCredits(c.lastCost.credits)}${c.lastCost.estimated ? ' (estimated)' : ''}`);
  lines.push(`Today: ${formatCredits(c.spentToday)}${c.estimated ? ' (estimated from usage × rate)' : ''}`);
  lines.push(`This session: ${formatCredits(c.spentSession)}`);
  if (c.nextResetAt) lines.push(`Daily reset: ${new Date(c.nextResetAt).toLocaleString()}`);
  return lines.join('  \n');
}
