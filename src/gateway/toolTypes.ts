// Tool calling and image input in the gateway core's own terms. The wire shapes are the openai
// SDK's (ChatCompletionTool, ChatCompletionMessageToolCall …); these are what callers build and read.
import type OpenAI from 'openai';

/** A function the model may call: OpenAI's function schema (name, description, JSON-schema parameters). */
export type ToolDefinition = OpenAI.FunctionDefinition;

/** 'auto' lets the model choose, 'required' makes it call some tool, `{ name }` makes it call that one. */
export type ToolChoice = 'auto' | 'required' | 'none' | { name: string };

/** A complete tool call: `arguments` is the parsed JSON object, `rawArguments` the text the model sent. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  rawArguments: string;
}

/** An image for a model that takes images: an https URL or a data: URL (`data:image/png;base64,…`). */
export interface ImagePart {
  url: string;
  detail?: 'auto' | 'low' | 'high';
}

/** The result of one tool call, sent back to the model in the next request. */
export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  content: string;
}
