import * as assert from 'node:assert/strict';
import { shiftSpan, shiftSpanThrough, type Span } from '../../../src/codeActions/rangeTracking';

const span = (sl: number, sc: number, el: number, ec: number): Span => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

// The range a proposal replaces is lines 10-14 (line 15, column 0 exclusive).
const tracked = span(10, 0, 15, 0);

describe('shiftSpan', () => {
  it('moves the range down when lines are inserted above it', () => {
    assert.deepEqual(shiftSpan(tracked, { range: span(2, 5, 2, 5), text: '\nfoo();\nbar();' }), span(12, 0, 17, 0));
  });

  it('moves the range up when lines above it are deleted', () => {
    assert.deepEqual(shiftSpan(tracked, { range: span(3, 0, 6, 0), text: '' }), span(7, 0, 12, 0));
  });

  it('leaves the range alone when the edit is below it', () => {
    assert.deepEqual(shiftSpan(tracked, { range: span(20, 0, 20, 3), text: 'x' }), tracked);
  });

  it('goes stale when the edit is inside the range', () => {
    assert.equal(shiftSpan(tracked, { range: span(12, 4, 12, 4), text: 'y' }), undefined);
  });

  it('goes stale when the edit touches an edge of the range', () => {
    assert.equal(shiftSpan(tracked, { range: span(10, 0, 10, 0), text: '// ' }), undefined);
    assert.equal(shiftSpan(tracked, { range: span(15, 0, 15, 0), text: 'z' }), undefined);
  });

  it('moves the columns of a mid-line range when text is typed before it on its line', () => {
    const expression = span(4, 10, 4, 20);
    assert.deepEqual(shiftSpan(expression, { range: span(4, 2, 4, 2), text: 'abc' }), span(4, 13, 4, 23));
    // A line break typed before it moves it to the next line, at the column after the break.
    assert.deepEqual(shiftSpan(expression, { range: span(4, 2, 4, 2), text: '\n  ' }), span(5, 10, 5, 20));
  });

  it('follows a multi-line replacement that ends on the range\'s first line', () => {
    const expression = span(4, 10, 4, 20);
    assert.deepEqual(shiftSpan(expression, { range: span(2, 0, 4, 5), text: 'ab' }), span(2, 7, 2, 17));
  });
});

describe('shiftSpanThrough', () => {
  it('applies the changes of one event (multi-cursor) from the last to the first', () => {
    const changes = [
      { range: span(1, 0, 1, 0), text: 'a\n' },
      { range: span(30, 0, 30, 0), text: 'b\n' },
      { range: span(5, 0, 5, 0), text: 'c\n' },
    ];
    assert.deepEqual(shiftSpanThrough(tracked, changes), span(12, 0, 17, 0));
  });

  it('is stale when any change of the event touches the range', () => {
    assert.equal(shiftSpanThrough(tracked, [{ range: span(1, 0, 1, 0), text: 'a\n' }, { range: span(11, 0, 11, 1), text: '' }]), undefined);
  });
});
