// The editor's side of model capabilities: what was learned (a gateway that refused tools),
// remembered across sessions in global state, and the user's `switchboard.models.capabilities`.
// The vscode.lm provider and the turn runner ask `capabilitiesFor` before offering tools or images.
import * as vscode from 'vscode';
import { CapabilityBook, parseCapabilityDeclarations, resolveCapabilities, type CapabilityDeclaration, type ModelCapabilities } from '../gateway/capabilities';
import type { ModelInfo } from '../gateway/types';

const STATE_KEY = 'switchboard.capabilities.learned';

/**
 * The setting from user settings only (it is application-scoped): a workspace must not be able to
 * switch tools or image upload on for a model, nor inflate a context window.
 */
export function capabilityDeclarations(): Record<string, CapabilityDeclaration> {
  const info = vscode.workspace.getConfiguration('switchboard').inspect<unknown>('models.capabilities');
  return parseCapabilityDeclarations(info?.globalValue ?? info?.defaultValue);
}

export class ModelCapabilityService implements vscode.Disposable {
  readonly book: CapabilityBook;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Something learned, forgotten or declared changed: re-read capabilities. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(memory: vscode.Memento) {
    this.book = new CapabilityBook({ load: () => memory.get(STATE_KEY), save: (state) => memory.update(STATE_KEY, state) });
    const unsubscribe = this.book.onDidChange(() => this.changed.fire());
    this.subscriptions.push(
      { dispose: unsubscribe },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('switchboard.models.capabilities')) this.changed.fire();
      }),
    );
  }

  capabilitiesFor(provider: string, modelId: string, info: ModelInfo | undefined): ModelCapabilities {
    return resolveCapabilities(provider, modelId, info, this.book, capabilityDeclarations());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
