import * as assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../../../src/gateway/errors';
import { FIRST_POLL_MS, MAX_POLL_MS, nextPollDelay, POLL_GROWTH } from '../../../src/media/pollBackoff';
import type { VideoTaskRecord } from '../../../src/media/videoTask';
import { VideoTaskStore } from '../../../src/media/videoTaskStore';
import { FakeClock } from './fakeClock';
import { failedWith, finished, makeDirs, makeRunner, MP4, runUntilQuiet, ScriptedGateway, step, target, taskRecord, working, type Dirs } from './videoTaskFixtures';

/** The files in the video folder, sidecars (`<video>.json`) aside. */
const videosIn = async (dirs: Dirs): Promise<string[]> =>
  (await readdir(path.join(dirs.workspace, 'generated', 'videos')).catch(() => [] as string[])).filter((name) => !name.endsWith('.json')).sort();

describe('video tasks: the poller and its state machine', () => {
  let dirs: Dirs;
  let clock: FakeClock;

  beforeEach(async () => {
    dirs = await makeDirs();
    await mkdir(dirs.workspace, { recursive: true });
    clock = new FakeClock();
  });

  afterEach(async () => {
    await dirs.cleanup();
  });

  const submit = (runner: ReturnType<typeof makeRunner>) =>
    runner.submit({ provider: 'heytoken', model: 'sora', prompt: 'a fox in snow', target: target(dirs) });

  describe('backoff', () => {
    it('starts at 2 s, grows by half each poll, and levels off at 30 s', () => {
      assert.equal(nextPollDelay(), FIRST_POLL_MS);
      let delay = nextPollDelay();
      const seen = [delay];
      for (let i = 0; i < 12; i++) {
        const next = nextPollDelay(delay);
        assert.ok(next >= delay, 'the delay shrank');
        assert.ok(next <= MAX_POLL_MS, 'the delay passed the cap');
        if (delay < MAX_POLL_MS) assert.equal(next, Math.min(MAX_POLL_MS, Math.round(delay * POLL_GROWTH)));
        delay = next;
        seen.push(delay);
      }
      assert.equal(seen.at(-1), MAX_POLL_MS);
      assert.deepEqual([FIRST_POLL_MS, POLL_GROWTH, MAX_POLL_MS], [2000, 1.5, 30000]);
    });

    it('polls a long task at the backoff delays, not faster', async () => {
      const gateway = new ScriptedGateway([working('processing', 10)]);
      const runner = makeRunner(dirs, gateway, clock);
      await submit(runner);
      for (let i = 0; i < 10; i++) await step(clock, runner);
      assert.equal(gateway.polls, 10);
      const expected: number[] = [];
      let delay: number | undefined;
      for (let i = 0; i < 11; i++) expected.push((delay = nextPollDelay(delay)));
      assert.deepEqual(clock.delays, expected);
      runner.dispose();
    });

    it('waits at least as long as a 429 Retry-After asks, and keeps polling', async () => {
      const limited = new GatewayError({ kind: 'rate-limited', explanation: 'slow down', action: 'retry', retryable: true, status: 429, retryAfterSeconds: 45 });
      const gateway = new ScriptedGateway([limited, working('processing')]);
      const runner = makeRunner(dirs, gateway, clock);
      await submit(runner);
      await step(clock, runner);
      assert.equal(clock.nextIn(), 45_000);
      assert.equal(runner.list()[0]!.state, 'queued');
      runner.dispose();
    });
  });

  describe('status words', () => {
    const active: Array<[string, 'queued' | 'running']> = [
      ['queued', 'queued'],
      ['pending', 'queued'],
      ['processing', 'running'],
      ['in_progress', 'running'],
      ['running', 'running'],
      ['In Progress', 'running'],
    ];
    for (const [word, state] of active) {
      it(`keeps polling a task that is "${word}" (${state})`, async () => {
        const gateway = new ScriptedGateway([working(word, 40)]);
        const runner = makeRunner(dirs, gateway, clock);
        await submit(runner);
        await step(clock, runner);
        const record = runner.list()[0]!;
        assert.equal(record.state, state);
        assert.equal(record.rawStatus, word);
        assert.equal(record.progress, 40);
        assert.equal(clock.pending, 1, 'no next poll was scheduled');
        runner.dispose();
      });
    }

    for (const word of ['succeeded', 'completed']) {
      it(`downloads the video of a task that is "${word}"`, async () => {
        const gateway = new ScriptedGateway([working('processing', 50), finished(word)]);
        const runner = makeRunner(dirs, gateway, clock);
        await submit(runner);
        await runUntilQuiet(clock, runner);
        const record = runner.list()[0]!;
        assert.equal(record.state, 'done');
        assert.deepEqual(await videosIn(dirs), ['a-fox-in-snow-20250101-120000.mp4']);
        assert.deepEqual(await readFile(record.file!), Buffer.from(MP4));
        assert.equal(clock.pending, 0, 'still polling after the download');
        const sidecar = JSON.parse(await readFile(`${record.file!}.json`, 'utf8')) as Record<string, unknown>;
        assert.equal(sidecar.prompt, 'a fox in snow');
        assert.equal(sidecar.model, 'sora');
        assert.equal(sidecar.taskId, 'task_1');
      });
    }

    for (const word of ['failed', 'error']) {
      it(`shows the gateway's reason for a task that is "${word}" and stops`, async () => {
        const reason = 'Content policy violation: the prompt was rejected by the upstream provider.';
        const gateway = new ScriptedGateway([working('processing'), failedWith(word, reason)]);
        const runner = makeRunner(dirs, gateway, clock);
        await submit(runner);
        await runUntilQuiet(clock, runner);
        const record = runner.list()[0]!;
        assert.equal(record.state, 'failed');
        assert.equal(record.error, reason);
        assert.equal(gateway.downloads, 0);
        assert.equal(clock.pending, 0);
        assert.deepEqual(await videosIn(dirs), []);
      });
    }

    it('says so when the gateway fails a task without a reason', async () => {
      const gateway = new ScriptedGateway([{ status: 'failed' }]);
      const runner = makeRunner(dirs, gateway, clock);
      await submit(runner);
      await runUntilQuiet(clock, runner);
      assert.match(runner.list()[0]!.error!, /"failed" without giving a reason/);
    });

    it('treats an unknown status word as still running', async () => {
      const gateway = new ScriptedGateway([working('warming_up')]);
      const runner = makeRunner(dirs, gateway, clock);
      await submit(runner);
      await step(clock, runner);
      assert.equal(runner.list()[0]!.state, 'running');
      assert.equal(clock.pending, 1);
      runner.dispose();
    });
  });

  describe('timeout, errors and cancel', () => {
    it('gives up after the configured time, tells why, and stops polling', async () => {
      const gateway = new ScriptedGateway([working('processing')]);
      const runner = makeRunner(dirs, gateway, clock, { timeoutMs: () => 5 * 60_000 });
      await submit(runner);
      await runUntilQuiet(clock, runner);
      const record = runner.list()[0]!;
      assert.equal(record.state, 'timedout');
      assert.match(record.error!, /No result after 5 minutes/);
      assert.ok(clock.now() - record.submittedAt >= 5 * 60_000);
      assert.equal(clock.pending, 0);
      const polls = gateway.polls;
      clock.advance(60 * 60_000);
      await runner.idle();
      assert.equal(gateway.polls, polls, 'polled after timing out');
    });

    it('keeps polling through a dropped connection and finishes', async () => {
      const dropped = new GatewayError({ kind: 'network', explanation: 'Could not reach the gateway', action: 'retry', retryable: true });
      const gateway = new ScriptedGateway([dropped, dropped, working('processing'), finished()]);
      const runner = makeRunner(dirs, gateway, clock);
      await submit(runner);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.list()[0]!.state, 'done');
    });

    it('fails with the explanation when the gateway refuses the key', async () => {
      const refused = new GatewayError({ kind: 'unauthorized', explanation: 'HeyToken did not accept the API key: set a valid key.', action: 'set-key', retryable: false, status: 401 });
      const gateway = new ScriptedGateway([refused]);
      const runner = makeRunner(dirs, gateway, clock);
      await submit(runner);
      await runUntilQuiet(clock, runner);
      const record = runner.list()[0]!;
      assert.equal(record.state, 'failed');
      assert.match(record.error!, /did not accept the API key/);
    });

    it('stops polling when cancelled, and remembers it as cancelled', async () => {
      const gateway = new ScriptedGateway([working('processing')]);
      const runner = makeRunner(dirs, gateway, clock);
      const { record } = await submit(runner);
      await step(clock, runner);
      await runner.cancel(record.id);
      assert.equal(clock.pending, 0);
      const polls = gateway.polls;
      clock.advance(10 * 60_000);
      await runner.idle();
      assert.equal(gateway.polls, polls);
      assert.equal((await new VideoTaskStore(dirs.store).read(record.id))?.state, 'cancelled');
    });
  });

  describe('persistence and resume', () => {
    it('persists a task the moment it is submitted, before any poll', async () => {
      const gateway = new ScriptedGateway([working('processing')]);
      const runner = makeRunner(dirs, gateway, clock);
      const { record, billing } = await submit(runner);
      assert.equal(gateway.polls, 0);
      const stored = await new VideoTaskStore(dirs.store).read(record.id);
      assert.equal(stored?.taskId, 'task_1');
      assert.equal(stored?.state, 'queued');
      assert.equal(stored?.prompt, 'a fox in snow');
      assert.equal(billing?.creditsCharged, 1000);
      runner.dispose();
    });

    it('resumes polling a running task after a restart and completes it', async () => {
      const gateway = new ScriptedGateway([working('processing', 30), working('processing', 60), finished()]);
      const first = makeRunner(dirs, gateway, clock);
      const { record } = await submit(first);
      await step(clock, first);
      first.dispose(); // the window closes mid-task
      assert.equal((await new VideoTaskStore(dirs.store).read(record.id))?.state, 'running');

      const restartedClock = new FakeClock(clock.now() + 60_000);
      const second = makeRunner(dirs, gateway, restartedClock);
      const resumed = await second.start();
      assert.deepEqual(resumed.map((r) => r.id), [record.id]);
      assert.equal(restartedClock.nextIn(), 0, 'a resumed task should be polled at once');
      await runUntilQuiet(restartedClock, second);
      assert.equal(second.get(record.id)?.state, 'done');
      assert.deepEqual(await videosIn(dirs), ['a-fox-in-snow-20250101-120000.mp4']);
    });

    const finishedRecord = (dirs: Dirs, now: number): VideoTaskRecord =>
      taskRecord(now - 120_000, {
        target: target(dirs),
        state: 'downloading',
        rawStatus: 'succeeded',
        progress: 100,
        videoUrl: 'https://cdn.example.test/video/task_1.mp4',
        updatedAt: now - 60_000,
      });

    it('downloads, on start-up, a task that finished while the window was closed', async () => {
      await new VideoTaskStore(dirs.store).save(finishedRecord(dirs, clock.now()));
      const gateway = new ScriptedGateway([working('processing')]);
      const runner = makeRunner(dirs, gateway, clock);
      await runner.start();
      await runner.idle();
      assert.equal(gateway.polls, 0);
      assert.equal(gateway.downloads, 1);
      assert.equal(runner.get('local-1')?.state, 'done');
      assert.equal((await new VideoTaskStore(dirs.store).read('local-1'))?.state, 'done');
    });

    it('adopts a file that landed just before a crash instead of downloading it again, and clears leftovers', async () => {
      await new VideoTaskStore(dirs.store).save(finishedRecord(dirs, clock.now()));
      const folder = path.join(dirs.workspace, 'generated', 'videos');
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'a-fox-in-snow-20250101-120000.mp4'), MP4);
      await writeFile(path.join(folder, '.a-fox-in-snow-20250101-120000.mp4.dead.part'), 'half');
      const gateway = new ScriptedGateway([working('processing')]);
      const runner = makeRunner(dirs, gateway, clock);
      await runner.start();
      await runner.idle();
      assert.equal(gateway.downloads, 0);
      assert.equal(runner.get('local-1')?.state, 'done');
      assert.deepEqual(await videosIn(dirs), ['a-fox-in-snow-20250101-120000.mp4'], 'the half-written leftover is still there');
    });

    it('downloads a finished task once when two windows resume it at the same time', async () => {
      await new VideoTaskStore(dirs.store).save(finishedRecord(dirs, clock.now()));
      const gateway = new ScriptedGateway([working('processing')]);
      let open!: () => void;
      gateway.downloadGate = new Promise<void>((resolve) => (open = resolve));
      const clockA = new FakeClock(clock.now());
      const clockB = new FakeClock(clock.now());
      const a = makeRunner(dirs, gateway, clockA);
      const b = makeRunner(dirs, gateway, clockB);
      await Promise.all([a.start(), b.start()]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      open();
      await Promise.all([a.idle(), b.idle()]);
      // One of them downloaded; the other waits for the lock and then takes the result.
      await runUntilQuiet(clockA, a);
      await runUntilQuiet(clockB, b);
      assert.equal(gateway.downloads, 1);
      assert.deepEqual(await videosIn(dirs), ['a-fox-in-snow-20250101-120000.mp4']);
      assert.equal(a.get('local-1')?.state, 'done');
      assert.equal(b.get('local-1')?.state, 'done');
      assert.equal(a.get('local-1')?.file, b.get('local-1')?.file);
    });

    it('downloads once when a poll and a retry race in the same window', async () => {
      const gateway = new ScriptedGateway([finished()]);
      let open!: () => void;
      gateway.downloadGate = new Promise<void>((resolve) => (open = resolve));
      const runner = makeRunner(dirs, gateway, clock);
      const { record } = await submit(runner);
      clock.advance(clock.nextIn()!);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(runner.get(record.id)?.state, 'downloading');
      await runner.start(); // a second resume of the same store in the same window
      await runner.retry(record.id); // not retryable while downloading: a no-op
      open();
      await runUntilQuiet(clock, runner);
      assert.equal(gateway.downloads, 1);
      assert.deepEqual(await videosIn(dirs), ['a-fox-in-snow-20250101-120000.mp4']);
    });

    it('skips a damaged task file and still loads the others', async () => {
      const store = new VideoTaskStore(dirs.store);
      await store.save(finishedRecord(dirs, clock.now()));
      await writeFile(path.join(dirs.store, 'broken.json'), '{"v":1,"id":');
      const problems: string[] = [];
      const records = await new VideoTaskStore(dirs.store, (m) => problems.push(m)).loadAll();
      assert.deepEqual(records.map((r) => r.id), ['local-1']);
      assert.equal(problems.length, 1);
    });
  });

  describe('retry', () => {
    it('fetches the file again after a failed download', async () => {
      const gateway = new ScriptedGateway([finished()]);
      gateway.downloadType = 'text/html';
      const runner = makeRunner(dirs, gateway, clock);
      const { record } = await submit(runner);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.get(record.id)?.state, 'failed');
      assert.match(runner.get(record.id)!.error!, /text\/html, not a video/);
      gateway.downloadType = 'video/mp4';
      await runner.retry(record.id);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.get(record.id)?.state, 'done');
      assert.equal(gateway.submits, 1, 'a download retry must not submit (and pay for) a new task');
    });

    it('submits a task the gateway failed again, in the same row', async () => {
      const gateway = new ScriptedGateway([failedWith('failed', 'Upstream overloaded'), working('processing'), finished()]);
      const runner = makeRunner(dirs, gateway, clock);
      const { record } = await submit(runner);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.get(record.id)?.state, 'failed');
      const again = await runner.retry(record.id);
      assert.equal(again?.record.id, record.id);
      assert.notEqual(again?.record.taskId, record.taskId);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.get(record.id)?.state, 'done');
      assert.equal(runner.list().length, 1);
    });

    it('keeps waiting on the same task after a timeout', async () => {
      const gateway = new ScriptedGateway([working('processing')]);
      const runner = makeRunner(dirs, gateway, clock, { timeoutMs: () => 60_000 });
      const { record } = await submit(runner);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.get(record.id)?.state, 'timedout');
      gateway.script = [finished()];
      await runner.retry(record.id);
      await runUntilQuiet(clock, runner);
      assert.equal(runner.get(record.id)?.state, 'done');
      assert.equal(gateway.submits, 1);
    });

    it('removes a finished task from the list and the store, keeping the video', async () => {
      const gateway = new ScriptedGateway([finished()]);
      const runner = makeRunner(dirs, gateway, clock);
      const { record } = await submit(runner);
      await runUntilQuiet(clock, runner);
      await runner.remove(record.id);
      assert.deepEqual(runner.list(), []);
      assert.equal(await new VideoTaskStore(dirs.store).read(record.id), undefined);
      assert.deepEqual(await videosIn(dirs), ['a-fox-in-snow-20250101-120000.mp4']);
    });
  });

  it('refuses to write outside the workspace even if the stored folder was tampered with', async () => {
    const gateway = new ScriptedGateway([finished()]);
    const runner = makeRunner(dirs, gateway, clock);
    const { record } = await runner.submit({ provider: 'heytoken', model: 'sora', prompt: 'x', target: { ...target(dirs), folder: '../../escape' } });
    await runUntilQuiet(clock, runner);
    const after = runner.get(record.id)!;
    assert.equal(after.state, 'failed');
    assert.match(after.error!, /may not use ".."/);
    assert.deepEqual(await readdir(dirs.base).then((names) => names.filter((n) => n === 'escape')), []);
  });
});
