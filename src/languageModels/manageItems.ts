// The entries of "Manage Language Models" for the Switchboard vendor: what VS Code's model picker
// opens from its gear, and the palette command of the same name.

export type ManageAction = 'setApiKey' | 'selectProvider' | 'selectModel' | 'refreshModels' | 'showLog';

export interface ManageState {
  providerLabel: string;
  hasKey: boolean;
  /** Display name of the chat model Switchboard's own chat and @switchboard use. */
  modelLabel: string;
  chatModelCount: number;
}

export interface ManageItem {
  action: ManageAction;
  label: string;
  description: string;
  detail?: string;
}

export function manageItems(state: ManageState): ManageItem[] {
  return [
    {
      action: 'setApiKey',
      label: state.hasKey ? '$(key) Change API Key…' : '$(key) Set API Key…',
      description: state.hasKey ? `${state.providerLabel} key is set` : `No ${state.providerLabel} key yet`,
      ...(state.hasKey ? {} : { detail: 'Models appear in VS Code once the key is set.' }),
    },
    { action: 'selectProvider', label: '$(server) Select Provider…', description: `Current: ${state.providerLabel}` },
    { action: 'selectModel', label: '$(symbol-class) Select Model…', description: `Current: ${state.modelLabel}`, detail: 'The model @switchboard and the Switchboard chat answer with.' },
    {
      action: 'refreshModels',
      label: '$(refresh) Refresh Models',
      description: state.hasKey ? `${state.chatModelCount} chat models offered to VS Code` : 'Needs a key',
    },
    { action: 'showLog', label: '$(output) Show Log', description: 'Requests, timings and credits' },
  ];
}

export const ACTION_COMMANDS: Record<ManageAction, string> = {
  setApiKey: 'switchboard.setApiKey',
  selectProvider: 'switchboard.selectProvider',
  selectModel: 'switchboard.selectModel',
  refreshModels: 'switchboard.refreshModels',
  showLog: 'switchboard.showLog',
};
