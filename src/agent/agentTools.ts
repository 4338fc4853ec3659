// The agent's tool set: built-ins plus, when enabled, other extensions' tools.
import type { WorkspaceToolContext } from './context';
import { runCommand } from './commandTool';
import { editTools } from './editTools';
import { externalTools } from './externalTools';
import { readTools } from './readTools';
import type { AgentTool } from './tool';

export const builtInTools: readonly AgentTool<WorkspaceToolContext>[] = [...readTools, ...editTools, runCommand];

export function agentTools(): AgentTool<WorkspaceToolContext>[] {
  const names = new Set(builtInTools.map((tool) => tool.name));
  return [...builtInTools, ...externalTools(names)];
}
