// The code in a model's answer, without the fences and the chatter around it. The answer is parsed
// as Markdown by the same library the chat renders with, so fences of any length, tildes, fences
// inside lists or quotes, and an unterminated fence (a reply cut off at the token limit) all
// behave as a Markdown reader would expect.
import { Lexer, type Token } from 'marked';

/**
 * Reasoning some models (DeepSeek R1 through Ollama, QwQ, …) put in the answer text itself.
 * Only a leading block is removed: a `<think>` later on is the model's content.
 */
const LEADING_THINK = /^\s*<think>[\s\S]*?<\/think>\s*/i;

/**
 * Takes the model's whole answer and returns the code to put in the editor: the largest fenced
 * block (the first of equal ones), or the whole answer, trimmed, when it has no fenced block.
 * Line ends come back as `\n`.
 *
 * The largest block rather than the first: a model that adds "Usage:" with a short example after
 * the code, or shows a one-line signature before it, still yields the code itself.
 */
export function extractCode(answer: string): string {
  const text = answer.replace(/\r\n?/g, '\n').replace(LEADING_THINK, '');
  const blocks = fencedBlocks(text);
  if (blocks.length === 0) return trimBlankLines(text);
  let best = blocks[0] as string;
  for (const block of blocks) if (block.length > best.length) best = block;
  return trimBlankLines(best);
}

function fencedBlocks(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      // Indented code blocks are left out: raw code that happens to be indented is not "fenced".
      if (token.type === 'code' && token.codeBlockStyle !== 'indented') found.push(token.text);
      if ('tokens' in token && Array.isArray(token.tokens)) walk(token.tokens as Token[]);
      if ('items' in token && Array.isArray(token.items)) walk(token.items as Token[]);
    }
  };
  walk(Lexer.lex(markdown));
  return found;
}

/** Drops blank lines at both ends but keeps the first line's indentation. */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}
