/**
 * The one message protocol between the extension host and the chat webview.
 *
 * Webview → host messages are zod schemas because the host must validate everything that crosses
 * the boundary; the webview imports only the types (`import type`), so zod never enters its bundle.
 * Host → webview messages are plain types: the host is the trusted side.
 */
import * as z from 'zod/mini';
import { GATEWAY_ACTIONS, type GatewayAction } from '../gateway/types';

// ---------------------------------------------------------------------------------------------
// Shapes shared by both directions
// ---------------------------------------------------------------------------------------------

export type ModelKindView = 'chat' | 'image' | 'video' | 'embedding';

export interface ModelView {
  id: string;
  displayName: string;
  kind: ModelKindView;
  /** "0.2 cr/tok", "200 cr/img", "TBD"; undefined where the gateway publishes no rate. */
  rateLabel?: string;
  pro: boolean;
  reasoning: boolean;
}

export interface ContextChipView {
  id: string;
  /** What the chip shows, e.g. "app.ts:10-24". */
  label: string;
  path: string;
  language: string;
  startLine?: number;
  endLine?: number;
}

export interface CostView {
  credits: number;
  /** True when computed from usage × rate rather than reported by the gateway. */
  estimated: boolean;
}

/** Actions an error can offer: the gateway's; the host's error-action table labels and runs them. */
export type ErrorActionView = GatewayAction;

export interface ErrorView {
  kind: string;
  /** One line for a person; never a stack, never a key. */
  explanation: string;
  /** The gateway's own words, when it sent any. */
  gatewayMessage?: string;
  action: ErrorActionView;
  /** The button's label from the host's error-action table; no label, no button. */
  actionLabel?: string;
  /** Agent mode's notice for a model that cannot call tools: the page offers Switch Model and Use Ask. */
  agentFallback?: boolean;
}

export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface ChatMessageView {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  reasoning?: string;
  status: MessageStatus;
  model?: string;
  cost?: CostView;
  error?: ErrorView;
  context?: ContextChipView[];
  createdAt: number;
  /** Agent mode: the task this message belongs to (its request, or one of its steps). */
  taskId?: string;
  /** Agent mode: the tool calls this step's reply asked for, as cards under its text. */
  toolCalls?: ToolCardView[];
}

// ---------------------------------------------------------------------------------------------
// Agent mode
// ---------------------------------------------------------------------------------------------

export type ChatMode = 'ask' | 'agent';

export type ToolCardState = 'pending' | 'awaitingApproval' | 'running' | 'done' | 'denied' | 'failed';

/** One tool call in a step; its accessible name is `${tool} ${summary}`, e.g. "read_file src/a.ts". */
export interface ToolCardView {
  /** The tool call's id (unique in the conversation). */
  id: string;
  tool: string;
  /** The main argument, short: a path, a query, a command line. */
  summary: string;
  state: ToolCardState;
  /** The arguments as JSON, bounded. */
  input: string;
  /** The tool's result as the model got it, bounded; collapsed by default. */
  result?: string;
  /** While awaiting approval: what is asked ('edit' offers Open Diff). */
  approval?: { kind: 'edit' | 'command' | 'other'; detail: string };
}

export type AgentTaskStatus = 'running' | 'paused' | 'done' | 'stopped' | 'failed';

/** A task's state: the budget status while it runs, its total and checkpoint when it ends. */
export interface AgentTaskView {
  id: string;
  /** Credits this task may spend. */
  budget: number;
  /** What the gateway charged so far (estimated where it reports no charge). */
  spent: number;
  spentEstimated: boolean;
  /** Steps (requests) sent so far, and the limit. */
  step: number;
  maxSteps: number;
  status: AgentTaskStatus;
  /** Why it paused or ended, for a person: "Budget reached: spent 120 of 100 credits". */
  reason?: string;
  /** 'available' once the task changed a file; 'restored' after Restore Checkpoint. */
  checkpoint: 'none' | 'available' | 'restored';
}

/** The composer's agent controls: the mode, and the budget a new task starts with. */
export interface AgentSettingsView {
  mode: ChatMode;
  defaultBudget: number;
  maxSteps: number;
}

export interface CreditsView {
  providerLabel: string;
  unit: string;
  /** Last balance the gateway reported; undefined when it never reports one. */
  balance?: number;
  balanceAt?: number;
  lastCost?: CostView;
  spentToday: number;
  spentSession: number;
  /** True when spend is computed from usage × rate (the gateway reports no balance). */
  estimated: boolean;
  nextResetAt?: number;
}

