// @switchboard in VS Code's chat: answers with the user's Switchboard model (running the tools the
// user attached to the request, see participantTools.ts), and /image and /video run Switchboard's
// generation commands and reply with the saved file.
import * as vscode from 'vscode';
import type { GatewayService } from '../services/gatewayService';
import type { Log } from '../log/log';
import { GatewayError } from '../gateway/errors';
import { describeFailure } from './failure';
import { actionFor, ERROR_ACTIONS } from '../errors/errorActions';
import { findTask, isTaskActive, savedFiles, taskEndMessage, taskFrom, type TaskSnapshot } from './mediaResult';
import { participantMessages, type Attachment, type HistoryTurn } from './participantPrompt';
import { VENDOR } from './chatModelProvider';
import { offeredTools, runToolLoop } from './participantTools';
import { readAgentSettings } from '../agent/agentSettings';

export const PARTICIPANT_ID = 'switchboard.participant';

export interface ParticipantDeps {
  gateway: GatewayService;
  log: Log;
  /** Runs the generation commands; `vscode.commands.executeCommand` unless a test stands in. */
  runCommand?: (command: string, ...args: unknown[]) => Thenable<unknown>;
  /** How often a rendering video is checked on. */
  taskPollMs?: number;
}

/** Media's listing of video tasks (internal command; see the report on issue 7). */
const TASK_LIST_COMMAND = '_switchboard.media.tasks';
const DEFAULT_TASK_POLL_MS = 2_000;

export interface ParticipantResultMetadata {
  provider: string;
  model?: string;
  credits?: number;
  creditsEstimated?: boolean;
  files?: string[];
}

export function createParticipantHandler(deps: ParticipantDeps): vscode.ChatRequestHandler {
  return async (request, context, response, token) => {
    if (request.command === 'image' || request.command === 'video') return generate(deps, request.command, request.prompt, response, token);
    return answer(deps, request, context, response, token);
  };
}

async function answer(
  { gateway, log }: ParticipantDeps,
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  response: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const provider = gateway.provider;
  const providerLabel = gateway.providerLabel();
  if (!(await gateway.ensureKey(provider))) {
    response.markdown(`Switchboard needs your ${providerLabel} API key before it can answer.`);
    const setKey = ERROR_ACTIONS['set-key'];
    if (setKey?.command) response.button({ command: setKey.command.id, title: setKey.label });
    return { metadata: { provider } satisfies ParticipantResultMetadata };
  }
  // A Switchboard model picked in VS Code's own model picker wins; otherwise Switchboard's selection.
  const model = request.model?.vendor === VENDOR ? request.model.id : await gateway.currentChatModel();
  const messages = participantMessages(historyTurns(context), request.prompt, await attachments(request.references));
  response.progress(`Asking ${model} via ${providerLabel}…`);

  const abort = new AbortController();
  const onCancel = token.onCancellationRequested(() => abort.abort());
  if (token.isCancellationRequested) abort.abort();
  let failure: GatewayError | Error | undefined;
  let cost: { credits: number; estimated: boolean } | undefined;
  let stepLimit: number | undefined;
  try {
    // Text of a step after a tool call starts a new paragraph rather than running on.
    let streamed = false;
    let stepStarted = false;
    const run = await runToolLoop({
      base: { model, messages, signal: abort.signal },
      offered: offeredTools(request),
      maxSteps: readAgentSettings().maxSteps,
      runStep: (turn) => {
        stepStarted = true;
        return gateway.runTurn(
          turn,
          {
            onText: (text) => {
              if (stepStarted && streamed) response.markdown('\n\n');
              stepStarted = false;
              streamed = true;
              response.markdown(text);
            },
          },
          provider,
        );
      },
      onToolCall: (name) => response.progress(`Running ${name}…`),
      toolInvocationToken: request.toolInvocationToken,
      token,
    });
    if (run.billed) cost = { credits: run.credits, estimated: run.estimated };
    if (run.hitStepLimit) stepLimit = run.steps;
    const result = run.last;
    if (result.status === 'failed') failure = result.error instanceof Error ? result.error : new Error(describeFailure(result.error).message);
  } finally {
    onCancel.dispose();
  }
  if (stepLimit !== undefined) {
    response.markdown(`\n\nStopped after ${stepLimit} model requests (the limit set by \`switchboard.agent.maxSteps\`); the model still wanted to run tools.`);
  }
  const metadata: ParticipantResultMetadata = {
    provider,
    model,
    ...(cost ? { credits: cost.credits, creditsEstimated: cost.estimated } : {}),
  };
  if (!failure) return { metadata };

  const { message } = describeFailure(failure);
  log.warn(`@switchboard reply failed (${model}): ${message}`);
  const action = failure instanceof GatewayError ? actionFor(failure.action, false) : undefined;
  if (action?.command) response.button({ command: action.command.id, arguments: action.command.args, title: action.label });
  return { errorDetails: { message }, metadata };
}

