// switchboard_generateImage and switchboard_generateVideo: the Generate Image / Video commands for
// any agent. Each call is confirmed with its price first (VS Code shows the question in the chat,
// or as a dialog when an extension invokes the tool outside a chat).
import * as vscode from 'vscode';
import type { ImageGenerator } from '../media/imageCommand';
import { imageModelSetting, videoModelSetting } from '../media/mediaSettings';
import { chooseModel, type ChosenModel } from '../media/modelChoice';
import type { VideoTaskService } from '../media/videoTaskService';
import type { GatewayService } from '../services/gatewayService';
import { confirmationQuestion, imageInput, needsConfirmation, videoInput, costPhrase, overBalanceMessage } from './toolText';
import { confirmAboveCredits } from './toolSettings';

interface Priced {
  provider: GatewayService['provider'];
  model: ChosenModel;
  name: string;
  credits?: number;
}

export class MediaToolContext {
  constructor(
    readonly gateway: GatewayService,
    readonly memory: vscode.Memento,
  ) {}

  /** The model a call will use and its price; throws what the agent should be told when it cannot run. */
  async price(kind: 'image' | 'video', explicit: string | undefined): Promise<Priced> {
    const provider = this.gateway.provider;
    const providerName = this.gateway.preset(provider).displayName;
    if (!(await this.gateway.hasKey(provider))) throw new Error(`No API key is set for ${providerName}: the user can set one with "Switchboard: Set API Key".`);
    if (!vscode.workspace.workspaceFolders?.length) throw new Error(`No folder is open: Switchboard saves ${kind}s only inside the workspace.`);
    const setting = kind === 'image' ? imageModelSetting() : videoModelSetting();
    const model = await chooseModel({ gateway: this.gateway, memory: this.memory, kind, provider, ...(explicit ? { explicit } : {}), setting, interactive: false });
    if (!model) throw new Error(`No ${kind} model is chosen: set switchboard.${kind}s.model.`);
    const rate = model.info?.rate;
    let credits = kind === 'image' ? rate?.perImage : rate?.perVideo;
    if (kind === 'image' && credits === undefined) credits = (await this.gateway.ledger(provider).estimateCost({ model: model.id, messages: [], images: 1 })).maxCredits;
    return { provider, model, name: model.info?.displayName ?? model.id, ...(credits !== undefined ? { credits } : {}) };
  }

  async prepare(kind: 'image' | 'video', explicit: string | undefined, prompt: string): Promise<vscode.PreparedToolInvocation> {
    const priced = await this.price(kind, explicit);
    const what = kind === 'image' ? 'an image' : 'a video task';
    const invocationMessage = `Generating ${what} with ${priced.name} ${costPhrase(priced.credits, priced.model.info?.rate?.label)}`;
    if (!needsConfirmation(priced.credits, confirmAboveCredits())) return { invocationMessage };
    const message = new vscode.MarkdownString();
    message.appendText(`${confirmationQuestion(kind, priced.name, priced.credits, priced.model.info?.rate?.label)}\n\nPrompt: ${prompt}`);
    return { invocationMessage, confirmationMessages: { title: `Switchboard: generate ${kind === 'image' ? 'an image' : 'a video'}?`, message } };
  }

  /** Refuses a call the balance cannot cover (the command would ask; an agent cannot answer). */
  affordable(priced: Priced): void {
    const ledger = this.gateway.ledger(priced.provider);
    const balance = ledger.snapshot();
    if (priced.credits === undefined || !balance.balance || balance.balanceStale) return;
    if (priced.credits > balance.balance.credits) {
      throw new Error(overBalanceMessage(priced.credits, balance.balance.credits, this.gateway.preset(priced.provider).displayName));
    }
  }
}

const result = (value: unknown): vscode.LanguageModelToolResult => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(value))]);

export class GenerateImageTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly context: MediaToolContext,
    private readonly images: ImageGenerator,
  ) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
    const input = imageInput(options.input);
    return this.context.prepare('image', input.model, input.prompt);
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const input = imageInput(options.input);
    const priced = await this.context.price('image', input.model);
    this.context.affordable(priced);
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const outcome = await this.images.generate({ prompt: input.prompt, model: priced.model.id, ...(input.size ? { size: input.size } : {}), interactive: false, open: false, signal: abort.signal });
      if (!outcome || outcome.files.length === 0) throw new Error('The image was not generated (cancelled).');
      return result({
        path: vscode.workspace.asRelativePath(outcome.files[0], false),
        model: outcome.model,
        ...(outcome.credits !== undefined ? { credits: outcome.credits, creditsEstimated: outcome.estimated } : {}),
        ...(outcome.revisedPrompt ? { revisedPrompt: outcome.revisedPrompt } : {}),
      });
    } finally {
      subscription.dispose();
    }
  }
}

export class GenerateVideoTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly context: MediaToolContext,
    private readonly videos: VideoTaskService,
  ) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
    const input = videoInput(options.input);
    return this.context.prepare('video', input.model, input.prompt);
  }

  /** Submits and returns at once: the task runs on in Generation Tasks, as one started by the command does. */
  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    const input = videoInput(options.input);
    const priced = await this.context.price('video', input.model);
    this.context.affordable(priced);
    const record = await this.videos.submit({ prompt: input.prompt, model: priced.model.id, interactive: false });
    if (!record) throw new Error('The video task was not submitted (cancelled).');
    const folder = vscode.Uri.file(`${record.target.root}/${record.target.folder}`);
    return result({
      taskId: record.id,
      gatewayTaskId: record.taskId,
      state: record.state,
      model: record.model,
      folder: vscode.workspace.asRelativePath(folder, false),
      file: vscode.workspace.asRelativePath(vscode.Uri.joinPath(folder, `${record.target.baseName}.mp4`), false),
      note: 'The video is generated in the background (often minutes) and shows in Switchboard\'s Generation Tasks view; the file appears at this path (its extension follows the file the gateway sends) when the task is done.',
    });
  }
}
