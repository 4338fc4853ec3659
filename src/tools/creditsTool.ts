// switchboard_getCredits: the balance the gateway last reported, spend today and the time to the
// daily reset, for the current provider. Reads the ledger only: free, so it asks no confirmation.
import * as vscode from 'vscode';
import type { GatewayService } from '../services/gatewayService';
import { creditsResult } from './toolText';

export class GetCreditsTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly gateway: GatewayService) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: `Reading the ${this.gateway.providerLabel()} credit balance` };
  }

  invoke(): vscode.LanguageModelToolResult {
    const view = this.gateway.credits();
    const facts = {
      provider: view?.providerLabel ?? this.gateway.providerLabel(),
      unit: view?.unit ?? 'credits',
      spentToday: view?.spentToday ?? 0,
      estimated: view?.estimated ?? true,
      ...(view?.balance !== undefined ? { balance: view.balance } : {}),
      ...(view?.balanceAt !== undefined ? { balanceAt: view.balanceAt } : {}),
      ...(view?.nextResetAt !== undefined ? { nextResetAt: view.nextResetAt } : {}),
    };
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(creditsResult(facts, Date.now())))]);
  }
}
