import type { ChatMessageView, ChatStateView, CreditsView, ModelView } from '../../src/shared/protocol';
import { seededRandom } from '../support/seededRandom';

/** HelyxAI-like catalogue: chat models plus image and video ones the chat must never offer. */
export const MODELS: ModelView[] = [
  { id: 'helyx-3.5', displayName: 'helyx-3.5', kind: 'chat', rateLabel: '0.2 cr/tok', pro: false, reasoning: false },
  { id: 'helyx-mini', displayName: 'helyx-mini', kind: 'chat', rateLabel: '0.05 cr/tok', pro: false, reasoning: false },
  { id: 'claude-4.7', displayName: 'claude-4.7', kind: 'chat', rateLabel: '1.5 cr/tok', pro: true, reasoning: true },
  { id: 'grok-pro', displayName: 'grok-pro', kind: 'chat', rateLabel: '1.2 cr/tok', pro: true, reasoning: true },
  { id: 'deepseek-r1', displayName: 'deepseek-r1', kind: 'chat', rateLabel: '0.4 cr/tok', pro: false, reasoning: true },
  { id: 'helyx-image', displayName: 'helyx-image', kind: 'image', rateLabel: '200 cr/img', pro: false, reasoning: false },
  { id: 'vo3', displayName: 'vo3', kind: 'video', rateLabel: 'TBD', pro: true, reasoning: false },
];

export const HOUR = 3_600_000;

export function helyxCredits(now: number, overrides: Partial<CreditsView> = {}): CreditsView {
  return {
    providerLabel: 'HelyxAI',
    unit: 'credits',
    balance: 9998.27,
    balanceAt: now,
    lastCost: { credits: 1.73, estimated: false },
    spentToday: 12.4,
    spentSession: 3.1,
    estimated: false,
    nextResetAt: now + 3 * HOUR + 12 * 60_000 + 30_000,
    ...overrides,
  };
}

export function userMessage(id: string, text: string, extra: Partial<ChatMessageView> = {}): ChatMessageView {
  return { id, role: 'user', text, status: 'done', createdAt: 1_700_000_000_000, ...extra };
}

export function assistantMessage(id: string, text: string, extra: Partial<ChatMessageView> = {}): ChatMessageView {
  return { id, role: 'assistant', text, status: 'done', model: 'helyx-3.5', createdAt: 1_700_000_001_000, ...extra };
}

export function chatState(overrides: Partial<ChatStateView> = {}): ChatStateView {
  return {
    conversationId: 'conv-1',
    title: 'Sorting in TypeScript',
    messages: [],
    models: MODELS,
    modelId: 'helyx-3.5',
    credits: helyxCredits(Date.now()),
    context: [],
    conversations: [
      { id: 'conv-1', title: 'Sorting in TypeScript', updatedAt: 1_700_000_100_000, messageCount: 2 },
      { id: 'conv-2', title: 'Regex help', updatedAt: 1_700_000_000_000, messageCount: 4 },
    ],
    busy: false,
    reasoning: false,
    reasoningSupported: false,
    remoteImages: { policy: 'ask', urls: [] },
    hasKey: true,
    providerLabel: 'HelyxAI',
    ...overrides,
  };
}

/** Real markdown with the constructs that break naive incremental renderers. */
export const LONG_ANSWER = `# Sorting an array of objects

You can sort **in place** with \`Array.prototype.sort\` and a comparator:

\`\`\`ts
interface Person { name: string; age: number }

const people: Person[] = [
  { name: 'Ada', age: 36 },
  { name: 'Linus', age: 28 },
];

people.sort((a, b) => a.age - b.age);
\`\`\`

1. The comparator returns a *negative* number when \`a\` comes first.
2. Since ES2019 the sort is **stable**.
   - equal elements keep their order
   - so you can sort by several keys in turn

> Tip: use \`toSorted()\` when you must not mutate the original.

| Method | Mutates | Since |
| --- | --- | --- |
| \`sort\` | yes | ES1 |
| \`toSorted\` | no | ES2023 |

See [MDN](https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Array/sort) for details.

That's all — «ünïcödé» and emoji 🚀 survive splitting too.
`;

/** Splits `text` into `parts` pieces at pseudo-random points (deterministic per seed). */
export function randomSplits(text: string, parts: number, seed: number): string[] {
  const next = seededRandom(seed);
  const cuts = new Set<number>();
  while (cuts.size < Math.min(parts - 1, text.length - 1)) cuts.add(1 + Math.floor(next() * (text.length - 1)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: string[] = [];
  let at = 0;
  for (const cut of sorted) {
    chunks.push(text.slice(at, cut));
    at = cut;
  }
  chunks.push(text.slice(at));
  return chunks;
}
