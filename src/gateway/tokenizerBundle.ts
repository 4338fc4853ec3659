// Entry of dist/tokenizer.js: the build loads gpt-tokenizer from this separate file on demand.
export { countTokens } from 'gpt-tokenizer';
