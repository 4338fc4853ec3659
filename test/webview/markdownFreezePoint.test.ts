import assert from 'node:assert/strict';
import { findFreezePoint } from '../../webview-ui/src/markdown/freezePoint';
import { lexMarkdown } from '../../webview-ui/src/markdown/markedLexer';
import { markdownDocs } from './fixtures/markdownDocs';
import { runSeed, seededRandom } from '../support/seededRandom';
import { firstWrongFreeze, trickyDocument } from './freezeOracle';

/* The freeze rule in isolation (Node, no browser), against the oracle in freezeOracle.ts. */

describe('streaming markdown: the freeze rule (Node)', function () {
  const seed = runSeed();

  it('never freezes a block that the rest of a real answer would change', function () {
    for (const doc of markdownDocs) assert.equal(firstWrongFreeze(doc.text), undefined, doc.name);
  });

  it(`holds for 1500 random documents of tricky lines (seed ${seed})`, function () {
    this.timeout(120_000);
    const random = seededRandom(seed);
    for (let n = 0; n < 1500; n++) {
      const doc = trickyDocument(random);
      assert.equal(firstWrongFreeze(doc), undefined, `seed ${seed}, document ${JSON.stringify(doc)}`);
    }
  });

  it('keeps text unfrozen while a link definition title that starts on the next line, or inside a paragraph, is open', function () {
    const found = [
      '[x]: https://example.com/x\n"\n\n2) two\n<div>\n* star\n> quote\n```\n-->\n"\n10. ten\nsnake_case_text\n10. ten',
      '***\n  continued\n| a | b |\n[z]: /z "a title\n|---|---|\n  \n- [ ] task\n1.\n<!-- comment\n"\n',
      "[v]: /v 'single\n  \npara text\n'\n",
      '[w]: /w\n(paren title\n\npara text\n\nclosed)\n',
    ];
    for (const doc of found) assert.equal(firstWrongFreeze(doc), undefined, JSON.stringify(doc));
  });

  it('freezes finished blocks, and waits while the next line could still continue a list', function () {
    const list = '1. first\n\n';
    const atTwo = lexMarkdown(`${list}2`);
    assert.equal(findFreezePoint(atTwo, `${list}2`).tokenCount, 0, '"2" may become "2. second"');
    const lineDone = `${list}2. second\n\nNext paragraph\n`;
    const tokens = lexMarkdown(lineDone);
    const freeze = findFreezePoint(tokens, lineDone);
    assert.ok(freeze.tokenCount > 0);
    assert.equal(lineDone.slice(freeze.offset), 'Next paragraph\n');
  });
});
