import { Lexer, Parser, getDefaults, type Token, type TokensList } from 'marked';

/** Reference-style link definitions, keyed by normalized label, as marked keeps them. */
export type LinkDefinitions = TokensList['links'];

/**
 * marked's `lex` carries inline state (an unclosed raw `<a>`) from one block into the
 * next, so a block would render differently depending on where lexing started. Resetting
 * it per inline run makes every block independent of the blocks before it, which is what
 * lets the streaming renderer lex only the unfinished tail and still match a one-shot
 * render of the whole text. Both paths use this lexer.
 */
class BlockLocalLexer extends Lexer {
  override lex(src: string): TokensList {
    this.blockTokens(src, this.tokens);
    for (let i = 0; i < this.inlineQueue.length; i++) {
      const next = this.inlineQueue[i];
      this.state.inRawBlock = false;
      this.state.inLink = false;
      this.inlineTokens(next.src, next.tokens);
    }
    this.inlineQueue = [];
    return this.tokens;
  }
}

/** Lexes `src` (newlines already normalized) with `links` known in advance; the result's `links` gains the definitions found in `src`. */
export function lexMarkdown(src: string, links?: LinkDefinitions): TokensList {
  const lexer = new BlockLocalLexer({ ...getDefaults(), gfm: true, breaks: false, pedantic: false });
  if (links) lexer.tokens.links = copyLinks(links);
  return lexer.lex(src);
}

export function copyLinks(links: LinkDefinitions): LinkDefinitions {
  return Object.assign(Object.create(null) as LinkDefinitions, links);
}

const parser = new Parser({ ...getDefaults(), gfm: true });

export function tokensToHtml(tokens: Token[]): string {
  return parser.parse(tokens);
}

export function inlineTokensToHtml(tokens: Token[]): string {
  return parser.parseInline(tokens);
}

/** CommonMark treats \r\n and a lone \r as line endings; marked does the same before lexing. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