async function generate(
  deps: ParticipantDeps,
  kind: 'image' | 'video',
  prompt: string,
  response: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const { gateway, log } = deps;
  const runCommand = deps.runCommand ?? ((command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args));
  const provider = gateway.provider;
  const metadata = (files: vscode.Uri[] = []): ParticipantResultMetadata => ({ provider, ...(files.length ? { files: files.map(String) } : {}) });
  if (!prompt.trim()) {
    response.markdown(`Describe the ${kind} after \`/${kind}\`, for example: \`@switchboard /${kind} a lighthouse at dusk, watercolour\``);
    return { metadata: metadata() };
  }
  response.progress(kind === 'image' ? 'Generating the image…' : 'Submitting the video task…');
  let result: unknown;
  try {
    // The commands ask nothing when given a prompt, show their own errors and resolve undefined then.
    result = await runCommand(kind === 'image' ? 'switchboard.generateImage' : 'switchboard.generateVideo', { prompt });
  } catch (error) {
    const { message } = describeFailure(error);
    log.warn(`@switchboard /${kind} failed: ${message}`);
    return { errorDetails: { message }, metadata: metadata() };
  }

  let files = savedFiles(result, (value): value is vscode.Uri => value instanceof vscode.Uri);
  const task = taskFrom(result);
  if (!files.length && task) {
    const final = await followTask(task, runCommand, response, token, deps.taskPollMs ?? DEFAULT_TASK_POLL_MS);
    if (final?.file) files = [vscode.Uri.file(final.file)];
    else if (final && !isTaskActive(final)) return { errorDetails: { message: taskEndMessage(final) }, metadata: metadata() };
    else {
      response.markdown(`The ${kind} is still rendering. It is listed under **Generation Tasks** and saved to your workspace when it is done.`);
      response.button({ command: 'switchboard.tasks.focus', title: 'Show Generation Tasks' });
      return { metadata: metadata() };
    }
  }
  if (!files.length) {
    response.markdown(`No ${kind} was saved: the generation was cancelled or did not finish.`);
    response.button({ command: 'switchboard.showLog', title: 'Show Log' });
    return { metadata: metadata() };
  }
  response.markdown(files.length === 1 ? `Saved the ${kind} to ` : `Saved ${files.length} ${kind}s: `);
  files.forEach((file, i) => {
    if (i > 0) response.markdown(', ');
    response.anchor(file, vscode.workspace.asRelativePath(file, false));
    response.reference(file);
  });
  response.markdown('.');
  return { metadata: metadata(files) };
}

/**
 * Waits for a video task to end, reporting its progress, until the chat request is cancelled (the
 * task keeps running then). Undefined when the task list cannot be read.
 */
async function followTask(
  task: TaskSnapshot,
  runCommand: (command: string, ...args: unknown[]) => Thenable<unknown>,
  response: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
  pollMs: number,
): Promise<TaskSnapshot | undefined> {
  let current: TaskSnapshot | undefined = task;
  let shown: string | undefined;
  while (current && isTaskActive(current) && !token.isCancellationRequested) {
    const line = current.progress !== undefined ? `Rendering the video… ${Math.round(current.progress)}%` : 'Rendering the video; this can take a few minutes…';
    if (line !== shown) response.progress((shown = line));
    await delay(pollMs, token);
    if (token.isCancellationRequested) break;
    try {
      current = findTask(await runCommand(TASK_LIST_COMMAND), task.id);
    } catch {
      return undefined;
    }
  }
  return current;
}

function delay(ms: number, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const subscription = token.onCancellationRequested(done);
    function done(): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
}

function historyTurns(context: vscode.ChatContext): HistoryTurn[] {
  const turns: HistoryTurn[] = [];
  for (const turn of context.history) {
    if (turn instanceof vscode.ChatRequestTurn) {
      turns.push({ role: 'user', text: turn.prompt, ...(turn.command ? { command: turn.command } : {}) });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('');
      turns.push({ role: 'assistant', text, ...(turn.command ? { command: turn.command } : {}) });
    }
  }
  return turns;
}

/** Files and selections the user attached (#file, #selection, drag and drop), read from the editor. */
async function attachments(references: readonly vscode.ChatPromptReference[]): Promise<Attachment[]> {
  const found: Attachment[] = [];
  // References arrive last-in-prompt first; read them in the order the user wrote them.
  for (const reference of [...references].reverse()) {
    const value = reference.value;
    try {
      if (value instanceof vscode.Uri) {
        const document = await vscode.workspace.openTextDocument(value);
        found.push({ path: vscode.workspace.asRelativePath(value, false), language: document.languageId, content: document.getText() });
      } else if (value instanceof vscode.Location) {
        const document = await vscode.workspace.openTextDocument(value.uri);
        found.push({
          path: vscode.workspace.asRelativePath(value.uri, false),
          language: document.languageId,
          content: document.getText(value.range),
          startLine: value.range.start.line + 1,
          endLine: value.range.end.line + 1,
        });
      } else if (typeof value === 'string' && value.trim()) {
        found.push({ path: reference.modelDescription ?? reference.id, language: '', content: value });
      }
    } catch {
      // A folder, a binary file or a closed remote: nothing to quote.
    }
  }
  return found;
}
