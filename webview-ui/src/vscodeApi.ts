import type { WebviewToHost } from '../../src/shared/protocol';

/** What VS Code keeps for us across a hidden or recreated view: the draft only, never the transcript. */
export interface DraftState {
  draft: string;
  /** Set while the user edits their last message for Edit & Resend. */
  editingMessageId?: string;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostBridge {
  post(message: WebviewToHost): void;
  loadDraft(): DraftState;
  saveDraft(state: DraftState): void;
}

export function connectToHost(): HostBridge {
  // acquireVsCodeApi may be called only once per page load.
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadDraft: () => parseDraft(api.getState()),
    saveDraft: (state) => api.setState(state),
  };
}

function parseDraft(raw: unknown): DraftState {
  if (typeof raw !== 'object' || raw === null) return { draft: '' };
  const { draft, editingMessageId } = raw as Record<string, unknown>;
  return {
    draft: typeof draft === 'string' ? draft : '',
    ...(typeof editingMessageId === 'string' ? { editingMessageId } : {}),
  };
}
