// What the built-in tools need from the loop besides the stop signal.
import type { Checkpoint } from './checkpoints';
import type { EditProposal } from './editProposal';
import type { ToolContext } from './tool';

export interface WorkspaceToolContext extends ToolContext {
  /** The workspace folder's path; every tool path is relative to it and confined to it. */
  readonly root: string;
  /** Records a file before the task first changes it; absent when the task keeps no checkpoint. */
  readonly checkpoint?: Checkpoint;
  /** Shows the proposal (diff) and resolves true on Approve; absent means approved by policy. */
  readonly review?: (proposal: EditProposal) => Promise<boolean>;
  /** Where a running command's output is shown to the user while it runs. */
  readonly onCommandOutput?: (text: string) => void;
}
