import * as vscode from 'vscode';
import { redact } from '../gateway/errors';

/**
 * The extension's LogOutputChannel, with every line passed through `redact` so that no key can
 * reach the log even when a caller formats one into a message by mistake.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Switchboard', { log: true });
  private secrets: string[] = [];

  setKnownSecrets(secrets: string[]): void {
    this.secrets = secrets.filter((s) => s.length > 0);
  }

  info(message: string): void {
    this.channel.info(redact(message, ...this.secrets));
  }

  warn(message: string): void {
    this.channel.warn(redact(message, ...this.secrets));
  }

  error(message: string): void {
    this.channel.error(redact(message, ...this.secrets));
  }

  debug(message: string): void {
    this.channel.debug(redact(message, ...this.secrets));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
