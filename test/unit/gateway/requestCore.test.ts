import assert from 'node:assert/strict';
import { GatewayClient } from '../../../src/gateway/client';
import { GatewayError } from '../../../src/gateway/errors';
import { RateLimiter } from '../../../src/gateway/limiter';
import { PROVIDERS } from '../../../src/gateway/providers';
import type { RequestLogEntry } from '../../../src/gateway/types';
import { startSimulator, type Simulator } from '../../sim/server';
import { collect, heytokenClient } from './helpers';

const tick = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Chat, models, images, videos, embeddings and downloads live in different files over one request
// core: these check that each kind really goes through it (key, limiter, log), not a copy of it.
describe('gateway/requestCore: every kind of request shares one core', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(async () => sim.close());

  it('without a key, chat, models, images, videos, polls and embeddings all ask for one and send nothing', async () => {
    const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl });
    const before = sim.requests.length;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['chat', async () => {
        const out = await collect(client.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }));
        if (out.error) throw out.error;
      }],
      ['models', () => client.listModels({ refresh: true })],
      ['image', () => client.generateImage({ model: 'dall-e-3', prompt: 'x' })],
      ['image via chat', () => client.imageViaChat({ model: 'dall-e-3', prompt: 'x' })],
      ['video', () => client.submitVideo({ model: 'kling-1.6', prompt: 'x' })],
      ['poll', () => client.getVideoTask('task_1')],
      ['embeddings', () => client.embed({ model: 'text-embedding-3-small', input: ['x'] })],
    ];
    for (const [name, call] of calls) {
      await assert.rejects(call(), (error: unknown) => error instanceof GatewayError && error.action === 'set-key', `${name} did not ask for a key`);
    }
    assert.equal(sim.requests.length, before, 'something reached the gateway without a key');
  });

  it('one limiter: images, videos and embeddings wait for a slot; a video poll (which costs nothing) does not', async () => {
    const limiter = new RateLimiter({ concurrentStreams: 1 });
    const client = heytokenClient(sim, { limiter });
    try {
      const { taskId } = await client.submitVideo({ model: 'kling-1.6', prompt: 'waves' });
      const held = await limiter.acquire();
      const before = sim.requests.length;
      let settled = 0;
      const waiting = [
        client.generateImage({ model: 'dall-e-3', prompt: 'a lighthouse' }),
        client.submitVideo({ model: 'kling-1.6', prompt: 'waves' }),
        client.embed({ model: 'text-embedding-3-small', input: ['alpha'] }),
      ].map((p) => p.finally(() => settled++));
      await tick();
      assert.equal(limiter.queued, 3, 'the media and embedding calls did not queue at the limiter');
      assert.equal(sim.requests.length, before, 'a call went out while the only slot was held');
      const poll = await client.getVideoTask(taskId);
      assert.equal(poll.taskId, taskId, 'the poll went through while the slot was held');
      assert.equal(settled, 0);
      held();
      await Promise.all(waiting);
      assert.equal(settled, 3);
    } finally {
      await limiter.stop();
    }
  });

  it('one log: each kind of request is a line in the same sink, with its model, and a download too', async () => {
    const lines: RequestLogEntry[] = [];
    const client = heytokenClient(sim, { onLog: (entry) => lines.push(entry) });
    const image = (await client.generateImage({ model: 'dall-e-3', prompt: 'x', responseFormat: 'url' })).images[0];
    await client.embed({ model: 'text-embedding-3-small', input: ['alpha'] });
    await client.submitVideo({ model: 'kling-1.6', prompt: 'waves' });
    assert.ok(image?.kind === 'url');
    const file = await client.download(image.url);
    await file.body.cancel();
    const seen = lines.map((l) => `${l.method} ${l.path.replace(/\?.*$/, '')} ${l.status ?? ''} ${l.model ?? ''}`.trim());
    assert.deepEqual(seen.slice(0, 3), [
      'POST /images/generations 200 dall-e-3',
      'POST /embeddings 200 text-embedding-3-small',
      'POST /videos/generations 200 kling-1.6',
    ]);
    assert.match(seen[3] ?? '', /^GET \S+ 200$/);
    assert.ok(lines.every((l) => !JSON.stringify(l).includes(sim.keys.heytoken)), 'a log line carries the key');
  });
});
