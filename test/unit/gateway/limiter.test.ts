import assert from 'node:assert/strict';
import { GatewayError } from '../../../src/gateway/errors';
import { RateLimiter, limiterFor } from '../../../src/gateway/limiter';
import { PROVIDERS } from '../../../src/gateway/providers';
import { startSimulator, type Simulator } from '../../sim/server';
import { ask, collect, heytokenClient } from './helpers';

const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('gateway/limiter', function () {
  this.timeout(20_000);
  it('holds concurrent slots: the 4th waits until one is released', async () => {
    const limiter = new RateLimiter({ concurrentStreams: 3 });
    const releases = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    let fourth = false;
    const pending = limiter.acquire().then((release) => {
      fourth = true;
      return release;
    });
    await tick();
    assert.equal(fourth, false);
    assert.equal(limiter.running, 3);
    assert.equal(limiter.queued, 1);
    releases[0]!();
    releases[0]!(); // releasing twice frees one slot, not two
    const release = await pending;
    assert.equal(fourth, true);
    assert.equal(limiter.running, 3);
    release();
    releases[1]!();
    releases[2]!();
    assert.equal(limiter.running, 0);
    await limiter.stop();
  });

  it('queues past requests-per-minute instead of failing, and lets them through when the window refills', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 2, minuteMs: 1500 });
    const started: number[] = [];
    const jobs = [0, 1, 2, 3].map((i) => limiter.run(async () => void started.push(i)));
    while (started.length < 2) await tick(5);
    assert.deepEqual(started, [0, 1], 'two in the first window');
    assert.equal(limiter.queued, 2, 'the other two wait');
    await Promise.all(jobs);
    assert.deepEqual(started.sort(), [0, 1, 2, 3], 'the rest ran later, none failed');
    await limiter.stop();
  });

  it('weights the tokens-per-minute gate by estimated tokens', async () => {
    const limiter = new RateLimiter({ tokensPerMinute: 100, minuteMs: 1500 });
    const first = await limiter.acquire({ tokens: 70 });
    let secondIn = false;
    const second = limiter.acquire({ tokens: 50 }).then((r) => {
      secondIn = true;
      return r;
    });
    await tick(30);
    assert.equal(secondIn, false, '70 + 50 > 100: waits for the next minute');
    assert.equal(limiter.queued, 1);
    first();
    (await second)();
    assert.equal(secondIn, true);
    // A request larger than a whole minute still goes (alone) rather than waiting forever.
    (await limiter.acquire({ tokens: 10_000 }))();
    await limiter.stop();
  });

  it('a request cancelled while queued rejects as cancelled and never takes a slot', async () => {
    const limiter = new RateLimiter({ concurrentStreams: 1 });
    const hold = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire({ signal: controller.signal });
    await tick();
    controller.abort();
    await assert.rejects(waiting, (error: unknown) => error instanceof GatewayError && error.kind === 'cancelled');
    hold();
    await tick();
    assert.equal(limiter.running, 0);
    assert.equal(limiter.queued, 0);
    await limiter.stop();
  });

  it('limiterFor builds one only for providers with documented limits', async () => {
    assert.equal(limiterFor(PROVIDERS.helyx.limits), undefined);
    const heytoken = limiterFor(PROVIDERS.heytoken.limits);
    assert.ok(heytoken instanceof RateLimiter);
    assert.equal(heytoken.options.concurrentStreams, 10);
    await heytoken.stop();
  });

  describe('under a burst, against the simulator', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ chunkDelayMs: 5 });
    });
    after(() => sim.close());

    it('10 streams at once with 3 concurrent allowed: never more than 3 in flight, all succeed', async function () {
      this.timeout(30_000);
      // A request is in flight from the moment it is sent until its stream has finished for the
      // consumer (the limiter frees the slot just before that).
      let inFlight = 0;
      let peak = 0;
      const countingFetch: typeof fetch = (input, init) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        return fetch(input, init);
      };
      const limiter = new RateLimiter({ concurrentStreams: 3 });
      const client = heytokenClient(sim, { fetch: countingFetch, limiter });
      const results = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const result = await collect(client.chat(ask('gpt-4o-mini', `burst ${i}`)));
          inFlight--;
          return result;
        }),
      );
      await limiter.stop();
      assert.ok(peak <= 3, `peak in flight was ${peak}`);
      assert.equal(peak, 3, 'the limiter did allow three at once');
      for (const [i, r] of results.entries()) {
        assert.equal(r.error, undefined);
        assert.equal(r.finish, 'stop');
        assert.match(r.text, new RegExp(`burst ${i}`));
      }
    });
  });
});
