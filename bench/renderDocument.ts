/*
 * A long model answer, generated deterministically: headings, paragraphs with inline markup,
 * lists, fenced code in several languages, tables and quotes, in the proportions a coding
 * assistant produces. Split into ~4-character tokens and streamed 1–4 tokens per delta.
 */
import { seededRandom } from '../test/support/seededRandom';

const WORDS = ('the a request handler returns value state cache model stream token user file module function ' +
  'async await error retry limit gateway credit balance render block parser update config option default ' +
  'server client response header body timeout signal abort queue worker event listener promise result ' +
  'string number array object type interface class method property index path folder workspace editor')
  .split(' ');
const IDENTIFIERS = ['fetchModels', 'retryAfter', 'StreamEvent', 'ledger', 'baseUrl', 'maxTokens', 'AbortSignal', 'onDidChange'];

const CODE: Record<string, string[]> = {
  ts: [
    'export async function loadConfig(path: string): Promise<Config> {',
    '  const text = await readFile(path, "utf8");',
    '  const parsed = JSON.parse(text) as Partial<Config>;',
    '  if (!parsed.baseUrl) throw new Error(`missing baseUrl in ${path}`);',
    '  return { ...DEFAULTS, ...parsed };',
    '}',
    'for (const model of models.filter((m) => m.kind === "chat")) {',
    '  picker.add({ label: model.name, detail: `${model.rate} credits/token` });',
    '}',
    'const controller = new AbortController();',
    'setTimeout(() => controller.abort(), 30_000);',
  ],
  python: [
    'def summarize(items: list[dict]) -> dict:',
    '    total = sum(item["cost"] for item in items)',
    '    by_model = {}',
    '    for item in items:',
    '        by_model.setdefault(item["model"], 0)',
    '        by_model[item["model"]] += item["cost"]',
    '    return {"total": total, "by_model": by_model}',
    'if __name__ == "__main__":',
    '    print(summarize(load("usage.json")))',
  ],
  json: [
    '{',
    '  "model": "helyx-pro",',
    '  "stream": true,',
    '  "max_tokens": 2048,',
    '  "messages": [{ "role": "user", "content": "hello" }],',
    '  "stream_options": { "include_usage": true }',
    '}',
  ],
  bash: [
    'npm install --save-dev esbuild',
    'npx tsc --noEmit -p tsconfig.json',
    'curl -sS -H "Authorization: Bearer $KEY" "$BASE/models" | jq ".data[].id"',
    'for f in src/*.ts; do wc -l "$f"; done',
  ],
};

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function sentence(random: () => number): string {
  const n = 6 + Math.floor(random() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.05) words.push(`\`${pick(random, IDENTIFIERS)}\``);
    else if (r < 0.08) words.push(`**${pick(random, WORDS)}**`);
    else if (r < 0.1) words.push(`*${pick(random, WORDS)}*`);
    else if (r < 0.115) words.push(`[${pick(random, WORDS)}](https://example.com/docs/${pick(random, WORDS)})`);
    else words.push(pick(random, WORDS));
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraph(random: () => number): string {
  const n = 2 + Math.floor(random() * 4);
  return Array.from({ length: n }, () => sentence(random)).join(' ');
}

function codeBlock(random: () => number): string {
  const language = pick(random, Object.keys(CODE));
  const lines = CODE[language];
  const n = 6 + Math.floor(random() * 30);
  const body = Array.from({ length: n }, (_, i) => lines[(i + Math.floor(random() * 3)) % lines.length]);
  return '```' + language + '\n' + body.join('\n') + '\n```';
}

function list(random: () => number): string {
  const ordered = random() < 0.4;
  const n = 3 + Math.floor(random() * 6);
  return Array.from({ length: n }, (_, i) => {
    const item = `${ordered ? `${i + 1}.` : '-'} ${sentence(random)}`;
    return random() < 0.2 ? `${item}\n  ${ordered ? '-' : '-'} ${sentence(random)}` : item;
  }).join('\n');
}

function table(random: () => number): string {
  const rows = 3 + Math.floor(random() * 5);
  const lines = ['| Model | Rate | Notes |', '|:------|-----:|:------|'];
  for (let i = 0; i < rows; i++) {
    lines.push(`| \`${pick(random, WORDS)}-${i}\` | ${(random() * 10).toFixed(2)} | ${sentence(random)} |`);
  }
  return lines.join('\n');
}

/** A markdown answer of at least `minChars` characters. */
export function generateAnswer(minChars: number, seed = 42): string {
  const random = seededRandom(seed);
  const blocks: string[] = [];
  let length = 0;
  let section = 0;
  while (length < minChars) {
    const r = random();
    let block: string;
    if (r < 0.08) block = `${random() < 0.3 ? '#' : '##'} ${++section}. ${sentence(random).slice(0, -1)}`;
    else if (r < 0.45) block = paragraph(random);
    else if (r < 0.65) block = list(random);
    else if (r < 0.85) block = codeBlock(random);
    else if (r < 0.93) block = table(random);
    else block = `> ${sentence(random)}\n> ${sentence(random)}`;
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}

/** A short answer that is mostly one long TypeScript code block of `lines` lines: "write me the file". */
export function generateLongCodeAnswer(lines: number, seed = 42): string {
  const random = seededRandom(seed);
  const body = Array.from({ length: lines }, (_, i) => {
    const line = CODE.ts[(i + Math.floor(random() * 3)) % CODE.ts.length];
    return i % 25 === 24 ? `/**\n * ${sentence(random)}\n */\n${line}` : line;
  });
  return `${paragraph(random)}\n\n\`\`\`ts\n${body.join('\n')}\n\`\`\`\n\n${sentence(random)}\n`;
}

/** ~4-character tokens: up to four non-space characters with the whitespace before them. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S{1,4}|\s+$/g) ?? [];
}

/** Groups tokens into deltas of 1–4 tokens, as a gateway streams them. */
export function toDeltas(tokens: readonly string[], seed = 7): string[] {
  const random = seededRandom(seed);
  const deltas: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const n = 1 + Math.floor(random() * 4);
    deltas.push(tokens.slice(i, i + n).join(''));
    i += n;
  }
  return deltas;
}
