import assert from 'node:assert/strict';
import { LONG_CODE_ANSWER, LONG_LIST_ANSWER, LONG_TYPESCRIPT } from './fixtures/longCode';
import { markdownDocs } from './fixtures/markdownDocs';
import type { StreamOptions, StreamResult } from './fixtures/markdownHarness';
import { useMarkdownPage } from './suiteHooks';
import { runSeed, seededRandom } from '../support/seededRandom';
import { hashString, randomCuts } from './randomCuts';

const RUNS_PER_DOCUMENT = 40;
const PIECE_SIZES = [2, 5, 12, 40, 200];

describe('streaming markdown: incremental render equals one-shot render (Chromium)', function () {
  const seed = runSeed();
  const suite = useMarkdownPage();
  before(function () {
    console.log(`      split seed ${seed} (MD_SEED=${seed} reproduces this run)`);
  });

  function stream(text: string, cuts: number[], options: StreamOptions): Promise<StreamResult> {
    return suite.tp.page.evaluate(([t, c, o]) => window.markdownHarness.streamDocument(t, c, o), [text, cuts, options] as const);
  }

  function assertSame(result: StreamResult, context: string): void {
    assert.equal(result.error, undefined, `${context}: threw`);
    assert.equal(result.textMismatch, undefined, `${context}: text lost or changed`);
    assert.deepEqual(result.liveMismatch, undefined, `${context}: mid-stream DOM differs from a fresh render of the same text`);
    assert.equal(result.strayChildren, 0, `${context}: container holds something other than block wrappers`);
    assert.deepEqual(result.frozenTouched, [], `${context}: a finished block was touched again`);
    assert.equal(result.streamed, result.once, `${context}: final DOM differs from the one-shot render`);
  }

  for (const doc of markdownDocs) {
    it(`"${doc.name}": char by char and in ${RUNS_PER_DOCUMENT} random splits`, async function () {
      const options: StreamOptions = { checkFrozen: !doc.lateDefinitions };
      const everyChar = Array.from({ length: doc.text.length }, (_, i) => i);
      const charByChar = await stream(doc.text, everyChar, options);
      assertSame(charByChar, `seed ${seed}, char by char`);
      assert.ok(charByChar.steps >= doc.text.length - 1);

      const random = seededRandom(seed ^ hashString(doc.name));
      for (let run = 0; run < RUNS_PER_DOCUMENT; run++) {
        const cuts = randomCuts(random, doc.text.length, PIECE_SIZES[run % PIECE_SIZES.length]);
        // Every fifth run also checks each intermediate state (slower: a fresh render per delta).
        const checked = { ...options, checkLive: run % 5 === 1 };
        assertSame(await stream(doc.text, cuts, checked), `seed ${seed}, run ${run}, cuts ${JSON.stringify(cuts)}`);
      }
    });
  }

  it('freezes finished blocks while streaming (and the one-shot oracle renders real markdown)', async function () {
    const doc = markdownDocs[0];
    const result = await stream(doc.text, randomCuts(seededRandom(seed), doc.text.length, 8), { checkFrozen: true });
    assertSame(result, `seed ${seed}`);
    assert.ok(result.maxFrozen >= 8, `only ${result.maxFrozen} blocks were ever frozen`);
    for (const fragment of ['<h1>', '<h2>', '<table>', '<blockquote>', '<ol>', 'class="language-ts hljs"', 'hljs-keyword', '<a href="https://developer.mozilla.org/">']) {
      assert.ok(result.once.includes(fragment), `one-shot render lacks ${fragment}`);
    }
  });

  it('long code blocks highlight in pieces while streaming and still end exactly as a one-shot render', async function () {
    const random = seededRandom(seed ^ hashString('long code'));
    this.timeout(120_000);
    for (let run = 0; run < 6; run++) {
      const cuts = randomCuts(random, LONG_CODE_ANSWER.length, [30, 120, 800][run % 3]!);
      // A fresh render per delta is slow on a long answer: checked on the coarsest splits.
      const checkLive = run % 3 === 2;
      assertSame(await stream(LONG_CODE_ANSWER, cuts, { checkFrozen: true, checkLive }), `seed ${seed}, run ${run}, cuts ${JSON.stringify(cuts)}`);
    }
  });

  it('a long code block shows colour before it is finished, and finishing keeps what was highlighted', async function () {
    const head = LONG_CODE_ANSWER.slice(0, LONG_CODE_ANSWER.indexOf(LONG_TYPESCRIPT) + LONG_TYPESCRIPT.length - 20);
    const live = await suite.tp.page.evaluate((text) => {
      const h = window.markdownHarness;
      h.startStream('out');
      for (let at = 0; at < text.length; at += 50) h.stream('out').append(text.slice(at, at + 50));
      const code = document.querySelector('#out code')!;
      (window as unknown as { firstKeyword: Element }).firstKeyword = code.querySelector('.hljs-keyword')!;
      return { keywords: code.querySelectorAll('.hljs-keyword').length, comments: code.querySelectorAll('.hljs-comment').length, text: code.textContent, finished: code.classList.contains('hljs') };
    }, head);
    const codeSoFar = head.slice(head.indexOf('```ts\n') + 6);
    assert.equal(live.text, `${codeSoFar}\n`, 'the live block shows exactly the code so far');
    assert.ok(live.keywords >= 30, `only ${live.keywords} keywords highlighted while streaming`);
    assert.ok(live.comments >= 1, 'the block comment across the first piece boundary is not highlighted as one');
    assert.equal(live.finished, false);

    const rest = LONG_CODE_ANSWER.slice(head.length);
    const end = await suite.tp.page.evaluate(([text, full]) => {
      const h = window.markdownHarness;
      h.stream('out').append(text);
      h.stream('out').finish();
      const kept = (window as unknown as { firstKeyword: Element }).firstKeyword.isConnected;
      return { kept, streamed: document.getElementById('out')!.innerHTML, once: h.renderOnce('once', full) };
    }, [rest, LONG_CODE_ANSWER] as const);
    assert.ok(end.kept, 'finishing re-rendered the pieces highlighted while streaming');
    assert.equal(end.streamed, end.once);
  });

  for (const lines of [20, 40]) {
    it(`closing the fence of a ${lines}-line block (a multiple of the piece size) keeps every highlighted piece`, async function () {
      const code = Array.from({ length: lines }, (_, i) => `const value${i} = compute(${i}); // line ${i}`).join('\n');
      const text = `Intro:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nAfter the block.\n`;
      const closed = text.indexOf('\n\nAfter');
      const result = await suite.tp.page.evaluate(([t, fenceEnd]) => {
        const h = window.markdownHarness;
        h.startStream('out');
        const md = h.stream('out');
        for (let at = 0; at < fenceEnd - 1; at += 3) md.append(t.slice(at, Math.min(at + 3, fenceEnd - 1)));
        const pieces = Array.from(document.querySelectorAll('#out .md-code-piece'));
        const codeEl = document.querySelector('#out code');
        // The last backtick closes the fence: from here marked no longer shows the code's final newline.
        md.append(t.slice(fenceEnd - 1, fenceEnd));
        const afterClose = { code: document.querySelector('#out code') === codeEl, pieces: pieces.map((p) => p.isConnected) };
        md.append(t.slice(fenceEnd));
        md.finish();
        return {
          piecesBefore: pieces.length,
          afterClose,
          afterFinish: pieces.map((p) => p.isConnected),
          streamed: document.getElementById('out')!.innerHTML,
          once: h.renderOnce('once', t),
        };
      }, [text, closed] as const);
      assert.equal(result.piecesBefore, lines / 20, 'every complete 20-line piece was highlighted before the fence closed');
      assert.ok(result.afterClose.code, 'closing the fence replaced the code element');
      assert.deepEqual(result.afterClose.pieces, result.afterClose.pieces.map(() => true), 'closing the fence re-rendered the highlighted pieces');
      assert.deepEqual(result.afterFinish, result.afterFinish.map(() => true), 'finishing re-rendered the highlighted pieces');
      assert.equal(result.streamed, result.once);
    });
  }

  it('a growing list re-renders only its changed items, and still ends exactly as a one-shot render', async function () {
    const random = seededRandom(seed ^ hashString('long list'));
    for (let run = 0; run < 4; run++) {
      const cuts = randomCuts(random, LONG_LIST_ANSWER.length, [3, 20, 90, 300][run]!);
      assertSame(await stream(LONG_LIST_ANSWER, cuts, { checkFrozen: true, checkLive: run >= 2 }), `seed ${seed}, run ${run}, cuts ${JSON.stringify(cuts)}`);
    }
    const kept = await suite.tp.page.evaluate((text) => {
      const h = window.markdownHarness;
      h.startStream('out');
      const halfway = text.indexOf('\n31. ');
      for (let at = 0; at < halfway; at += 20) h.stream('out').append(text.slice(at, Math.min(at + 20, halfway)));
      const first = document.querySelector('#out li')!;
      for (let at = halfway; at < text.length - 8; at += 20) h.stream('out').append(text.slice(at, Math.min(at + 20, text.length - 8)));
      return { firstStillShown: first.isConnected, items: document.querySelectorAll('#out ol > li').length, lists: document.querySelectorAll('#out > .md-block > ol').length };
    }, LONG_LIST_ANSWER);
    assert.ok(kept.firstStillShown, 'the first item was rendered again while later items streamed');
    assert.equal(kept.items, 60);
    assert.equal(kept.lists, 1, 'the answer is one list');
  });

  it('a nested list that gains items renders only the new ones: the items shown stay', async function () {
    const text = '- Setup\n  - install the extension\n  - add a key\n  - pick a model\n- Use\n  - open the chat\n  - ask a question\n';
    const result = await suite.tp.page.evaluate((t) => {
      const h = window.markdownHarness;
      h.startStream('out');
      const md = h.stream('out');
      // A line per post: mid-line, "  -" alone can still read as a heading's underline.
      const lines = t.split(/(?<=\n)/);
      md.append(lines.slice(0, 2).join(''));
      const first = document.querySelector('#out ul ul > li')!;
      for (const line of lines.slice(2)) md.append(line);
      const kept = first.isConnected;
      md.finish();
      return { kept, nested: document.querySelectorAll('#out ul ul > li').length, streamed: document.getElementById('out')!.innerHTML, once: h.renderOnce('once', t) };
    }, text);
    assert.ok(result.kept, 'the first nested item was rendered again when later ones arrived');
    assert.equal(result.nested, 5);
    assert.equal(result.streamed, result.once);
  });

  it('a table that gains rows renders only the row being written: the rows above stay', async function () {
    const rows = Array.from({ length: 12 }, (_, i) => `| \`opt${i}\` | ${i * 10} | the **${i}th** setting, with notes |`);
    const text = `| Option | Default | Notes |\n|---|--:|---|\n${rows.join('\n')}\n`;
    const result = await suite.tp.page.evaluate((t) => {
      const h = window.markdownHarness;
      h.startStream('out');
      const md = h.stream('out');
      const second = t.indexOf('| `opt1`');
      for (let at = 0; at < second; at += 3) md.append(t.slice(at, Math.min(at + 3, second)));
      const first = document.querySelector('#out tbody > tr')!;
      for (let at = second; at < t.length; at += 3) md.append(t.slice(at, Math.min(at + 3, t.length)));
      const kept = first.isConnected;
      md.finish();
      return { kept, rows: document.querySelectorAll('#out tbody > tr').length, streamed: document.getElementById('out')!.innerHTML, once: h.renderOnce('once', t) };
    }, text);
    assert.ok(result.kept, 'the first row was rendered again while later rows streamed');
    assert.equal(result.rows, 12);
    assert.equal(result.streamed, result.once);
  });

  // A post that only adds words to the block being written grows its last text node (textGrowth.ts):
  // the element stays, and so does what the reader selected in it.
  const growing = [
    { name: 'paragraph', head: 'Some **bold** text and `code` then', more: ' plain words that only add text.', selector: 'p' },
    { name: 'text after a code span', head: 'Call `run()`', more: ' and then wait', selector: 'p' },
    { name: 'heading', head: '## A heading', more: ' that grows', selector: 'h2' },
    { name: 'tight list item', head: '- one\n- two with *em* and', more: ' more words', selector: 'li:last-child' },
    { name: 'loose list item', head: '1. one\n\n2. two', more: ' more words', selector: 'li:last-child > p' },
    { name: 'task item', head: '- [ ] a task', more: ' to do', selector: 'li' },
    { name: 'quote', head: '> quoted **text** and', more: ' more words', selector: 'blockquote > p' },
    { name: 'table cell', head: '| a | b |\n|---|--:|\n| x | 1 |\n| y | the', more: ' notes grow', selector: 'tbody tr:last-child td:last-child' },
  ];
  for (const { name, head, more, selector } of growing) {
    it(`text added to a ${name} being written grows it in place: the element and a selection in it stay`, async function () {
      const result = await suite.tp.page.evaluate(([h0, m, sel]) => {
        const h = window.markdownHarness;
        h.startStream('out');
        const md = h.stream('out');
        for (let at = 0; at < h0.length; at += 3) md.append(h0.slice(at, at + 3));
        const el = document.querySelector(`#out ${sel}`)!;
        const first = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode()!;
        const range = document.createRange();
        range.setStart(first, 0);
        range.setEnd(first, 2);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        const selected = getSelection()!.toString();
        for (const char of m) md.append(char);
        const kept = { element: document.querySelector(`#out ${sel}`) === el, selection: getSelection()!.toString() === selected && selected.length === 2 };
        md.finish();
        return { kept, text: el.textContent, streamed: document.getElementById('out')!.innerHTML, once: h.renderOnce('once', h0 + m) };
      }, [head, more, selector] as const);
      assert.ok(result.kept.element, `the ${name} was rendered again for text that only grew it`);
      assert.ok(result.kept.selection, `the selection in the ${name} was lost`);
      assert.ok(result.text?.endsWith(more.trimEnd()), `the ${name} does not show the added text: ${result.text}`);
      assert.equal(result.streamed, result.once);
    });
  }

  it('posts of plain words show at every step exactly what a fresh render of the same text shows', async function () {
    // Words are appended without lexing when nothing can change (plainTextPost.ts): every cut of
    // the document next to almost-markdown, by character and by word, is checked against a fresh render.
    const doc = markdownDocs.find((d) => d.name.startsWith('words next to almost-markdown'))!;
    const everyChar = Array.from({ length: doc.text.length }, (_, i) => i);
    assertSame(await stream(doc.text, everyChar, { checkFrozen: true, checkLive: true }), 'char by char');
    const words: number[] = [];
    for (let i = 1; i < doc.text.length; i++) if (/\s/.test(doc.text[i]!) && !/\s/.test(doc.text[i - 1]!)) words.push(i);
    assertSame(await stream(doc.text, words, { checkFrozen: true, checkLive: true }), 'word by word (a space starts each post)');
    const random = seededRandom(seed ^ hashString('plain words'));
    for (let run = 0; run < 10; run++) {
      const cuts = randomCuts(random, doc.text.length, [3, 6, 12][run % 3]!);
      assertSame(await stream(doc.text, cuts, { checkFrozen: true, checkLive: true }), `seed ${seed}, run ${run}, cuts ${JSON.stringify(cuts)}`);
    }
  });

  it('a reference link defined later turns into a link in the finished block above it', async function () {
    const text = 'Read [the guide] first.\n\nMore text here.\n\nAnd more.\n\n[the guide]: https://example.com/guide\n';
    const result = await stream(text, randomCuts(seededRandom(seed), text.length, 3), { checkFrozen: false });
    assertSame(result, `seed ${seed}`);
    assert.match(result.streamed, /<a href="https:\/\/example\.com\/guide">the guide<\/a>/);
  });

  it('an unclosed fence swallows the rest until it closes, then blocks after it render normally', async function () {
    const text = 'Intro\n\n```js\nconst a = 1;\n\n# not a heading\n\n- not a list\n```\n\n# A heading\n';
    const cuts = Array.from({ length: text.length }, (_, i) => i);
    const result = await stream(text, cuts, { checkFrozen: true });
    assertSame(result, 'char by char');
    assert.match(result.streamed, /<h1>A heading<\/h1>/);
    assert.equal((result.streamed.match(/<h1>/g) ?? []).length, 1);
  });

  it('restoring with setText mid-answer and streaming on gives the same DOM', async function () {
    for (const doc of markdownDocs) {
      const random = seededRandom(seed ^ hashString(`restore ${doc.name}`));
      const restoreAt = Math.floor(random() * doc.text.length);
      const cuts = randomCuts(random, doc.text.length, 10).filter((c) => c > restoreAt);
      const result = await stream(doc.text, cuts, { checkFrozen: !doc.lateDefinitions, restoreAt });
      assertSame(result, `seed ${seed}, ${doc.name}, restored at ${restoreAt}`);
    }
  });

  it('CRLF line endings split between \\r and \\n render like LF', async function () {
    const text = markdownDocs[0].text.replace(/\n/g, '\r\n');
    const cuts: number[] = [];
    for (let i = 0; i < text.length; i++) if (text[i] === '\r' || i % 7 === 0) cuts.push(i + 1);
    const result = await stream(text, cuts, { checkFrozen: true });
    assertSame(result, 'CRLF');
    const lf = await suite.tp.page.evaluate((t) => window.markdownHarness.renderOnce('lf', t), markdownDocs[0].text);
    assert.equal(result.streamed, lf);
  });

  it('in frame mode, deltas are batched per animation frame and nothing is lost', async function () {
    const doc = markdownDocs[2];
    const cuts = randomCuts(seededRandom(seed), doc.text.length, 6);
    const result = await suite.tp.page.evaluate(async ([text, cutList]) => {
      const h = window.markdownHarness;
      h.startStream('framed', 'frame');
      h.startStream('synced', 'sync');
      let done = 0;
      for (const cut of [...cutList, text.length]) {
        h.stream('framed').append(text.slice(done, cut));
        h.stream('synced').append(text.slice(done, cut));
        done = cut;
        if (cut % 5 === 0) await new Promise(requestAnimationFrame);
      }
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      const framed = document.getElementById('framed')!.innerHTML;
      const synced = document.getElementById('synced')!.innerHTML;
      h.stream('framed').finish();
      return { framed, synced, finished: document.getElementById('framed')!.innerHTML, once: h.renderOnce('once', text) };
    }, [doc.text, cuts] as const);
    assert.ok(result.framed.length > 0);
    assert.equal(result.framed, result.synced);
    assert.equal(result.finished, result.once);
  });
});
