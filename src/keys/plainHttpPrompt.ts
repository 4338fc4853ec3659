import * as vscode from 'vscode';

/** The once-per-host question before a key goes to another machine over plain http. */
export async function askPlainHttp(host: string): Promise<boolean> {
  const send = 'Send Over HTTP';
  const choice = await vscode.window.showWarningMessage(
    `Send your API key to ${host} over plain http?`,
    {
      modal: true,
      detail: 'The connection is not encrypted: anyone on the network path can read the key. Use an https base URL if the gateway has one. Your answer is remembered for this host.',
    },
    send,
  );
  return choice === send;
}
