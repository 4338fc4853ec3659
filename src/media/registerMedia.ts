// Images and videos into the workspace: the commands, the Generation Tasks view, the chat's
// /image and /video, and the video tasks resumed from the last session.
import * as vscode from 'vscode';
import type { ChatSession } from '../chat/chatSession';
import type { Log } from '../log/log';
import type { GatewayService } from '../services/gatewayService';
import { ImageGenerator } from './imageCommand';
import { registerMediaSlashCommands } from './chatSlashCommands';
import { contextValueFor, taskDescription } from './taskLabels';
import { TasksTreeProvider, type TaskNode } from './tasksTree';
import { VideoTaskService } from './videoTaskService';

export interface MediaDeps {
  context: vscode.ExtensionContext;
  gateway: GatewayService;
  chat: ChatSession;
  log: Log;
}

export interface MediaFeature {
  images: ImageGenerator;
  videos: VideoTaskService;
}

/** A task id from what a tree item, a test or a notification passes. */
function taskId(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as TaskNode).id === 'string') return (arg as TaskNode).id;
  return undefined;
}

export function registerMedia(deps: MediaDeps): MediaFeature {
  const { context, gateway, chat, log } = deps;
  const images = new ImageGenerator(gateway, context.globalState, log);
  const videos = new VideoTaskService(gateway, context.globalState, log, context.globalStorageUri.fsPath);
  const tree = new TasksTreeProvider(videos, gateway);
  const onTask = (run: (id: string) => unknown) => (arg: unknown) => {
    const id = taskId(arg);
    return id ? run(id) : undefined;
  };

  context.subscriptions.push(
    videos,
    tree,
    vscode.window.createTreeView('switchboard.tasks', { treeDataProvider: tree, showCollapseAll: false }),
    registerMediaSlashCommands(chat, images, videos),
    vscode.commands.registerCommand('switchboard.generateImage', (arg?: unknown) => images.run(arg)),
    vscode.commands.registerCommand('switchboard.generateVideo', (arg?: unknown) => videos.run(arg)),
    vscode.commands.registerCommand('switchboard.tasks.open', onTask((id) => videos.open(id))),
    vscode.commands.registerCommand('switchboard.tasks.cancel', onTask((id) => videos.cancel(id))),
    vscode.commands.registerCommand('switchboard.tasks.retry', onTask((id) => videos.retry(id))),
    vscode.commands.registerCommand('switchboard.tasks.remove', onTask((id) => videos.remove(id))),
    // Internal (underscore: not in the palette): the tasks as Generation Tasks shows them, for
    // @switchboard /video (which follows its task) and the in-editor tests (which cannot read a tree).
    vscode.commands.registerCommand('_switchboard.media.tasks', () =>
      videos.list().map((record) => ({ ...record, description: taskDescription(record, Date.now()), contextValue: contextValueFor(record.state) })),
    ),
    // Internal: stop all task work in memory and resume from the store, as an extension-host
    // restart does (the in-editor tests run inside the extension host, so they cannot restart it).
    vscode.commands.registerCommand('_switchboard.media.restartTasks', async () => (await videos.restart()).map((record) => record.id)),
  );

  void videos.start().then(
    () => tree.refresh(),
    (error: unknown) => log.warn(`Could not resume video tasks: ${error instanceof Error ? error.message : String(error)}`),
  );
  return { images, videos };
}
