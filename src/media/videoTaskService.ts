// The editor side of video tasks: Generate Video…, the runner that polls and downloads (persisted
// under global storage), a cancellable notification per running task, and the messages when one
// finishes, fails or times out.
import * as vscode from 'vscode';
import path from 'node:path';
import type { ProviderId } from '../gateway/providers';
import type { Log } from '../log/log';
import type { GatewayService } from '../services/gatewayService';
import { FileDownloadLock } from './downloadLock';
import { mediaBaseName } from './fileNames';
import { showMediaError } from './mediaErrors';
import { maxDownloadBytes, videoModelSetting, videoTimeoutMs } from './mediaSettings';
import { chooseModel } from './modelChoice';
import { chooseSaveLocation } from './saveLocation';
import { elapsedLabel, elapsedMs, shortText, statusLabel } from './taskLabels';
import { isActive, type VideoTaskRecord } from './videoTask';
import { VideoTaskRunner, type TaskEvent } from './videoTaskRunner';
import { VideoTaskStore } from './videoTaskStore';

export interface VideoArgs {
  prompt?: string;
  model?: string;
  /** A folder inside a workspace folder (Uri or absolute path), or a path relative to it. */
  folder?: vscode.Uri | string;
  interactive?: boolean;
  /** Show the task's progress notification (default true). */
  notify?: boolean;
}

export function videoArgsFrom(arg: unknown): VideoArgs {
  if (arg instanceof vscode.Uri) return { folder: arg };
  if (typeof arg === 'string') return { prompt: arg };
  return typeof arg === 'object' && arg !== null ? (arg as VideoArgs) : {};
}

export class VideoTaskService implements vscode.Disposable {
  private runner: VideoTaskRunner;
  private unsubscribe: () => void = () => undefined;
  private readonly taskChanged = new vscode.EventEmitter<TaskEvent>();
  /** Fires for every change of any task (and for download progress). */
  readonly onDidChangeTasks = this.taskChanged.event;
  private readonly followed = new Set<string>();

  constructor(
    private readonly gateway: GatewayService,
    private readonly memory: vscode.Memento,
    private readonly log: Log,
    private readonly storageDir: string,
  ) {
    this.runner = this.createRunner();
  }

  private createRunner(): VideoTaskRunner {
    const runner = new VideoTaskRunner({
      store: new VideoTaskStore(path.join(this.storageDir, 'video-tasks'), (message) => this.log.warn(message)),
      lock: new FileDownloadLock(path.join(this.storageDir, 'video-locks'), 60_000, (message) => this.log.warn(message)),
      gatewayFor: (provider) => this.gateway.client(provider),
      timeoutMs: videoTimeoutMs,
      maxDownloadBytes,
      providerName: (provider) => this.gateway.preset(provider).displayName,
      log: (level, message) => this.log[level](message),
    });
    this.unsubscribe = runner.onDidChange((event) => this.onTaskEvent(event));
    return runner;
  }

  /** Loads the stored tasks and carries on with the unfinished ones (on activation). */
  async start(): Promise<VideoTaskRecord[]> {
    const resumed = await this.runner.start();
    if (resumed.length) this.log.info(`Resumed ${resumed.length} video task(s) from the last session.`);
    for (const record of resumed) this.follow(record.id);
    return resumed;
  }

  /**
   * What a restart of the extension host does to the tasks: everything in memory stops without
   * touching the store, and a fresh runner picks up from the store.
   */
  async restart(): Promise<VideoTaskRecord[]> {
    this.unsubscribe();
    this.runner.dispose();
    this.runner = this.createRunner();
    return this.start();
  }

  list(): VideoTaskRecord[] {
    return this.runner.list();
  }

  get(id: string): VideoTaskRecord | undefined {
    return this.runner.get(id);
  }

  /** The command: shows its own errors. */
  async run(arg?: unknown): Promise<VideoTaskRecord | undefined> {
    try {
      return await this.submit(videoArgsFrom(arg));
    } catch (error) {
      void showMediaError('Video generation', error, this.log, { gateway: this.gateway });
      return undefined;
    }
  }

