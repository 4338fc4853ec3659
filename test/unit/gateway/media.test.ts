import assert from 'node:assert/strict';
import { GatewayClient } from '../../../src/gateway/client';
import { GatewayError } from '../../../src/gateway/errors';
import { PROVIDERS } from '../../../src/gateway/providers';
import type { GeneratedImage, VideoTaskInfo } from '../../../src/gateway/types';
import { startSimulator, type Simulator } from '../../sim/server';
import { helyxClient, heytokenClient, inlineServer, sendJson } from './helpers';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

async function imageBytes(client: GatewayClient, image: GeneratedImage): Promise<Uint8Array> {
  if (image.kind === 'b64') return image.data;
  const download = await client.download(image.url, { expectContentType: /^image\//, maxBytes: 1_000_000 });
  return bytesOf(download.body);
}

describe('gateway/client images, videos, embeddings, downloads', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ videoSteps: 3 });
  });
  after(() => sim.close());

  it('images as URLs and as base64, both real PNGs; revised prompt passed on', async () => {
    const client = heytokenClient(sim);
    const byUrl = await client.generateImage({ model: 'dall-e-3', prompt: 'a lighthouse', size: '1024x1024', quality: 'hd', n: 2 });
    assert.equal(byUrl.images.length, 2);
    assert.ok(byUrl.images.every((i) => i.kind === 'url'));
    assert.equal(byUrl.revisedPrompt, 'a lighthouse, highly detailed');
    const b64 = await client.generateImage({ model: 'stable-diffusion-xl', prompt: 'a lighthouse', responseFormat: 'b64_json' });
    assert.equal(b64.images[0]?.kind, 'b64');
    for (const image of [...byUrl.images, ...b64.images]) {
      assert.deepEqual([...(await imageBytes(client, image)).subarray(0, 8)], PNG_MAGIC);
    }
    const body = sim.requests.find((r) => r.path.endsWith('/images/generations'))?.body as Record<string, unknown>;
    assert.deepEqual({ size: body.size, quality: body.quality, n: body.n }, { size: '1024x1024', quality: 'hd', n: 2 });
  });

  it('HelyxAI image billing: the flat 200 credits, as the gateway charged them', async () => {
    const before = sim.credits(sim.keys.helyxPro);
    const result = await helyxClient(sim).generateImage({ model: 'nano-banana-pro', prompt: 'a fox' });
    assert.equal(result.billing?.creditsCharged, 200);
    assert.equal(result.billing?.creditsRemaining, before - 200);
  });

  it('image errors are the same typed errors (bad size → 400 with the gateway’s words)', async () => {
    await assert.rejects(
      heytokenClient(sim).generateImage({ model: 'dall-e-3', prompt: 'x', size: '3x3' }),
      (error: unknown) => error instanceof GatewayError && error.kind === 'bad-request' && /Invalid size '3x3'/.test(error.gatewayMessage ?? ''),
    );
  });

  it('a gateway without /images/generations: the image comes from a chat model’s answer', async () => {
    const png = Buffer.from([...PNG_MAGIC, 1, 2, 3]).toString('base64');
    const answers = [
      (url: string) => ({ content: `Here you go:\n\n![a fox](${url}/files/fox.png)` }),
      () => ({ content: 'Done.', images: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }),
      () => ({ content: `Inline: data:image/png;base64,${png} enjoy` }),
    ];
    let next = 0;
    const server = await inlineServer((req, res) => {
      if (req.url === '/v1/images/generations') return sendJson(res, 404, { error: { message: 'Unknown endpoint', type: 'not_found' } });
      if (req.url === '/v1/chat/completions') {
        const message = answers[next++]!(`http://${req.headers.host}/v1`);
        return sendJson(res, 200, { choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }], helyx: { credits_charged: 200, credits_remaining: 800 } });
      }
      sendJson(res, 404, {});
    });
    try {
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${server.url}/v1`, apiKey: 'sk-local-0000' });
      const markdown = await client.generateImage({ model: 'image-chat', prompt: 'a fox' });
      assert.deepEqual(markdown.images, [{ kind: 'url', url: `${server.url}/v1/files/fox.png` }]);
      assert.equal(markdown.billing?.creditsCharged, 200);
      const listed = await client.generateImage({ model: 'image-chat', prompt: 'a fox' });
      const inline = await client.generateImage({ model: 'image-chat', prompt: 'a fox' });
      for (const result of [listed, inline]) {
        const image = result.images[0];
        assert.ok(image?.kind === 'b64');
        assert.deepEqual([...image.data.subarray(0, 8)], PNG_MAGIC);
        assert.equal(image.mimeType, 'image/png');
      }
    } finally {
      await server.close();
    }
  });

  for (const [name, makeClient, model] of [
    ['HeyToken', heytokenClient, 'sora'],
    ['HelyxAI', helyxClient, 'vo3'],
  ] as const) {
    it(`${name} video: submit, poll through the status words, download the MP4 with progress`, async () => {
      const client = makeClient(sim);
      const submitted = await client.submitVideo({ model, prompt: 'waves at dusk', seconds: 5 });
      assert.ok(submitted.taskId);
      assert.equal(submitted.status, 'queued');
      const seen: VideoTaskInfo[] = [];
      let task: VideoTaskInfo;
      do {
        task = await client.getVideoTask(submitted.taskId);
        seen.push(task);
      } while (task.status !== 'succeeded' && seen.length < 10);
      assert.deepEqual(seen.map((t) => t.status), ['running', 'running', 'succeeded']);
      assert.deepEqual(seen.map((t) => t.progress), [33, 66, 100]);
      assert.ok(task.videoUrl);
      const progress: number[] = [];
      const download = await client.download(task.videoUrl, { expectContentType: /^video\//, maxBytes: 10_000_000, onProgress: (received) => progress.push(received) });
      assert.equal(download.contentType, 'video/mp4');
      const bytes = await bytesOf(download.body);
      assert.equal(bytes.length, download.contentLength);
      assert.equal(Buffer.from(bytes.subarray(4, 8)).toString('ascii'), 'ftyp');
      assert.equal(progress.at(-1), bytes.length);
    });
  }

  it('a failed video task carries the gateway’s reason', async () => {
    const client = heytokenClient(sim);
    const { taskId } = await client.submitVideo({ model: 'kling-1.6', prompt: 'this should fail' });
    let task: VideoTaskInfo;
    do task = await client.getVideoTask(taskId);
    while (task.status === 'running');
    assert.equal(task.status, 'failed');
    assert.match(task.error ?? '', /Content policy violation/);
  });

  it('polling an unknown task is a typed not-found', async () => {
    await assert.rejects(heytokenClient(sim).getVideoTask('task_doesnotexist'), (error: unknown) => error instanceof GatewayError && error.status === 404);
  });

  it('a download link that is gone says the file is gone, not that the endpoint or model is', async () => {
    sim.injectFault({ path: '/files/', fault: { kind: 'status', status: 404, body: 'gone' } });
    const client = helyxClient(sim);
    const [image] = (await client.generateImage({ model: 'nano-banana-pro', prompt: 'gone', responseFormat: 'url' })).images;
    assert.ok(image?.kind === 'url');
    await assert.rejects(client.download(image.url), (error: unknown) =>
      error instanceof GatewayError && error.kind === 'not-found' && /HelyxAI no longer has the generated file \(404 at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/files\//.test(error.explanation));
  });

  it('downloads refuse the wrong content type and anything over the size cap', async () => {
    const client = heytokenClient(sim);
    const image = (await client.generateImage({ model: 'dall-e-3', prompt: 'x' })).images[0];
    assert.ok(image?.kind === 'url');
    await assert.rejects(client.download(image.url, { expectContentType: /^video\// }), (error: unknown) => error instanceof GatewayError && error.kind === 'protocol' && /image\/png/.test(error.explanation));
    await assert.rejects(client.download(image.url, { maxBytes: 10 }), (error: unknown) => error instanceof GatewayError && error.kind === 'too-large');
  });

  it('a body without a length is cut off as soon as it passes the cap', async () => {
    const server = await inlineServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write(Buffer.alloc(600));
      res.write(Buffer.alloc(600));
      res.end(Buffer.alloc(600));
    });
    try {
      const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: sim.heytokenBaseUrl, apiKey: sim.keys.heytoken });
      const download = await client.download(`${server.url}/big.mp4`, { expectContentType: /^video\//, maxBytes: 1000 });
      assert.equal(download.contentLength, undefined);
      await assert.rejects(bytesOf(download.body), (error: unknown) => error instanceof GatewayError && error.kind === 'too-large');
    } finally {
      await server.close();
    }
  });

  it('the key goes to the gateway’s own origin only — not to another origin, not after a redirect to one', async () => {
    const cdn = await inlineServer((req, res) => {
      if (req.url === '/hop') {
        res.writeHead(302, { location: '/file.mp4' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '4' });
      res.end(Buffer.from('mp4!'));
    });
    const gateway = await inlineServer((req, res) => {
      if (req.url === '/v1/own.mp4') {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '4' });
        return res.end(Buffer.from('mine'));
      }
      res.writeHead(302, { location: `${cdn.url}/hop` });
      res.end();
    });
    try {
      const key = 'sk-ht-secret-origin-check-1234';
      const client = new GatewayClient({ preset: PROVIDERS.heytoken, baseUrl: `${gateway.url}/v1`, apiKey: key });
      await bytesOf((await client.download(`${gateway.url}/v1/own.mp4`)).body);
      await bytesOf((await client.download('own.mp4')).body);
      await bytesOf((await client.download(`${cdn.url}/file.mp4`)).body);
      await bytesOf((await client.download(`${gateway.url}/v1/redirect-me`)).body);
      assert.deepEqual(gateway.requests.map((r) => [r.url, r.headers.authorization]), [
        ['/v1/own.mp4', `Bearer ${key}`],
        ['/v1/own.mp4', `Bearer ${key}`],
        ['/v1/redirect-me', `Bearer ${key}`],
      ]);
      assert.deepEqual(cdn.requests.map((r) => [r.url, r.headers.authorization]), [
        ['/file.mp4', undefined],
        ['/hop', undefined],
        ['/file.mp4', undefined],
      ]);
    } finally {
      await cdn.close();
      await gateway.close();
    }
  });

  it('embeddings: one vector per input, in order, with usage', async () => {
    const client = heytokenClient(sim);
    const result = await client.embed({ model: 'text-embedding-3-small', input: ['alpha', 'beta', 'alpha'] });
    assert.equal(result.embeddings.length, 3);
    assert.equal(result.embeddings[0]?.length, 8);
    assert.deepEqual(result.embeddings[0], result.embeddings[2]);
    assert.notDeepEqual(result.embeddings[0], result.embeddings[1]);
    assert.ok((result.usage?.promptTokens ?? 0) > 0);
    assert.equal((sim.requests.at(-1)?.body as Record<string, unknown>).encoding_format, 'float');
  });
});
