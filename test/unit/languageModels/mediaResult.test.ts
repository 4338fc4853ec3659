import assert from 'node:assert/strict';
import { pendingTaskId, savedFiles } from '../../../src/languageModels/mediaResult';

class FakeUri {
  constructor(readonly path: string) {}
}
const isUri = (v: unknown): v is FakeUri => v instanceof FakeUri;
const a = new FakeUri('/ws/generated/images/a.png');
const b = new FakeUri('/ws/generated/images/b.png');

describe('language models: files a generation command saved', () => {
  it('reads every agreed result shape', () => {
    assert.deepEqual(savedFiles(a, isUri), [a]);
    assert.deepEqual(savedFiles([a, b], isUri), [a, b]);
    assert.deepEqual(savedFiles({ uri: a }, isUri), [a]);
    assert.deepEqual(savedFiles({ uris: [a, b] }, isUri), [a, b]);
    assert.deepEqual(savedFiles({ files: [b] }, isUri), [b]);
    assert.deepEqual(savedFiles({ file: a, other: 1 }, isUri), [a]);
  });

  it('finds nothing in a cancelled or unrelated result', () => {
    assert.deepEqual(savedFiles(undefined, isUri), []);
    assert.deepEqual(savedFiles('generated/images/a.png', isUri), []);
    assert.deepEqual(savedFiles({ uris: ['a.png'] }, isUri), []);
  });

  it('recognises a video still rendering', () => {
    assert.equal(pendingTaskId({ taskId: 'task_42', state: 'running' }), 'task_42');
    assert.equal(pendingTaskId({ taskId: '' }), undefined);
    assert.equal(pendingTaskId(undefined), undefined);
  });
});