  /** Submits a task; throws on failure, undefined when the user backed out. */
  async submit(args: VideoArgs): Promise<VideoTaskRecord | undefined> {
    const interactive = args.interactive ?? !args.prompt?.trim();
    const provider: ProviderId = this.gateway.provider;
    if (!(await this.gateway.ensureKey(provider))) return undefined;
    const prompt =
      args.prompt?.trim() ||
      (interactive
        ? (await vscode.window.showInputBox({ title: 'Switchboard: Generate Video', prompt: 'Describe the video', placeHolder: 'A paper boat drifting down a rainy street, slow motion', ignoreFocusOut: true }))?.trim()
        : undefined);
    if (!prompt) return undefined;
    const model = await chooseModel({ gateway: this.gateway, memory: this.memory, kind: 'video', provider, ...(args.model ? { explicit: args.model } : {}), setting: videoModelSetting(), interactive });
    if (!model) return undefined;
    const location = await chooseSaveLocation('video', args.folder, interactive);
    if (!location) return undefined;

    const rate = model.info?.rate;
    const cost = rate?.perVideo !== undefined ? `${rate.perVideo} credits` : rate?.label && rate.label !== 'TBD' ? rate.label : 'price not published';
    const { record, billing } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Switchboard: submitting a video task to ${model.info?.displayName ?? model.id} (${cost})`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          return await this.runner.submit({
            provider,
            model: model.id,
            prompt,
            target: { root: location.root, folder: location.relative, baseName: mediaBaseName(prompt, new Date(), 'video') },
            signal: abort.signal,
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    this.gateway.ledger(provider).record({ model: model.id, videos: 1, ...(billing ? { billing } : {}) });
    if (args.notify !== false) this.follow(record.id);
    return record;
  }

  async cancel(id: string): Promise<void> {
    await this.runner.cancel(id);
  }

  async retry(id: string): Promise<VideoTaskRecord | undefined> {
    try {
      const outcome = await this.runner.retry(id);
      if (!outcome) return undefined;
      if (outcome.billing) this.gateway.ledger(outcome.record.provider).record({ model: outcome.record.model, videos: 1, billing: outcome.billing });
      this.follow(outcome.record.id);
      return outcome.record;
    } catch (error) {
      void showMediaError('Retrying the video task', error, this.log, { gateway: this.gateway });
      return undefined;
    }
  }

  async remove(id: string): Promise<void> {
    await this.runner.remove(id);
  }

  async open(id: string): Promise<void> {
    const file = this.runner.get(id)?.file;
    if (file) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
  }

  /** A cancellable notification that follows one task until it is no longer running. */
  private follow(id: string): void {
    const first = this.runner.get(id);
    if (!first || !isActive(first) || this.followed.has(id)) return;
    this.followed.add(id);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Video: ${shortText(first.prompt, 40)}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          let shown = 0;
          let downloaded = '';
          const report = (): boolean => {
            const record = this.runner.get(id);
            if (!record || !isActive(record)) return false;
            const percent = record.state === 'downloading' ? 100 : (record.progress ?? 0);
            const increment = percent > shown ? percent - shown : 0;
            shown = Math.max(shown, percent);
            const status = record.state === 'downloading' && downloaded ? `Downloading ${downloaded}` : statusLabel(record);
            progress.report({ message: `${status} · ${record.model} · ${elapsedLabel(elapsedMs(record, Date.now()))}`, ...(increment ? { increment } : {}) });
            return true;
          };
          const finish = (): void => {
            subscription.dispose();
            cancelSubscription.dispose();
            clearInterval(ticker);
            this.followed.delete(id);
            resolve();
          };
          const subscription = this.onDidChangeTasks((event) => {
            if (event.kind === 'download-progress' && event.id === id) downloaded = `${(event.received / (1024 * 1024)).toFixed(1)} MB`;
            if ((event.kind === 'removed' && event.id === id) || !report()) finish();
          });
          const cancelSubscription = token.onCancellationRequested(() => void this.cancel(id));
          // The elapsed time moves even while the gateway says nothing new.
          const ticker = setInterval(() => {
            if (!report()) finish();
          }, 1000);
          if (!report()) finish();
        }),
    );
  }

  private onTaskEvent(event: TaskEvent): void {
    this.taskChanged.fire(event);
    if (event.kind !== 'changed' || !event.previous || !isActive(event.previous)) return;
    const record = event.record;
    const label = shortText(record.prompt, 50);
    if (record.state === 'done' && record.file) {
      const file = vscode.Uri.file(record.file);
      void vscode.window.showInformationMessage(`Switchboard: video ready — ${vscode.workspace.asRelativePath(file)}`, 'Open', 'Reveal in Explorer').then((choice) => {
        if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', file);
        if (choice === 'Reveal in Explorer') void vscode.commands.executeCommand('revealInExplorer', file);
      });
    } else if (record.state === 'failed') {
      void vscode.window.showErrorMessage(`Switchboard: video "${label}" failed. ${record.error ?? ''}`.trim(), 'Retry').then((choice) => {
        if (choice === 'Retry') void this.retry(record.id);
      });
    } else if (record.state === 'timedout') {
      void vscode.window.showWarningMessage(`Switchboard: video "${label}" timed out. ${record.error ?? ''}`.trim(), 'Retry').then((choice) => {
        if (choice === 'Retry') void this.retry(record.id);
      });
    }
  }

  dispose(): void {
    this.unsubscribe();
    this.runner.dispose();
    this.taskChanged.dispose();
  }
}
