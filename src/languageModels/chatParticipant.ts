// @switchboard in VS Code's chat: answers with the user's Switchboard model, and /image and /video
// run Switchboard's generation commands and reply with the saved file.
import * as vscode from 'vscode';
import type { GatewayService } from '../services/gatewayService';
import type { Log } from '../log/log';
import { GatewayError } from '../gateway/errors';
import { ChatRelay } from './chatRelay';
import { describeFailure } from './failure';
import { pendingTaskId, savedFiles } from './mediaResult';
import { participantMessages, type Attachment, type HistoryTurn } from './participantPrompt';
import { VENDOR } from './chatModelProvider';

export const PARTICIPANT_ID = 'switchboard.participant';

export interface ParticipantDeps {
  gateway: GatewayService;
  log: Log;
  /** Runs the generation commands; `vscode.commands.executeCommand` unless a test stands in. */
  runCommand?: (command: string, arg: { prompt: string }) => Thenable<unknown>;
}

export interface ParticipantResultMetadata {
  provider: string;
  model?: string;
  credits?: number;
  creditsEstimated?: boolean;
  files?: string[];
}

export function createParticipantHandler(deps: ParticipantDeps): vscode.ChatRequestHandler {
  return async (request, context, response, token) => {
    if (request.command === 'image' || request.command === 'video') return generate(deps, request.command, request.prompt, response);
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
    response.button({ command: 'switchboard.setApiKey', title: 'Set API Key' });
    return { metadata: { provider } satisfies ParticipantResultMetadata };
  }
  // A Switchboard model picked in VS Code's own model picker wins; otherwise Switchboard's selection.
  const model = request.model?.vendor === VENDOR ? request.model.id : await gateway.currentChatModel();
  const messages = participantMessages(historyTurns(context), request.prompt, await attachments(request.references));
  response.progress(`Asking ${model} via ${providerLabel}…`);

  const abort = new AbortController();
  const onCancel = token.onCancellationRequested(() => abort.abort());
  if (token.isCancellationRequested) abort.abort();
  const relay = new ChatRelay((text) => response.markdown(text));
  let failure: GatewayError | Error | undefined;
  try {
    await relay.run(gateway.streamChat({ model, messages, reasoning: false, signal: abort.signal }));
  } catch (error) {
    failure = error instanceof Error ? error : new Error(describeFailure(error).message);
  } finally {
    onCancel.dispose();
  }
  const cost = await gateway
    .recordCost(model, relay.usage, relay.billing, relay.text ? { prompt: messages, completion: relay.text } : undefined, provider)
    .catch(() => undefined);
  const metadata: ParticipantResultMetadata = {
    provider,
    model,
    ...(cost ? { credits: cost.credits, creditsEstimated: cost.estimated } : {}),
  };
  if (!failure) return { metadata };

  const { message } = describeFailure(failure);
  log.warn(`@switchboard reply failed (${model}): ${message}`);
  if (failure instanceof GatewayError) {
    if (failure.action === 'set-key') response.button({ command: 'switchboard.setApiKey', title: 'Set API Key' });
    if (failure.action === 'pick-model' || failure.action === 'upgrade-plan') response.button({ command: 'switchboard.selectModel', title: 'Select Model…' });
  }
  return { errorDetails: { message }, metadata };
}

async function generate(
  { gateway, log, runCommand = (command, arg) => vscode.commands.executeCommand(command, arg) }: ParticipantDeps,
  kind: 'image' | 'video',
  prompt: string,
  response: vscode.ChatResponseStream,
): Promise<vscode.ChatResult> {
  const provider = gateway.provider;
  if (!prompt.trim()) {
    response.markdown(`Describe the ${kind} after \`/${kind}\`, for example: \`@switchboard /${kind} a lighthouse at dusk, watercolour\``);
    return { metadata: { provider } satisfies ParticipantResultMetadata };
  }
  response.progress(kind === 'image' ? 'Generating the image…' : 'Generating the video; this can take a few minutes…');
  let result: unknown;
  try {
    result = await runCommand(kind === 'image' ? 'switchboard.generateImage' : 'switchboard.generateVideo', { prompt });
  } catch (error) {
    const { message } = describeFailure(error);
    log.warn(`@switchboard /${kind} failed: ${message}`);
    return { errorDetails: { message }, metadata: { provider } satisfies ParticipantResultMetadata };
  }
  const files = savedFiles(result, (value): value is vscode.Uri => value instanceof vscode.Uri);
  if (files.length) {
    response.markdown(files.length === 1 ? `Saved the ${kind} to ` : `Saved ${files.length} ${kind}s: `);
    files.forEach((file, i) => {
      if (i > 0) response.markdown(', ');
      response.anchor(file, vscode.workspace.asRelativePath(file, false));
      response.reference(file);
    });
    response.markdown('.');
    return { metadata: { provider, files: files.map((f) => f.toString()) } satisfies ParticipantResultMetadata };
  }
  if (pendingTaskId(result)) {
    response.markdown(`The ${kind} is rendering. It is listed under **Generation Tasks** and saved to your workspace when it is done.`);
    response.button({ command: 'switchboard.tasks.focus', title: 'Show Generation Tasks' });
    return { metadata: { provider } satisfies ParticipantResultMetadata };
  }
  response.markdown(`No ${kind} was saved: the generation was cancelled or did not finish.`);
  response.button({ command: 'switchboard.showLog', title: 'Show Log' });
  return { metadata: { provider } satisfies ParticipantResultMetadata };
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