export interface ConversationSummaryView {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface EstimateView {
  /** e.g. "≈ 12–420 credits". */
  label: string;
  maxCredits?: number;
  exceedsBalance: boolean;
}

export interface RemoteImagesView {
  policy: 'ask' | 'never';
  urls: string[];
}

/** The open conversation: what a switch, a new chat, a retry or an edit replaces. */
export interface TranscriptView {
  conversationId: string;
  title: string;
  messages: ChatMessageView[];
  context: ContextChipView[];
  busy: boolean;
  reasoning: boolean;
  /** Agent tasks in this conversation; their messages carry `taskId`. */
  tasks?: AgentTaskView[];
}

/** The model list and what depends on the provider, key or settings; never touches the transcript. */
export interface ModelsView {
  models: ModelView[];
  modelId: string;
  reasoningSupported: boolean;
  hasKey: boolean;
  providerLabel: string;
}

/** Everything, sent once to a surface that just loaded. */
export interface ChatStateView extends TranscriptView, ModelsView {
  credits?: CreditsView;
  conversations: ConversationSummaryView[];
  /** `switchboard.chat.loadRemoteImages` and the image links the user allowed, one by one. */
  remoteImages: RemoteImagesView;
  /** Always sent by the host; optional so a page from before agent mode (and its test fixtures) still reads the state. */
  agent?: AgentSettingsView;
}

// ---------------------------------------------------------------------------------------------
// Host → webview
// ---------------------------------------------------------------------------------------------

export type HostToWebview =
  /** The first message a surface gets after `ready`; later changes come in the finer messages below. */
  | { type: 'state'; state: ChatStateView }
  | { type: 'transcript'; transcript: TranscriptView }
  | { type: 'messageAdded'; message: ChatMessageView }
  /** Appended text since the last delta for this message; coalesced per frame by the host. */
  | { type: 'messageDelta'; id: string; text?: string; reasoning?: string }
  /** Status, cost or error changed; carries no text (the webview keeps what the deltas built). */
  | { type: 'messageUpdated'; id: string; status: MessageStatus; cost?: CostView; error?: ErrorView }
  | { type: 'credits'; credits: CreditsView | undefined }
  | ({ type: 'models' } & ModelsView)
  | { type: 'context'; context: ContextChipView[] }
  | { type: 'conversations'; conversations: ConversationSummaryView[]; activeId: string }
  | { type: 'estimate'; estimate: EstimateView | undefined }
  | { type: 'busy'; busy: boolean }
  /** The host allowed these image links (without `urls`: the ones the webview asked for). */
  | { type: 'remoteImagesAllowed'; urls?: string[] }
  | { type: 'focusComposer' }
  /** A send was declined (e.g. the cost check): give the text back to the composer. */
  | { type: 'restoreDraft'; text: string }
  /** A tool card was added to the message or changed (state, result); replaces the card with its id. */
  | { type: 'toolCard'; messageId: string; card: ToolCardView }
  /** A task started or changed (spent, step, status, checkpoint); replaces the task with its id. */
  | { type: 'task'; task: AgentTaskView }
  | { type: 'agentSettings'; agent: AgentSettingsView };

// ---------------------------------------------------------------------------------------------
// Webview → host (validated)
// ---------------------------------------------------------------------------------------------

const id = z.string().check(z.minLength(1), z.maxLength(200));
const text = z.string().check(z.maxLength(2_000_000));
const nonEmptyText = z.string().check(z.minLength(1), z.maxLength(2_000_000));
const language = z.optional(z.string().check(z.maxLength(100)));
const credits = z.number().check(z.minimum(0), z.maximum(1_000_000_000));

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('send'),
    text: nonEmptyText,
    reasoning: z.boolean(),
    /** Agent mode: this task's budget in credits, when the user changed it in the composer. */
    budget: z.optional(credits),
  }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('retry') }),
  z.object({ type: z.literal('editResend'), messageId: id, text: nonEmptyText }),
  z.object({ type: z.literal('pickModel'), modelId: id }),
  z.object({ type: z.literal('setReasoning'), enabled: z.boolean() }),
  z.object({ type: z.literal('estimate'), text }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('switchConversation'), id }),
  z.object({ type: z.literal('renameConversation'), id, title: z.string().check(z.minLength(1), z.maxLength(200)) }),
  z.object({ type: z.literal('deleteConversation'), id }),
  z.object({ type: z.literal('exportConversation'), id }),
  z.object({ type: z.literal('addSelection') }),
  z.object({ type: z.literal('addFile') }),
  z.object({ type: z.literal('removeContext'), id }),
  z.object({ type: z.literal('copyCode'), code: text }),
  z.object({ type: z.literal('insertCode'), code: text, language }),
  z.object({ type: z.literal('newFile'), code: text, language }),
  z.object({ type: z.literal('openLink'), href: z.string().check(z.maxLength(8192)) }),
  z.object({
    type: z.literal('runAction'),
    action: z.enum(GATEWAY_ACTIONS),
  }),
  z.object({ type: z.literal('allowRemoteImages'), url: z.optional(z.string().check(z.maxLength(8192))) }),
  z.object({ type: z.literal('setMode'), mode: z.enum(['ask', 'agent']) }),
  /** Approve or Deny a tool call that waits for it. */
  z.object({ type: z.literal('approveTool'), callId: id, approved: z.boolean() }),
  /** Opens VS Code's diff editor on an edit that waits for approval. */
  z.object({ type: z.literal('openToolDiff'), callId: id }),
  /** Raises a task's budget; a task paused at its budget goes on. */
  z.object({ type: z.literal('raiseBudget'), taskId: id, budget: credits }),
  z.object({ type: z.literal('restoreCheckpoint'), taskId: id }),
]);

export type WebviewToHost = z.infer<typeof webviewMessageSchema>;

/** Returns the message when it fits the protocol, otherwise undefined (the caller logs and drops it). */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  const result = webviewMessageSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/** Compile-time exhaustiveness guard for `switch (msg.type)`. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
