import assert from 'node:assert/strict';
import { findTask, isTaskActive, savedFiles, taskEndMessage, taskFrom } from '../../../src/languageModels/mediaResult';

class FakeUri {
  constructor(readonly path: string) {}
}
const isUri = (v: unknown): v is FakeUri => v instanceof FakeUri;
const a = new FakeUri('/ws/generated/images/a.png');
const b = new FakeUri('/ws/generated/images/b.png');

describe('language models: what a generation command produced', () => {
  it('reads the saved files from every agreed result shape', () => {
    assert.deepEqual(savedFiles(a, isUri), [a]);
    assert.deepEqual(savedFiles([a, b], isUri), [a, b]);
    assert.deepEqual(savedFiles({ uri: a }, isUri), [a]);
    assert.deepEqual(savedFiles({ uris: [a, b] }, isUri), [a, b]);
    assert.deepEqual(savedFiles({ files: [b], model: 'nano-banana-pro' }, isUri), [b], 'Generate Image returns { files, … }');
    assert.deepEqual(savedFiles({ file: a, other: 1 }, isUri), [a]);
  });

  it('finds no file in a cancelled or unrelated result', () => {
    assert.deepEqual(savedFiles(undefined, isUri), []);
    assert.deepEqual(savedFiles('generated/images/a.png', isUri), []);
    assert.deepEqual(savedFiles({ uris: ['a.png'] }, isUri), []);
    assert.deepEqual(savedFiles({ id: 't1', state: 'queued', file: '/ws/v.mp4' }, isUri), [], 'a task\'s file path is not a Uri');
  });

  it('recognises a video task and follows it through the task list', () => {
    const submitted = taskFrom({ v: 1, id: 't1', taskId: 'gw-9', state: 'queued', prompt: 'boat' });
    assert.deepEqual(submitted, { id: 't1', state: 'queued' });
    assert.ok(isTaskActive(submitted!));
    const list = [
      { id: 't0', state: 'done', file: '/ws/old.mp4' },
      { id: 't1', state: 'done', progress: 100, file: '/ws/generated/videos/boat.mp4' },
    ];
    const done = findTask(list, 't1');
    assert.equal(done?.file, '/ws/generated/videos/boat.mp4');
    assert.equal(isTaskActive(done!), false);
    assert.equal(findTask(list, 'missing'), undefined);
    assert.equal(findTask(undefined, 't1'), undefined);
    assert.equal(taskFrom({ taskId: 'gw-9' }), undefined);
  });

  it('says how a task ended without a video, with the gateway\'s reason', () => {
    assert.equal(taskEndMessage({ id: 't', state: 'failed', error: 'content policy' }), 'The video task failed: content policy');
    assert.equal(taskEndMessage({ id: 't', state: 'cancelled' }), 'The video task was cancelled.');
    assert.match(taskEndMessage({ id: 't', state: 'timedout' }), /took too long/);
  });
});
