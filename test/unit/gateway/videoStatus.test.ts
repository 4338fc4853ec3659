import assert from 'node:assert/strict';
import { videoSubmission, videoTaskFrom } from '../../../src/gateway/mediaResponses';
import { isFinalVideoStatus, mapVideoStatus } from '../../../src/gateway/videoStatus';
import type { VideoStatus } from '../../../src/gateway/types';

describe('gateway/videoStatus', () => {
  const words: [string, VideoStatus][] = [
    ['queued', 'queued'],
    ['pending', 'queued'],
    ['submitted', 'queued'],
    ['processing', 'running'],
    ['in_progress', 'running'],
    ['In Progress', 'running'],
    ['in-progress', 'running'],
    ['running', 'running'],
    ['RUNNING', 'running'],
    ['succeeded', 'succeeded'],
    ['completed', 'succeeded'],
    ['success', 'succeeded'],
    ['failed', 'failed'],
    ['error', 'failed'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
  ];
  for (const [word, status] of words) {
    it(`"${word}" → ${status}`, () => {
      let unknown: string | undefined;
      assert.equal(mapVideoStatus(word, (w) => (unknown = w)), status);
      assert.equal(unknown, undefined, 'a known word is not reported');
    });
  }

  it('an unknown word counts as running and is reported for the log', () => {
    const seen: string[] = [];
    assert.equal(mapVideoStatus('warming_up', (w) => seen.push(w)), 'running');
    assert.equal(mapVideoStatus(undefined, (w) => seen.push(w)), 'running');
    assert.deepEqual(seen, ['warming_up', 'undefined']);
  });

  it('only succeeded, failed and cancelled are final', () => {
    assert.deepEqual(
      (['queued', 'running', 'succeeded', 'failed', 'cancelled'] as VideoStatus[]).filter(isFinalVideoStatus),
      ['succeeded', 'failed', 'cancelled'],
    );
  });

  describe('task bodies in the shapes gateways send', () => {
    it('HelyxAI: task_id, processing, progress; completed with video_url', () => {
      assert.deepEqual(videoSubmission({ task_id: 'vid_1', status: 'pending' }), { taskId: 'vid_1', rawStatus: 'pending' });
      const running = videoTaskFrom('vid_1', { task_id: 'vid_1', status: 'processing', progress: 33 });
      assert.deepEqual(running, { taskId: 'vid_1', status: 'running', rawStatus: 'processing', progress: 33 });
      const done = videoTaskFrom('vid_1', { status: 'completed', progress: 100, video_url: 'https://cdn.example/v.mp4' });
      assert.equal(done.status, 'succeeded');
      assert.equal(done.videoUrl, 'https://cdn.example/v.mp4');
    });

    it('nested data / result shapes, fractional progress, and failure reasons', () => {
      assert.equal(videoSubmission({ data: { id: 'abc', status: 'queued' } }).taskId, 'abc');
      const nested = videoTaskFrom('t', { data: { status: 'SUCCESS', result: { videos: [], url: 'https://x.example/a.mp4' }, progress: 0.5 } });
      assert.equal(nested.status, 'succeeded');
      assert.equal(nested.videoUrl, 'https://x.example/a.mp4');
      assert.equal(nested.progress, 50);
      const failed = videoTaskFrom('t', { status: 'failed', error: { message: 'Content policy violation', code: 'content_policy_violation' } });
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error, 'Content policy violation');
      assert.equal(videoTaskFrom('t', { status: 'error', fail_reason: 'GPU on fire' }).error, 'GPU on fire');
    });
  });
});
