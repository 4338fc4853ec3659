// Every prompt the code actions send, in one place so they can be read, reviewed and tuned together.
// Plain TypeScript (no `vscode`), so the unit tests build them directly.
//
// Two shapes of request:
// - Explain goes through the chat: `explainRequest` is the user message, sent with the selection
//   attached as context (the chat adds the file path, language and line range to the request).
// - Refactor and Fix ask for replacement code only: `rewriteMessages` builds a system prompt that
//   asks for one fenced block and a user message with the code, its place in the file, a little
//   read-only context around it and the instruction. Whatever the model adds around the block is
//   stripped by `extractCode`, so the prompts ask for discipline but do not rely on it.
import type { ChatMessage } from '../gateway/types';

/** A piece of a file as the prompts describe it. Lines are 1-based, inclusive. */
export interface CodeSnippet {
  /** Workspace-relative path (or the untitled name). */
  path: string;
  /** VS Code language id, used as the fence's info string. */
  language: string;
  startLine: number;
  endLine: number;
  code: string;
}

export interface RefactorPreset {
  id: 'simplify' | 'add-types' | 'extract-function' | 'improve-names' | 'add-error-handling';
  /** What the quick pick shows. */
  label: string;
  /** A one-line hint under the label. */
  description: string;
  /** What the model is told to do. */
  instruction: string;
}

/**
 * Refactor presets offered in the quick pick, in this order. The instructions say what to keep as
 * well as what to change, because the answer replaces the user's code as-is once accepted.
 */
export const REFACTOR_PRESETS: readonly RefactorPreset[] = [
  {
    id: 'simplify',
    label: 'Simplify',
    description: 'Shorter, clearer code with the same behaviour',
    instruction:
      'Simplify this code: remove redundancy, flatten needless nesting and use clearer constructs of the language. Keep its behaviour, its public names and its side effects exactly the same.',
  },
  {
    id: 'add-types',
    label: 'Add types',
    description: 'Explicit types or type annotations',
    instruction:
      'Add explicit types: annotate parameters, return values and variables whose type is not obvious, using the idioms of the language (type hints, JSDoc types where the language has no annotations). Do not change behaviour.',
  },
  {
    id: 'extract-function',
    label: 'Extract function',
    description: 'Move part of the logic into a well-named function',
    instruction:
      'Extract the main piece of logic into a separate, well-named function (or method) and call it from where it was. Put the new function inside the replacement code, next to its caller. Keep the behaviour the same.',
  },
  {
    id: 'improve-names',
    label: 'Improve names',
    description: 'Clearer variable, parameter and function names',
    instruction:
      'Rename local variables, parameters and inner functions so that their names say what they hold or do. Do not rename anything that code outside this selection could refer to (exported or public names). Do not change behaviour.',
  },
  {
    id: 'add-error-handling',
    label: 'Add error handling',
    description: 'Handle failures and invalid input',
    instruction:
      'Add error handling: check invalid input, handle failures of the calls that can fail, and report errors in the way the surrounding code does. Do not swallow errors silently and do not change the behaviour on the success path.',
  },
];

/**
 * The chat message for **Explain**. The selection travels as an attachment (path, language,
 * lines and code), so the message itself only says what kind of explanation is wanted.
 */
export function explainRequest(snippet: Pick<CodeSnippet, 'path' | 'startLine' | 'endLine'>): string {
  return [
    `Explain the selected code from ${snippet.path} (${lineRange(snippet)}).`,
    'Start with one or two sentences on what it does and why, then walk through how it works, and finish with anything surprising: edge cases, bugs, or performance pitfalls.',
  ].join(' ');
}

/**
 * The system prompt for Refactor and Fix: the answer is pasted over the user's code, so it must be
 * code only, complete, and in one block.
 */
export const REWRITE_SYSTEM_PROMPT = [
  'You are Switchboard, a careful code rewriting tool inside VS Code.',
  'You receive a piece of a file and an instruction. Reply with the complete replacement for that piece: all of it, not only the changed lines, in exactly one fenced code block, and nothing else — no explanation before or after the block.',
  'The replacement is inserted in place of the original piece as-is, so: keep the code that the instruction does not concern unchanged; keep the language, the coding style and the indentation style of the original; do not repeat the surrounding context you are shown; do not add placeholder comments such as "rest of the code unchanged".',
].join('\n');

export interface RewriteInput {
  snippet: CodeSnippet;
  /** What to do: a preset's instruction, the user's own words, or `fixInstruction(...)`. */
  instruction: string;
  /** Read-only lines just before and after the piece, so the model sees names and types in scope. */
  before?: string;
  after?: string;
}

/** The messages for one Refactor or Fix request. */
export function rewriteMessages(input: RewriteInput): ChatMessage[] {
  const { snippet, instruction } = input;
  const parts: string[] = [`File: ${snippet.path} (language: ${snippet.language})`];
  if (input.before?.trim()) parts.push('', 'Context before the piece (read-only, do not repeat it):', fenced(input.before, snippet.language));
  parts.push('', `The piece to rewrite (${lineRange(snippet)}):`, fenced(snippet.code, snippet.language));
  if (input.after?.trim()) parts.push('', 'Context after the piece (read-only, do not repeat it):', fenced(input.after, snippet.language));
  parts.push('', `Instruction: ${instruction.trim()}`, '', `Reply with the complete rewritten piece in one \`\`\`${snippet.language} block and nothing else.`);
  return [
    { role: 'system', content: REWRITE_SYSTEM_PROMPT },
    { role: 'user', content: parts.join('\n') },
  ];
}

/** A problem reported by a language server or linter, as the Fix prompt describes it. */
export interface DiagnosticDescription {
  message: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** 1-based line in the file. */
  line: number;
  /** The tool that reported it: "ts", "eslint", "Pylance", … */
  source?: string;
  code?: string;
}

/**
 * The instruction for **Fix**: the diagnostic's own words, where it is, and a request for the
 * smallest change that makes it go away.
 */
export function fixInstruction(diagnostic: DiagnosticDescription): string {
  const origin = [diagnostic.source, diagnostic.code].filter(Boolean).join(' ');
  return [
    `Fix this ${diagnostic.severity}${origin ? ` (reported by ${origin})` : ''} on line ${diagnostic.line} of the file: "${diagnostic.message.trim()}".`,
    'Make the smallest correct change that resolves it, and leave every other line as it is.',
  ].join(' ');
}

/** The title a refactor proposal is shown under: the preset's label or the first words of free text. */
export function instructionTitle(instruction: string): string {
  const preset = REFACTOR_PRESETS.find((p) => p.instruction === instruction);
  if (preset) return preset.label;
  const line = instruction.trim().split('\n')[0] ?? '';
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}

function lineRange(snippet: Pick<CodeSnippet, 'startLine' | 'endLine'>): string {
  return snippet.startLine === snippet.endLine ? `line ${snippet.startLine}` : `lines ${snippet.startLine}-${snippet.endLine}`;
}

/** A fence longer than any backtick run inside the code, so the code cannot close it early. */
function fenced(code: string, language: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code.replace(/\n$/, '')}\n${fence}`;
}
