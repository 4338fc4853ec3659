// Agent mode's editor side: the workspace folder, the settings, the tools, checkpoints under the
// extension's storage (so they survive a reload), capabilities from the catalogue and experience,
// and an edit's diff in VS Code's own diff editor. The proposed text is served read-only from
// memory under its own scheme: nothing is written to the file before Approve.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentWorkspace } from '../chat/agentPorts';
import type { GatewayService } from '../services/gatewayService';
import type { ModelCapabilityService } from '../models/modelCapabilities';
import { readAgentSettings } from './agentSettings';
import { agentTools } from './agentTools';
import { Checkpoint } from './checkpoints';
import type { EditProposal } from './editProposal';

// Not the code actions' scheme (switchboard-proposal): two providers on one scheme would answer each other's documents.
export const PROPOSAL_SCHEME = 'switchboard-agent-proposal';
/** Proposals kept for the diff editor; older ones are dropped (their tabs show an empty side). */
const MAX_PROPOSALS = 50;

export class VscodeAgentWorkspace implements AgentWorkspace, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly gateway: GatewayService,
    private readonly capabilityService: ModelCapabilityService,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // By path: the URI coming back from the workbench may differ in encoding from the one made here.
    return this.proposals.get(uri.path) ?? '';
  }

  root(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  settings(): ReturnType<typeof readAgentSettings> {
    return readAgentSettings();
  }

  tools(): ReturnType<typeof agentTools> {
    return agentTools();
  }

  checkpoint(taskId: string, root: string): Checkpoint {
    const safe = taskId.replace(/[^\w-]/g, '').slice(0, 80) || 'task';
    return new Checkpoint(path.join(this.storage.fsPath, 'agent-checkpoints', safe), root);
  }

  async capabilities(model: string): Promise<{ toolCalling: boolean; contextWindow?: number; toolCallingReason?: string }> {
    const info = (await this.gateway.models().catch(() => [])).find((m) => m.id === model);
    return this.capabilityService.capabilitiesFor(this.gateway.provider, model, info);
  }

  async showDiff(callId: string, payload: unknown): Promise<void> {
    const proposal = payload as EditProposal;
    const name = path.basename(proposal.path);
    const proposed = this.remember(vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${callId}/proposed/${name}` }), proposal.proposed);
    // A file the edit creates does not exist yet: its left side is an empty read-only document.
    const original = proposal.creates ? this.remember(vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${callId}/original/${name}` }), '') : proposal.uri;
    await vscode.commands.executeCommand('vscode.diff', original, proposed, `${proposal.path} (proposed by Switchboard's agent)`, { preview: true });
  }

  private remember(uri: vscode.Uri, text: string): vscode.Uri {
    if (this.proposals.size >= MAX_PROPOSALS) this.proposals.delete(this.proposals.keys().next().value as string);
    this.proposals.set(uri.path, text);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.proposals.clear();
  }
}
