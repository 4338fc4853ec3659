// The providers as data. Everything provider-specific the client needs lives here, so a new
// gateway is a new entry, not a new code path.
import type { ModelInfo, ProviderPreset } from './types';

const HELYX_MAX_TOKENS = 4096;

function helyxChat(id: string, displayName: string, perToken: number, description: string, pro = false): ModelInfo {
  return {
    id,
    displayName,
    kind: 'chat',
    // Written as the reference writes it: "1.0 cr/tok", "0.04 cr/tok".
    rate: { perToken, label: `${Number.isInteger(perToken) ? perToken.toFixed(1) : perToken} cr/tok` },
    pro,
    reasoning: false,
    description,
    maxOutputTokens: HELYX_MAX_TOKENS,
  };
}

// The reference's heading says "12 Total" but it lists these 11; the list is what we trust.
const HELYX_MODELS: ModelInfo[] = [
  helyxChat('gpt-4-turbo', 'ChatGPT 5.5', 0.2, 'Latest ChatGPT model optimized for advanced conversations and problem-solving.'),
  helyxChat('claude-4.7', 'Claude 4.7', 1.0, 'Best for complex reasoning, coding, and analysis. Requires Pro plan.', true),
  helyxChat('perplexity-sonar', 'Perplexity Sonar', 0.1, 'Real-time web search integrated. Perfect for current events and fact-checking.'),
  helyxChat('helyx-3.5', 'Helyx 3.5', 0.04, 'Fast and efficient. Default model, excellent for high-volume tasks.'),
  helyxChat('grok-pro', 'Grok Pro', 0.2, "xAI's advanced model. Requires Pro plan.", true),
  helyxChat('kimi-k2.6', 'Kimi K2.6 Pro', 0.2, 'High intelligence model with strong multilingual support.'),
  helyxChat('qwen-3.6-plus', 'Qwen 3.6 Plus', 0.2, "Alibaba's advanced model with broad knowledge coverage."),
  helyxChat('glm-5.1-pro', 'GLM 5.1 Pro', 0.2, "Zhipu's advanced reasoning model. Strong logical analysis."),
  helyxChat('minimax-m2.7', 'MiniMax M2.7', 0.1, 'Efficient and fast. Great balance of speed and capability.'),
  {
    id: 'nano-banana-pro',
    displayName: 'Nano Banana Pro',
    kind: 'image',
    rate: { perImage: 200, label: '200 cr/img' },
    pro: false,
    reasoning: false,
    description: 'Image generation. Flat 200 credits per image, regardless of size.',
  },
  {
    id: 'vo3',
    displayName: 'Vo3',
    kind: 'video',
    rate: { label: 'TBD' },
    pro: true,
    reasoning: false,
    description: 'AI video generation. Premium feature. Requires Pro plan.',
  },
];

function model(id: string, displayName: string, kind: ModelInfo['kind'], extra: Partial<ModelInfo> = {}): ModelInfo {
  return { id, displayName, kind, pro: false, reasoning: false, ...extra };
}

// HeyToken publishes no per-model catalogue or prices; these are the models its docs name, used to
// give /models entries a kind and a display name when the gateway sends only ids.
const HEYTOKEN_MODELS: ModelInfo[] = [
  model('gpt-4o', 'GPT-4o', 'chat', { contextWindow: 128000 }),
  model('gpt-4o-mini', 'GPT-4o mini', 'chat', { contextWindow: 128000 }),
  model('o1-mini', 'o1-mini', 'chat', { reasoning: true, contextWindow: 128000 }),
  model('deepseek-r1', 'DeepSeek R1', 'chat', { reasoning: true, contextWindow: 64000 }),
  model('claude-3-5-sonnet', 'Claude 3.5 Sonnet', 'chat', { contextWindow: 200000 }),
  model('dall-e-3', 'DALL·E 3', 'image'),
  model('midjourney', 'Midjourney', 'image'),
  model('stable-diffusion-xl', 'Stable Diffusion XL', 'image'),
  model('sora', 'Sora', 'video'),
  model('runway-gen3', 'Runway Gen-3', 'video'),
  model('kling-1.6', 'Kling 1.6', 'video'),
  model('text-embedding-3-small', 'Text Embedding 3 Small', 'embedding'),
];

// OpenAI-style image sizes and qualities.
const OPENAI_IMAGE_OPTIONS = { sizes: ['1024x1024', '1792x1024', '1024x1792', '512x512', '256x256'], qualities: ['standard', 'hd'] };

const PRESETS = {
  helyx: {
    id: 'helyx',
    displayName: 'HelyxAI',
    defaultBaseUrl: 'https://helyxai.space/api/v1',
    keyPrefix: 'hx-',
    keyOptionalForLocalhost: false,
    hasModelsEndpoint: false,
    catalogue: HELYX_MODELS,
    defaultModel: 'helyx-3.5',
    creditUnit: 'credits',
    reportsBalance: true,
    dailyReset: { utcOffsetMinutes: 5 * 60, hour: 0 },
    maxTokensCap: HELYX_MAX_TOKENS,
    supportsReasoningFlag: false,
    defaultMaxTokens: 2048,
    apiPath: '/api/v1',
    billingField: 'helyx',
    // HelyxAI prices and renders images regardless of size: no imageOptions.
  },
  heytoken: {
    id: 'heytoken',
    displayName: 'HeyToken',
    defaultBaseUrl: 'https://api.heytoken.ai/v1',
    keyPrefix: 'sk-ht-',
    keyOptionalForLocalhost: false,
    hasModelsEndpoint: true,
    catalogue: HEYTOKEN_MODELS,
    defaultModel: 'gpt-4o-mini',
    creditUnit: 'credits',
    reportsBalance: false,
    limits: { requestsPerMinute: 100, requestsPerHour: 1000, tokensPerMinute: 100_000, concurrentStreams: 10 },
    supportsReasoningFlag: true,
    imageOptions: OPENAI_IMAGE_OPTIONS,
  },
  custom: {
    id: 'custom',
    displayName: 'Custom gateway',
    defaultBaseUrl: 'http://localhost:11434/v1',
    keyOptionalForLocalhost: true,
    hasModelsEndpoint: true,
    catalogue: [],
    creditUnit: 'credits',
    reportsBalance: false,
    supportsReasoningFlag: false,
    // A custom gateway may be a proxy in front of HelyxAI, passing its billing object through.
    billingField: 'helyx',
    imageOptions: OPENAI_IMAGE_OPTIONS,
  },
} satisfies Record<string, ProviderPreset>;

/** The providers Switchboard knows: the keys of the presets, nothing listed twice. */
export type ProviderId = keyof typeof PRESETS;

export const PROVIDERS: Readonly<Record<ProviderId, ProviderPreset>> = PRESETS;

export const PROVIDER_IDS = Object.keys(PRESETS) as readonly ProviderId[];

export function getPreset(id: ProviderId): ProviderPreset {
  return PROVIDERS[id];
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}
