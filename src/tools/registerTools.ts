// Switchboard's tools for any agent (Copilot's, Switchboard's own, any extension's), registered
// under the names package.json contributes in `languageModelTools`.
import * as vscode from 'vscode';
import type { MediaFeature } from '../media/registerMedia';
import type { GatewayService } from '../services/gatewayService';
import { GetCreditsTool } from './creditsTool';
import { GenerateImageTool, GenerateVideoTool, MediaToolContext } from './mediaTools';

export const TOOL_NAMES = {
  image: 'switchboard_generateImage',
  video: 'switchboard_generateVideo',
  credits: 'switchboard_getCredits',
} as const;

export interface ToolDeps {
  context: vscode.ExtensionContext;
  gateway: GatewayService;
  media: MediaFeature;
}

export function registerTools(deps: ToolDeps): void {
  const { context, gateway, media } = deps;
  const mediaContext = new MediaToolContext(gateway, context.globalState);
  context.subscriptions.push(
    vscode.lm.registerTool(TOOL_NAMES.image, new GenerateImageTool(mediaContext, media.images)),
    vscode.lm.registerTool(TOOL_NAMES.video, new GenerateVideoTool(mediaContext, media.videos)),
    vscode.lm.registerTool(TOOL_NAMES.credits, new GetCreditsTool(gateway)),
  );
}
