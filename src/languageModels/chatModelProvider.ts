// Switchboard's chat models as a LanguageModelChatProvider (vendor "switchboard"): VS Code's model
// picker and every extension using `vscode.lm` reach the user's gateway through the same client,
// limiter and billing ledger as Switchboard's own chat.
import * as vscode from 'vscode';
import { countTokens, MESSAGE_OVERHEAD_TOKENS } from '../gateway/tokenizer';
import { temperatureSetting } from '../config/settings';
import type { GatewayService } from '../services/gatewayService';
import type { Log } from '../log/log';
import type { ModelCapabilityService } from '../models/modelCapabilities';
import type { ChatRequest, ModelInfo } from '../gateway/types';
import { chatModelsOnly, toModelInformation, type SwitchboardModelInformation } from './modelInformation';
import { toGatewayMessages } from './requestMessages';
import { requestSettings, requestTools, type RequestSettings } from './requestOptions';
import { describeFailure, type FailureDescription } from './failure';
import { classifyMessages, messageText } from './vscodeParts';

export const VENDOR = 'switchboard';

function capabilitiesOf(service: ModelCapabilityService, provider: string, model: ModelInfo): { imageInput: boolean; toolCalling: boolean } {
  const c = service.capabilitiesFor(provider, model.id, model);
  return { imageInput: c.imageInput, toolCalling: c.toolCalling };
}

export class SwitchboardChatModelProvider implements vscode.LanguageModelChatProvider<SwitchboardModelInformation>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly gateway: GatewayService,
    private readonly log: Log,
    private readonly capabilities?: ModelCapabilityService,
  ) {
    // Provider, key, base URL, max tokens, the model list and what models can do (tools, images —
    // agent mode lists only tool-calling models) all change what VS Code should list.
    const subscriptions = [gateway.onDidChange(() => this.changed.fire())];
    if (capabilities) subscriptions.push(capabilities.onDidChange(() => this.changed.fire()));
    this.subscription = vscode.Disposable.from(...subscriptions);
  }

  async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): Promise<SwitchboardModelInformation[]> {
    const provider = this.gateway.provider;
    if (!(await this.gateway.hasKey(provider))) {
      // Silent means VS Code is only looking (start-up, selectChatModels): never interrupt for a key.
      if (options.silent || !(await this.gateway.ensureKey(provider))) return [];
    }
    const models = chatModelsOnly(await this.gateway.models(provider));
    if (token.isCancellationRequested) return [];
    const capabilities = this.capabilities;
    const context = {
      provider,
      providerLabel: this.gateway.preset(provider).displayName,
      maxTokens: this.gateway.maxTokens(provider),
      ...(capabilities ? { capabilities: (m: ModelInfo) => capabilitiesOf(capabilities, provider, m) } : {}),
    };
    return models.map((m) => toModelInformation(m, context));
  }

  async provideLanguageModelChatResponse(
    model: SwitchboardModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const provider = model.provider;
    let prompt: ChatRequest['messages'];
    let settings: RequestSettings;
    try {
      prompt = toGatewayMessages(classifyMessages(messages), { imageInput: model.capabilities.imageInput });
      settings = requestSettings(options, { maxTokens: this.gateway.maxTokens(provider), temperature: temperatureSetting() });
    } catch (error) {
      // Images for a text-only model, an empty request: refused before anything is sent or billed.
      throw this.failed(model, describeFailure(error));
    }
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    if (token.isCancellationRequested) abort.abort();
    try {
      // Billed like Switchboard's own chat: the same turn runner, client, limiter and ledger.
      const result = await this.gateway.runTurn(
        { model: model.id, messages: prompt, ...requestTools(options), maxTokens: settings.maxTokens, temperature: settings.temperature, signal: abort.signal },
        { onText: (text) => progress.report(new vscode.LanguageModelTextPart(text)) },
        provider,
      );
      if (result.status === 'failed') throw this.failed(model, describeFailure(result.error));
      // Complete calls only, after the text, in the order the model made them.
      for (const call of result.toolCalls) progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, call.arguments));
    } finally {
      onCancel.dispose();
    }
  }

  async provideTokenCount(_model: SwitchboardModelInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    if (typeof text === 'string') return countTokens(text);
    return MESSAGE_OVERHEAD_TOKENS + (await countTokens(messageText(text)));
  }

  private failed(model: SwitchboardModelInformation, failure: FailureDescription): Error {
    this.log.warn(`Language model request for ${model.id} failed: ${failure.message}`);
    if (failure.code === 'Blocked') return vscode.LanguageModelError.Blocked(failure.message);
    if (failure.code === 'NotFound') return vscode.LanguageModelError.NotFound(failure.message);
    return new Error(failure.message);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
