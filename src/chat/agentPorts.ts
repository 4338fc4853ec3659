// What Agent mode in the chat needs from the editor, so the session and the loop run without it
// (the unit tests give a Node implementation; agentWorkspace.ts is VS Code's).
import type { ApprovalSettings } from '../agent/approvalPolicy';
import type { Checkpoint } from '../agent/checkpoints';
import type { WorkspaceToolContext } from '../agent/context';
import type { AgentTool } from '../agent/tool';

export interface AgentWorkspace {
  /** The workspace folder tools work in; undefined when no folder is open. */
  root(): string | undefined;
  settings(): ApprovalSettings & { maxSteps: number; budgetCredits: number };
  tools(): AgentTool<WorkspaceToolContext>[];
  /** The task's checkpoint, kept on disk so it survives a reload. */
  checkpoint(taskId: string, root: string): Checkpoint;
  /** Whether the model takes tools, and its context window. */
  capabilities(model: string): Promise<{ toolCalling: boolean; contextWindow?: number; toolCallingReason?: string }>;
  /** Shows an edit waiting for approval (VS Code's diff editor). */
  showDiff(callId: string, proposal: unknown): Promise<void>;
  /** Text a running command printed, for surfaces that show it. */
  commandOutput?(callId: string, text: string): void;
}
