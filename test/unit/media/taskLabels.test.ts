import * as assert from 'node:assert/strict';
import { contextValueFor, elapsedLabel, statusLabel, taskDescription, taskDetails } from '../../../src/media/taskLabels';
import type { TaskState, VideoTaskRecord } from '../../../src/media/videoTask';
import { taskRecord } from './videoTaskFixtures';

const START = Date.UTC(2025, 0, 1, 12);

function task(over: Partial<VideoTaskRecord> = {}): VideoTaskRecord {
  return taskRecord(START, over);
}

// The inline menus in package.json: Open on /done/, Cancel on /running/, Retry on /failed/, Remove on /done|failed|cancelled/.
const menus = {
  open: /done/,
  cancel: /running/,
  retry: /failed/,
  remove: /done|failed|cancelled/,
};

describe('Generation Tasks labels', () => {
  it('offers exactly the actions that fit each state', () => {
    const offered = (state: TaskState): string[] =>
      Object.entries(menus)
        .filter(([, pattern]) => pattern.test(contextValueFor(state)))
        .map(([name]) => name);
    assert.deepEqual(offered('queued'), ['cancel']);
    assert.deepEqual(offered('running'), ['cancel']);
    assert.deepEqual(offered('downloading'), ['cancel']);
    assert.deepEqual(offered('done'), ['open', 'remove']);
    assert.deepEqual(offered('failed'), ['retry', 'remove']);
    assert.deepEqual(offered('timedout'), ['retry', 'remove']);
    assert.deepEqual(offered('cancelled'), ['remove']);
  });

  it('shows status, model and elapsed time, with the percent where the gateway gives one', () => {
    assert.equal(taskDescription(task({ progress: 42.4 }), START + 75_000), 'Generating 42% · sora · 1:15');
    assert.equal(taskDescription(task({ state: 'queued' }), START + 5_000), 'Queued · sora · 0:05');
    assert.equal(taskDescription(task({ state: 'done', finishedAt: START + 3_725_000 }), START + 9_999_999), 'Done · sora · 1:02:05');
  });

  it("shows a failed task's reason", () => {
    const failed = task({ state: 'failed', error: 'Content policy violation: the prompt was rejected.', finishedAt: START + 10_000 });
    assert.equal(statusLabel(failed), 'Failed: Content policy violation: the prompt was rejected.');
    assert.ok(taskDetails(failed, START, 'HeyToken').includes('Reason: Content policy violation: the prompt was rejected.'));
  });

  it('says a timed-out task timed out', () => {
    assert.match(statusLabel(task({ state: 'timedout', error: 'No result after 30 minutes: stopped waiting.' })), /^Timed out: No result after 30 minutes/);
  });

  it('formats elapsed time without negative or fractional parts', () => {
    assert.equal(elapsedLabel(-5), '0:00');
    assert.equal(elapsedLabel(59_999), '0:59');
    assert.equal(elapsedLabel(3_600_000), '1:00:00');
  });

  it('writes the credits a task cost as every other credit amount reads (separators, no binary tails)', () => {
    const details = (credits: number): string[] => taskDetails(task({ credits }), START, 'HeyToken');
    assert.ok(details(1234.5).includes('Credits: 1,234.5'), details(1234.5).join(' | '));
    assert.ok(details(0.1 + 0.2).includes('Credits: 0.3'), details(0.1 + 0.2).join(' | '));
  });
});
