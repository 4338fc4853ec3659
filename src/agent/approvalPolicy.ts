// What needs the user's Approve before it runs. Reads are auto-approved by default; an edit or a
// command only when the user's settings say so (those settings are application-scoped, so a
// repository cannot widen them). Pure so it is unit-tested without an editor.
import type { ToolKind } from './tool';

export type AutoApproveKind = 'read' | 'edit' | 'command';

export interface ApprovalSettings {
  readonly autoApprove: readonly AutoApproveKind[];
  readonly allowedCommands: readonly string[];
}

export interface ApprovalRequest {
  readonly kind: ToolKind;
  /** For command tools: the command line the model asked to run. */
  readonly command?: string;
}

export function needsApproval(request: ApprovalRequest, settings: ApprovalSettings): boolean {
  switch (request.kind) {
    case 'read':
      return !settings.autoApprove.includes('read');
    case 'edit':
      return !settings.autoApprove.includes('edit');
    case 'command':
      if (settings.autoApprove.includes('command')) return false;
      return !commandAllowed(request.command ?? '', settings.allowedCommands);
    default:
      // Other extensions' tools do what they like: always asked.
      return true;
  }
}

// Chaining, substitution and redirection let "npm test && curl … | sh" pass a prefix "npm test",
// so a command with any of them is never allowed by prefix alone.
const SHELL_CONTROL = /[;&|`<>\n\r]|\$\(/;

/** True when the command starts with one of the prefixes at a word boundary and chains nothing. */
export function commandAllowed(command: string, prefixes: readonly string[]): boolean {
  const text = command.trim();
  if (text === '' || SHELL_CONTROL.test(text)) return false;
  return prefixes.some((raw) => {
    const prefix = raw.trim();
    if (prefix === '' || !text.startsWith(prefix)) return false;
    return text.length === prefix.length || /\s/.test(text[prefix.length] ?? '');
  });
}
