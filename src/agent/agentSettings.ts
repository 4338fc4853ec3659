// The agent's settings, read fresh for each decision. All are application-scoped (and listed in
// restrictedConfigurations), so a repository's .vscode/settings.json cannot widen them.
import * as vscode from 'vscode';
import type { ApprovalSettings, AutoApproveKind } from './approvalPolicy';

const KINDS: readonly AutoApproveKind[] = ['read', 'edit', 'command'];

export interface AgentSettings extends ApprovalSettings {
  readonly maxSteps: number;
  readonly budgetCredits: number;
  readonly externalTools: boolean;
}

export function readAgentSettings(): AgentSettings {
  const config = vscode.workspace.getConfiguration('switchboard.agent');
  const autoApprove = config.get<unknown[]>('autoApprove', ['read']);
  const allowed = config.get<unknown[]>('allowedCommands', []);
  return {
    autoApprove: Array.isArray(autoApprove) ? KINDS.filter((kind) => autoApprove.includes(kind)) : ['read'],
    allowedCommands: Array.isArray(allowed) ? allowed.filter((p): p is string => typeof p === 'string') : [],
    maxSteps: Math.max(1, Math.floor(config.get<number>('maxSteps', 25))),
    budgetCredits: Math.max(0, config.get<number>('budgetCredits', 1000)),
    externalTools: config.get<boolean>('externalTools', false),
  };
}
