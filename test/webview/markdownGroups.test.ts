import assert from 'node:assert/strict';
import { GROUP_SIZE } from '../../webview-ui/src/markdown/blockGroups';
import { markdownDocs } from './fixtures/markdownDocs';
import type { StreamResult } from './fixtures/markdownHarness';
import { useMarkdownPage } from './suiteHooks';
import { runSeed, seededRandom } from '../support/seededRandom';
import { randomCuts } from './randomCuts';

/*
 * Finished blocks gathered into groups that the browser skips while off screen (blockGroups.ts):
 * a long answer streamed in any cuts still ends with exactly the DOM of a one-shot render, and the
 * grouped text stays in the accessibility tree.
 */

/** Every self-contained document twice: well over two groups' worth of blocks. */
const LONG_ANSWER = Array.from({ length: 2 }, () => markdownDocs.filter((d) => !d.lateDefinitions && !d.name.startsWith('unclosed')).map((d) => d.text.trim())).flat().join('\n\n');

describe('streaming markdown: finished blocks in groups (Chromium)', function () {
  const seed = runSeed();
  const suite = useMarkdownPage();

  function stream(text: string, cuts: number[], checkLive = false): Promise<StreamResult> {
    return suite.tp.page.evaluate(([t, c, l]) => window.markdownHarness.streamDocument(t, c, { checkFrozen: true, checkLive: l }), [text, cuts, checkLive] as const);
  }

  async function blockCount(text: string): Promise<{ blocks: number; groups: number }> {
    return suite.tp.page.evaluate((t) => {
      window.markdownHarness.renderOnce('count', t);
      return window.markdownHarness.shape('count');
    }, text);
  }

  it('a long answer groups finished blocks while it streams and ends exactly as a one-shot render', async function () {
    this.timeout(240_000);
    const { blocks, groups } = await blockCount(LONG_ANSWER);
    assert.ok(blocks >= 3 * GROUP_SIZE, `the test answer has only ${blocks} blocks`);
    assert.equal(groups, Math.floor(blocks / GROUP_SIZE), 'a one-shot render groups every full run of blocks');
    const random = seededRandom(seed);
    for (let run = 0; run < 6; run++) {
      const cuts = randomCuts(random, LONG_ANSWER.length, [3, 20, 200][run % 3]!);
      const result = await stream(LONG_ANSWER, cuts, run === 2);
      const context = `seed ${seed}, run ${run}`;
      assert.equal(result.error, undefined, `${context}: threw`);
      assert.deepEqual(result.liveMismatch, undefined, `${context}: mid-stream DOM differs from a fresh render of the same text`);
      assert.deepEqual(result.frozenTouched, [], `${context}: a finished block was touched again`);
      assert.equal(result.strayChildren, 0, `${context}: a group holds something other than block wrappers`);
      assert.ok(result.groupsWhileStreaming >= groups - 1, `${context}: only ${result.groupsWhileStreaming} groups formed before the end`);
      assert.equal(result.streamed, result.once, `${context}: final DOM differs from the one-shot render`);
    }
  });

  it('text added after the answer ended reopens its last groups and ends as a one-shot render of the whole', async function () {
    const more = '\n\nOne more paragraph, *added* after the end.\n\n- and\n- a list\n\n';
    const result = await suite.tp.page.evaluate(([text, extra, size]) => {
      const h = window.markdownHarness;
      // A start of the answer whose last block completes a group: the answer's end puts blocks still being written into it.
      let cut = text.length;
      while (cut > 0) {
        cut = text.lastIndexOf('\n\n', cut - 1);
        h.renderOnce('probe', text.slice(0, cut));
        if (h.shape('probe').blocks % size === 0) break;
      }
      const answer = text.slice(0, cut);
      h.startStream('out');
      const md = h.stream('out');
      for (let at = 0; at < answer.length; at += 37) md.append(answer.slice(at, at + 37));
      const out = document.getElementById('out')!;
      const groupsBefore = h.shape('out').groups;
      md.finish();
      const groupsAtEnd = h.shape('out').groups;
      for (let at = 0; at < extra.length; at += 5) md.append(extra.slice(at, at + 5));
      md.finish();
      return { groupsBefore, groupsAtEnd, streamed: out.innerHTML, once: h.renderOnce('once', answer + extra) };
    }, [LONG_ANSWER, more, GROUP_SIZE] as const);
    assert.ok(result.groupsAtEnd >= 2, `only ${result.groupsAtEnd} groups`);
    assert.equal(result.groupsAtEnd, result.groupsBefore + 1, 'the end grouped the blocks still being written');
    assert.equal(result.streamed, result.once);
  });

  it('a group boundary leaves the same space between two blocks as they have without groups', async function () {
    // A group's box keeps its blocks' margins inside; they used to add up across its edge instead of collapsing.
    const kinds: Record<string, string> = {
      p: 'A paragraph between the others.',
      h1: '# A first-level heading',
      h2: '## A section',
      h3: '### A subsection',
      h4: '#### A small heading',
      hr: '---',
      list: '- one\n- two',
      loose: '- a loose item\n\n- and another',
      code: '```ts\nconst a = 1;\n```',
      table: '| a | b |\n|---|---|\n| 1 | 2 |',
      quote: '> quoted',
    };
    const pairs = [['p', 'h2'], ['p', 'hr'], ['p', 'loose'], ['h3', 'p'], ['list', 'h1'], ['code', 'h4'], ['table', 'p'], ['quote', 'h2'], ['hr', 'p'], ['loose', 'h3']];
    const blocks = [];
    for (const [before, after] of pairs) {
      while (blocks.length % GROUP_SIZE !== GROUP_SIZE - 1) blocks.push(kinds.p);
      blocks.push(kinds[before!], kinds[after!]);
    }
    // The last pair's group must be full to be a group.
    while (blocks.length % GROUP_SIZE !== 0) blocks.push(kinds.p);
    const gaps = await suite.tp.page.evaluate((t) => window.markdownHarness.boundaryGaps(t), blocks.join('\n\n'));
    assert.equal(gaps.length, pairs.length, 'each pair sits at a group boundary');
    const wrong = gaps.filter((g) => Math.abs(g.grouped - g.flat) > 0.5).map((g) => `${g.pair} at block ${g.at}: ${g.grouped.toFixed(1)}px in groups, ${g.flat.toFixed(1)}px without`);
    assert.deepEqual(wrong, []);
  });

  it('text in a group scrolled out of view keeps its role and name, and the group is skipped while off screen', async function () {
    const { page } = suite.tp;
    await page.evaluate((text) => {
      const h = window.markdownHarness;
      const view = document.createElement('div');
      view.style.cssText = 'height: 300px; overflow-y: auto;';
      document.body.append(view);
      h.startStream('out');
      const out = document.getElementById('out')!;
      view.append(out);
      // The browser says when it starts or stops skipping a content-visibility: auto box.
      out.addEventListener('contentvisibilityautostatechange', (e) => {
        (e.target as HTMLElement).dataset.testSkipped = String((e as Event & { skipped: boolean }).skipped);
      }, true);
      for (let at = 0; at < text.length; at += 50) h.stream('out').append(text.slice(at, at + 50));
      h.stream('out').finish();
      // The last group in view (the loose blocks after it may be taller than the view).
      Array.from(out.querySelectorAll(':scope > .md-group')).at(-1)!.scrollIntoView({ block: 'end' });
    }, LONG_ANSWER);
    const first = page.locator('#out > .md-group').first();
    assert.equal(await first.evaluate((g) => g.getBoundingClientRect().bottom < 0), true, 'the first group is above the view');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#out > .md-group')?.dataset.testSkipped === 'true');
    const last = page.locator('#out > .md-group').last();
    assert.notEqual(await last.evaluate((g) => g.dataset.testSkipped), 'true', 'the group in view is rendered');
    await page.getByRole('heading', { name: 'Debouncing a search box' }).first().waitFor({ state: 'attached' });
    assert.equal(await page.getByRole('table').count(), await page.locator('#out table').count(), 'every table is still exposed');
  });
});
