import type { Token, Tokens } from 'marked';
import type { LinkDefinitions } from './markedLexer';

/** Adds the definitions found in `tokens` (nested ones too, in document order) that `into` lacks: the first definition of a label wins. */
export function collectDefinitions(tokens: readonly Token[], into: LinkDefinitions): void {
  for (const token of tokens) {
    if (token.type === 'def') {
      const def = token as Tokens.Def;
      if (!into[def.tag]) into[def.tag] = { href: def.href, title: def.title };
    } else if (token.type === 'list') {
      for (const item of (token as Tokens.List).items) collectDefinitions(item.tokens, into);
    } else if (token.type === 'blockquote') {
      collectDefinitions((token as Tokens.Blockquote).tokens, into);
    }
  }
}

/** Labels whose definition differs between the two maps (added, removed or changed). */
export function changedLabels(before: LinkDefinitions, after: LinkDefinitions): string[] {
  const labels = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...labels].filter((label) => before[label]?.href !== after[label]?.href || before[label]?.title !== after[label]?.title);
}

export function definitionsKey(links: LinkDefinitions): string {
  return JSON.stringify(links);
}

/** Folds text the way marked normalizes a label, so a label can be looked for as a substring. */
export function foldForLabels(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}
