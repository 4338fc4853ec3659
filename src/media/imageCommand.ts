// Generate Image…: prompt, model, size and quality where the gateway has them, the cost before it
// runs, then a cancellable notification while the gateway works; the image lands in the workspace
// with a sidecar and opens. Called from the palette, the Explorer (a folder), the chat and tests.
import * as vscode from 'vscode';
import { formatCredits } from '../gateway/creditsText';
import type { CostRecord } from '../gateway/ledger';
import type { ProviderId } from '../gateway/providers';
import type { Log } from '../log/log';
import type { GatewayService } from '../services/gatewayService';
import { generateImagesInto } from './imageGeneration';
import { afterCharge, showMediaError } from './mediaErrors';
import { imageModelSetting, imageQualitySetting, imageSizeSetting, maxDownloadBytes } from './mediaSettings';
import { chooseModel } from './modelChoice';
import { chooseSaveLocation } from './saveLocation';
import { shortText } from './taskLabels';

export interface ImageArgs {
  prompt?: string;
  model?: string;
  size?: string;
  quality?: string;
  n?: number;
  /** A folder inside a workspace folder (Uri or absolute path), or a path relative to it. */
  folder?: vscode.Uri | string;
  /** Open the image when saved (default true). */
  open?: boolean;
  /** Ask for what is missing (default: only when no prompt was given). */
  interactive?: boolean;
  /** Cancels like the notification's Cancel (an agent's tool call that was stopped). */
  signal?: AbortSignal;
}

export interface ImageOutcome {
  files: vscode.Uri[];
  contentTypes: string[];
  model: string;
  provider: ProviderId;
  prompt: string;
  credits?: number;
  estimated: boolean;
  revisedPrompt?: string;
}

/** Command arguments as VS Code passes them: nothing, an Explorer folder Uri, or an ImageArgs. */
export function imageArgsFrom(arg: unknown): ImageArgs {
  if (arg instanceof vscode.Uri) return { folder: arg };
  if (typeof arg === 'string') return { prompt: arg };
  return typeof arg === 'object' && arg !== null ? (arg as ImageArgs) : {};
}

async function pickOne(title: string, options: string[], preferred: string): Promise<string | undefined> {
  const items = options.map((label) => ({ label, ...(label === preferred ? { description: 'default' } : {}) }));
  const index = items.findIndex((i) => i.label === preferred);
  if (index > 0) items.unshift(...items.splice(index, 1));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: title }))?.label;
}

export class ImageGenerator {
  constructor(
    private readonly gateway: GatewayService,
    private readonly memory: vscode.Memento,
    private readonly log: Log,
  ) {}

  /** The command: shows its own errors; undefined when cancelled or failed. */
  async run(arg?: unknown): Promise<ImageOutcome | undefined> {
    try {
      return await this.generate(imageArgsFrom(arg));
    } catch (error) {
      void showMediaError('Image generation', error, this.log, { gateway: this.gateway });
      return undefined;
    }
  }

  /** Generates and saves; throws on failure, undefined when the user backed out. */
  async generate(args: ImageArgs): Promise<ImageOutcome | undefined> {
    const interactive = args.interactive ?? !args.prompt?.trim();
    const provider = this.gateway.provider;
    if (!(await this.gateway.ensureKey(provider))) return undefined;

    const prompt =
      args.prompt?.trim() ||
      (interactive
        ? (await vscode.window.showInputBox({ title: 'Switchboard: Generate Image', prompt: 'Describe the image', placeHolder: 'A lighthouse on a cliff at dusk, oil painting', ignoreFocusOut: true }))?.trim()
        : undefined);
    if (!prompt) return undefined;

    const model = await chooseModel({ gateway: this.gateway, memory: this.memory, kind: 'image', provider, ...(args.model ? { explicit: args.model } : {}), setting: imageModelSetting(), interactive });
    if (!model) return undefined;

    let size: string | undefined;
    let quality: string | undefined;
    // The preset says whether the gateway takes sizes and qualities (HelyxAI renders regardless).
    const options = this.gateway.preset(provider).imageOptions;
    if (options && model.info?.kind !== 'chat') {
      size = args.size ?? (interactive ? await pickOne('Image size', options.sizes, imageSizeSetting()) : imageSizeSetting());
      if (!size) return undefined;
      quality = args.quality ?? (interactive ? await pickOne('Image quality', options.qualities, imageQualitySetting()) : imageQualitySetting());
      if (!quality) return undefined;
    }

    const location = await chooseSaveLocation('image', args.folder, interactive);
    if (!location) return undefined;

    const n = Math.max(1, Math.min(4, Math.floor(args.n ?? 1)));
    const ledger = this.gateway.ledger(provider);
    const estimate = await ledger.estimateCost({ model: model.id, messages: [], images: n });
    const cost = estimate.maxCredits !== undefined ? `${formatCredits(estimate.maxCredits)} credits` : model.info?.rate?.label;
    if (ledger.affordability(estimate) === 'no') {
      const left = ledger.snapshot().balance?.credits ?? 0;
      const choice = await vscode.window.showWarningMessage(
        `This image costs ${cost}, more than the ${formatCredits(left)} credits you have left.`,
        { modal: true, detail: 'The gateway may refuse it with an insufficient-credits error.' },
        'Generate Anyway',
      );
      if (choice !== 'Generate Anyway') return undefined;
    }

    const client = await this.gateway.client(provider);
    if (!client) return undefined;
    const name = model.info?.displayName ?? model.id;
    const charged: { record?: CostRecord } = {};
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Switchboard: generating ${n > 1 ? `${n} images` : 'an image'} with ${name}${cost ? ` (${cost})` : ''}`,
        cancellable: true,
      },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        if (args.signal?.aborted) abort.abort();
        args.signal?.addEventListener('abort', () => abort.abort(), { once: true });
        try {
          progress.report({ message: shortText(prompt) });
          return await generateImagesInto({
            gateway: client,
            request: { model: model.id, prompt, n, signal: abort.signal, ...(size ? { size } : {}), ...(quality ? { quality } : {}) },
            folder: location.folder,
            providerName: this.gateway.preset(provider).displayName,
            maxBytes: maxDownloadBytes(),
            ...(estimate.maxCredits !== undefined ? { expectedCredits: estimate.maxCredits } : {}),
            viaChat: model.info?.kind === 'chat',
            onCharged: (charge) => {
              charged.record = ledger.record({ model: model.id, ...charge });
            },
          });
        } catch (error) {
          throw charged.record ? afterCharge(error, charged.record.credits, charged.record.estimated) : error;
        } finally {
          subscription.dispose();
        }
      },
    );

    const record = charged.record ?? ledger.record({ model: model.id, images: outcome.images.length });
    const files = outcome.images.map((image) => vscode.Uri.file(image.path));
    this.log.info(
      `Saved ${files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')} (${model.id}${record.credits !== undefined ? `, ${record.credits} credits` : ''}); prompt: ${shortText(prompt, 200)}`,
    );
    if (args.open !== false && files[0]) await vscode.commands.executeCommand('vscode.open', files[0]);
    return {
      files,
      contentTypes: outcome.images.map((image) => image.contentType),
      model: model.id,
      provider,
      prompt,
      ...(record.credits !== undefined ? { credits: record.credits } : {}),
      estimated: record.estimated,
      ...(outcome.revisedPrompt ? { revisedPrompt: outcome.revisedPrompt } : {}),
    };
  }
}
