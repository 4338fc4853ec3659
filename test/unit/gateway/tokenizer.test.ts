import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { countMessageTokens, countTokens, MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS } from '../../../src/gateway/tokenizer';

describe('gateway/tokenizer', () => {
  it('counts tokens of text, including text that looks like special tokens', async () => {
    assert.equal(await countTokens(''), 0);
    assert.equal(await countTokens('hello world'), 2);
    const tricky = await countTokens('before <|endoftext|> after');
    assert.ok(tricky > 3);
  });

  it('counts chat messages with per-message overhead', async () => {
    const messages = [
      { role: 'system' as const, content: 'hello world' },
      { role: 'user' as const, content: 'hello world' },
    ];
    assert.equal(await countMessageTokens(messages), REPLY_PRIMING_TOKENS + 2 * (MESSAGE_OVERHEAD_TOKENS + 2));
  });

  it('loads the tokenizer only on first use', function () {
    this.timeout(30_000);
    // A fresh process: importing the module must not load gpt-tokenizer; counting must.
    const moduleUrl = resolve(__dirname, '../../../src/gateway/tokenizer.ts');
    const script = `
      const tok = require(${JSON.stringify(moduleUrl)});
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('gpt-tokenizer'));
      const before = tok.isTokenizerLoaded() || loaded();
      tok.countTokens('hi there').then((n) => { console.log(JSON.stringify({ before, after: tok.isTokenizerLoaded(), n })); });
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: resolve(__dirname, '../../..') });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { before: boolean; after: boolean; n: number };
    assert.deepEqual(result, { before: false, after: true, n: 2 });
  });
});
