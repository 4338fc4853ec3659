// Model catalogues and demo keys as the two gateway references describe them.

export const DEMO_KEYS = {
  helyxPro: 'hx-demo-pro-7Qm2vX9kLp4RtW8sNc3Y',
  helyxFree: 'hx-demo-free-2Bd6hJ0qZu5GfK1xTe9V',
  helyxEmpty: 'hx-demo-empty-9Pw4nM7cRy2LsH6aDk0Q',
  heytoken: 'sk-ht-demo-4Fv8tQ1zXb6NjE3uWm5R2kYh',
} as const;

export type HelyxKind = 'chat' | 'image' | 'video';

export interface HelyxModel {
  id: string;
  kind: HelyxKind;
  /** Credits per token for chat, per image for image, per task for video. */
  rate: number;
  pro: boolean;
  /** False: a request with `tools` gets a 400 (nothing charged), as search-first models answer. */
  tools?: boolean;
}

// vo3's price is "TBD" in the reference; the simulator charges a fixed amount per task.
export const VO3_TASK_CREDITS = 1000;

export const HELYX_MODELS: readonly HelyxModel[] = [
  { id: 'gpt-4-turbo', kind: 'chat', rate: 0.2, pro: false },
  { id: 'claude-4.7', kind: 'chat', rate: 1.0, pro: true },
  { id: 'perplexity-sonar', kind: 'chat', rate: 0.1, pro: false, tools: false },
  { id: 'helyx-3.5', kind: 'chat', rate: 0.04, pro: false },
  { id: 'grok-pro', kind: 'chat', rate: 0.2, pro: true },
  { id: 'kimi-k2.6', kind: 'chat', rate: 0.2, pro: false },
  { id: 'qwen-3.6-plus', kind: 'chat', rate: 0.2, pro: false },
  { id: 'glm-5.1-pro', kind: 'chat', rate: 0.2, pro: false },
  { id: 'minimax-m2.7', kind: 'chat', rate: 0.1, pro: false },
  { id: 'nano-banana-pro', kind: 'image', rate: 200, pro: false },
  { id: 'vo3', kind: 'video', rate: VO3_TASK_CREDITS, pro: true },
];

export type HeytokenKind = 'chat' | 'image' | 'video' | 'embedding';

export interface HeytokenModel {
  id: string;
  kind: HeytokenKind;
  ownedBy: string;
  /** Which delta field carries chain-of-thought; gateways differ, so both occur. */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** False: a request with `tools` gets a 400, as OpenAI answered for o1-mini. */
  tools?: boolean;
}

export const HEYTOKEN_MODELS: readonly HeytokenModel[] = [
  { id: 'gpt-4o', kind: 'chat', ownedBy: 'openai' },
  { id: 'gpt-4o-mini', kind: 'chat', ownedBy: 'openai' },
  { id: 'o1-mini', kind: 'chat', ownedBy: 'openai', reasoningField: 'reasoning_content', tools: false },
  { id: 'deepseek-r1', kind: 'chat', ownedBy: 'deepseek', reasoningField: 'reasoning' },
  { id: 'claude-3-5-sonnet', kind: 'chat', ownedBy: 'anthropic' },
  { id: 'dall-e-3', kind: 'image', ownedBy: 'openai' },
  { id: 'stable-diffusion-xl', kind: 'image', ownedBy: 'stability' },
  { id: 'sora', kind: 'video', ownedBy: 'openai' },
  { id: 'kling-1.6', kind: 'video', ownedBy: 'kuaishou' },
  { id: 'text-embedding-3-small', kind: 'embedding', ownedBy: 'openai' },
];

export const HEYTOKEN_IMAGE_SIZES = ['256x256', '512x512', '1024x1024', '1792x1024', '1024x1792'];
export const HEYTOKEN_IMAGE_QUALITIES = ['standard', 'hd'];

export function helyxModel(id: unknown): HelyxModel | undefined {
  return HELYX_MODELS.find((m) => m.id === id);
}

export function heytokenModel(id: unknown): HeytokenModel | undefined {
  return HEYTOKEN_MODELS.find((m) => m.id === id);
}
