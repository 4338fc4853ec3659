import assert from 'node:assert/strict';
import { peerDocument } from '../../bench/renderPeers';
import { LONG_CODE_ANSWER, LONG_LIST_ANSWER } from './fixtures/longCode';
import { markdownDocs } from './fixtures/markdownDocs';
import type { DomPathsResult } from './fixtures/markdownHarness';
import { useMarkdownPage } from './suiteHooks';
import { runSeed, seededRandom } from '../support/seededRandom';
import { randomCuts } from './randomCuts';

/*
 * Blocks built straight from marked's tokens (tokenDom.ts) must be exactly what marked's HTML for
 * them gives once parsed and sanitized by DOMPurify, the path every block took before and the one
 * the rest still take: same elements, attributes and text nodes.
 */

const fence = '```';

/** What the HTML path treats specially: entities, escapes, URLs, titles, odd languages, task boxes, alignment. */
const EDGES = [
  '# Heading with `code` and *em*', 'Setext heading\n---', '###### six', '#', 'Plain & simple &amp; &copy; &#169; &#x26; AT&T',
  'Escapes: \\* \\_ \\` \\< \\> \\& \\[ \\\\ and "quotes" \'single\' <not a tag', 'Hard  \nbreak and back\\\nslash break',
  '**bold _nested em_ and `code`** ~~struck~~ ~single~ ***both***', 'A `` code with ` backtick `` and ` spaced `',
  'Links: [plain](https://example.com/a_b?x=1) [titled](https://example.com "A title") [quoted](https://example.com "say \\"hi\\"")',
  '[amp](https://example.com/?a=1&b=2) [space](<https://example.com/a b>) [unicode](https://example.com/é) [pct](https://example.com/%41%25)',
  '[js](javascript:alert(1)) [mail](mailto:a@example.com) [rel](/docs/x) [frag](#top) [empty]() [**bold link**](https://example.com)',
  'Autolinks: https://example.com/path, www.example.com, <https://example.com/x>, a@example.com, <mailto:b@example.com>',
  '[title spaces](https://example.com " padded ") [angle](https://example.com "a <b> c") [ref][r]\n\n[r]: https://example.com/ref "Ref"',
  '- [ ] open task\n- [x] done task\n- plain item',
  '1. [ ] loose task\n\n2. [x] loose done\n\n3. loose plain',
  '0. zero start\n1. next', '7) paren start\n8) next', '- a\n  - nested\n    1. deeper\n- b',
  '> quote with **bold**\n> - and a list\n>\n> > nested quote',
  '| left | center | right | none |\n|:-----|:------:|------:|------|\n| `a|b` | **x** | [l](https://example.com) | |\n| 1 | 2 |',
  '| only header |\n|---|',
  `${fence}ts\nconst a = 1 < 2 && "x";\n${fence}`, `${fence}c++\nint main() {}\n${fence}`, `${fence}ts{1,3} extra info\nx\n${fence}`,
  `${fence}<script>\nalert(1)\n${fence}`, `${fence}"quoted"\ny\n${fence}`, `${fence}\nno language\n${fence}`, `${fence}ts\n${fence}`,
  '    indented code\n    <b>kept</b>', '***', '___', 'Image ![alt](https://example.com/i.png) in text', 'Inline <b>html</b> here',
  '<div>\nblock html\n</div>', 'Text with a NUL \0 character', '`NUL \0 in code`', 'Trailing backslash\\',
].join('\n\n');

describe('markdown built from tokens equals the sanitized HTML path (Chromium)', function () {
  const seed = runSeed();
  const suite = useMarkdownPage();

  function paths(text: string): Promise<DomPathsResult> {
    return suite.tp.page.evaluate((t) => window.markdownHarness.domPaths(t), text);
  }

  it('every block and inline run of the test documents, edge cases included, is the same DOM either way', async function () {
    const answer = peerDocument(20_000).text;
    for (const text of [EDGES, ...markdownDocs.map((d) => d.text), LONG_CODE_ANSWER, LONG_LIST_ANSWER, answer]) {
      assert.deepEqual((await paths(text)).mismatches, [], 'a block built from tokens differs from the sanitized HTML');
    }
    // A realistic answer takes the fast path; what it leaves (raw HTML, images, entities) still renders.
    const { blocks, direct } = await paths(answer);
    assert.ok(direct / blocks > 0.95, `only ${direct} of ${blocks} blocks of a long answer were built from tokens`);
    const edges = await paths(EDGES);
    assert.ok(edges.blocks - edges.direct >= 8, `the edge cases should leave raw HTML, images, entities and NUL to the HTML path (${edges.blocks - edges.direct} left)`);
  });

  it('every state of a streamed answer (half-written links, emphasis, tables, fences) is the same DOM either way', async function () {
    this.timeout(120_000);
    const random = seededRandom(seed);
    for (const text of [EDGES, ...markdownDocs.map((d) => d.text)]) {
      for (const cut of randomCuts(random, text.length, 12)) {
        const result = await paths(text.slice(0, cut));
        assert.deepEqual(result.mismatches, [], `seed ${seed}: after ${cut} characters`);
      }
    }
  });
});
