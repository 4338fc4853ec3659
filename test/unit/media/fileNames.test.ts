import * as assert from 'node:assert/strict';
import { fileTimestamp, isSafeFileName, MAX_SLUG_LENGTH, mediaBaseName, slugFromPrompt, withCollisionSuffix } from '../../../src/media/fileNames';

/** What every name built from a prompt must satisfy, whatever the prompt was. */
function assertSafeSlug(slug: string): void {
  assert.match(slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, `not lower-case ASCII words: ${JSON.stringify(slug)}`);
  assert.ok(slug.length <= MAX_SLUG_LENGTH + '-image'.length, `too long: ${slug.length}`);
  assert.ok(isSafeFileName(`${slug}.png`), `unsafe: ${slug}`);
}

describe('media file names', () => {
  it('turns a prompt into lower-case ASCII words joined by hyphens', () => {
    assert.equal(slugFromPrompt('A Futuristic City at Sunset!'), 'a-futuristic-city-at-sunset');
    assert.equal(slugFromPrompt('Café crème — Über größe'), 'cafe-creme-ueber-groesse');
  });

  const hostile: Array<[string, string]> = [
    ['path traversal', '../../etc/passwd'],
    ['absolute path', '/abs/olute'],
    ['Windows drive', 'C:\\x\\y'],
    ['UNC path', '\\\\server\\share'],
    ['NUL and control characters', 'cat\u0000dog\u0007\r\nfish\u007f'],
    ['hidden file', '.hidden'],
    ['emoji only', '🚀🔥🎉'],
    ['emoji between words', 'rocket 🚀 launch'],
    ['shell metacharacters', 'a;rm -rf *|`x`$(y)>z<w'],
    ['quotes and wildcards', '"*?"'],
    ['right-to-left override', 'abc\u202Egnp.exe'],
  ];
  for (const [what, prompt] of hostile) {
    it(`makes a safe name from a prompt with ${what}`, () => {
      const slug = slugFromPrompt(prompt);
      assertSafeSlug(slug);
      assert.ok(!slug.includes('..') && !slug.includes('/') && !slug.includes('\\'));
    });
  }

  it('keeps the words of a traversal attempt but none of its structure', () => {
    assert.equal(slugFromPrompt('../../etc/passwd'), 'etc-passwd');
  });

  it('falls back to the given word when nothing usable is left', () => {
    assert.equal(slugFromPrompt('🚀🔥🎉'), 'image');
    assert.equal(slugFromPrompt('...', 'video'), 'video');
    assert.equal(slugFromPrompt(''), 'image');
    assert.equal(slugFromPrompt('日本語のプロンプト'), 'image');
  });

  it('never produces a reserved Windows device name', () => {
    for (const name of ['con', 'CON', 'prn', 'aux', 'nul', 'com1', 'lpt9']) {
      const slug = slugFromPrompt(name);
      assert.notEqual(slug.toLowerCase(), name.toLowerCase());
      assertSafeSlug(slug);
    }
  });

  it('cuts a 500-character prompt at a word boundary', () => {
    const prompt = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    assert.ok(prompt.length >= 500);
    const slug = slugFromPrompt(prompt);
    assertSafeSlug(slug);
    assert.ok(slug.length <= MAX_SLUG_LENGTH);
    assert.ok(prompt.replace(/ /g, '-').startsWith(slug), 'the slug is not a prefix made of whole words');
    assert.ok(prompt.replace(/ /g, '-').startsWith(`${slug}-`), 'the slug ends inside a word');
  });

  it('cuts a single endless word rather than dropping it', () => {
    const slug = slugFromPrompt('x'.repeat(500));
    assert.equal(slug, 'x'.repeat(MAX_SLUG_LENGTH));
  });

  it('stamps names with the local time as YYYYMMDD-HHmmss', () => {
    const date = new Date(2025, 0, 2, 3, 4, 5);
    assert.equal(fileTimestamp(date), '20250102-030405');
    assert.equal(mediaBaseName('Red fox', date), 'red-fox-20250102-030405');
  });

  it('numbers a name that is taken before its extension', () => {
    assert.equal(withCollisionSuffix('fox-20250102-030405.png', 1), 'fox-20250102-030405.png');
    assert.equal(withCollisionSuffix('fox-20250102-030405.png', 2), 'fox-20250102-030405-2.png');
    assert.equal(withCollisionSuffix('noext', 3), 'noext-3');
  });

  it('refuses unsafe final names at the last gate', () => {
    for (const name of ['', '.', '..', '../x.png', 'a/b.png', 'a\\b.png', '.hidden.png', 'con.png', 'NUL', 'x\u0000.png', 'c:x.png', 'trailing.', 'a'.repeat(300)]) {
      assert.equal(isSafeFileName(name), false, JSON.stringify(name));
    }
    assert.equal(isSafeFileName('red-fox-20250102-030405.png'), true);
  });
});
