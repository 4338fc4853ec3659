import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import { chatBody, chunks, get, joined, post, readSse } from './sim-client';

interface ErrorJson {
  error: { message: string; type: string; code: string };
}

describe('simulator: HeyToken', () => {
  let sim: Simulator;
  let base: string;
  let key: string;
  beforeEach(async () => {
    sim = await startSimulator();
    base = sim.heytokenBaseUrl;
    key = sim.keys.heytoken;
  });
  afterEach(() => sim.close());

  it('lists models in the OpenAI list format, behind the key', async () => {
    const res = await get(`${base}/models`, key);
    const body = (await res.json()) as { object: string; data: { id: string; object: string }[] };
    assert.equal(body.object, 'list');
    const ids = body.data.map((m) => m.id);
    for (const id of ['gpt-4o', 'o1-mini', 'deepseek-r1', 'dall-e-3', 'sora', 'text-embedding-3-small']) assert.ok(ids.includes(id), id);
    assert.ok(body.data.every((m) => m.object === 'model'));
    assert.equal((await get(`${base}/models`)).status, 401);
  });

  it('answers chat as JSON with usage and no balance', async () => {
    const res = await post(`${base}/chat/completions`, key, chatBody('gpt-4o'));
    const body = (await res.json()) as { choices: { message: { content: string } }[]; usage: unknown; helyx?: unknown };
    assert.match(body.choices[0].message.content, /naïve — but honest ✓/);
    assert.ok(body.usage);
    assert.equal(body.helyx, undefined);
  });

  it('streams reasoning_content before content for o1-mini with reasoning: true', async () => {
    const res = await post(`${base}/chat/completions`, key, chatBody('o1-mini', { stream: true, reasoning: true }));
    const { data } = await readSse(res);
    const deltas = chunks(data).map((c) => c.choices[0]?.delta ?? {});
    const firstContent = deltas.findIndex((d) => d.content);
    const lastReasoning = deltas.map((d) => Boolean(d.reasoning_content)).lastIndexOf(true);
    assert.ok(lastReasoning >= 0 && lastReasoning < firstContent);
    assert.ok(joined(data, 'reasoning_content').length > 0);
    assert.equal(data[data.length - 1], '[DONE]');
  });

  it('uses delta.reasoning for deepseek-r1 and no reasoning without the flag', async () => {
    const withFlag = await readSse(await post(`${base}/chat/completions`, key, chatBody('deepseek-r1', { stream: true, reasoning: true })));
    assert.ok(joined(withFlag.data, 'reasoning').length > 0);
    assert.equal(joined(withFlag.data, 'reasoning_content'), '');
    const without = await readSse(await post(`${base}/chat/completions`, key, chatBody('deepseek-r1', { stream: true })));
    assert.equal(joined(without.data, 'reasoning'), '');
  });

  it('sends usage in a final empty-choices chunk only when include_usage is set', async () => {
    const res = await post(`${base}/chat/completions`, key, chatBody('gpt-4o-mini', { stream: true, stream_options: { include_usage: true } }));
    const parsed = chunks((await readSse(res)).data);
    const last = parsed[parsed.length - 1];
    assert.deepEqual(last.choices, []);
    assert.ok(last.usage && last.usage.total_tokens > 0);
    assert.equal(last.helyx, undefined);
  });

  it('answers 402 with HeyToken wording for a key out of balance', async () => {
    sim.setCredits(key, 0);
    const res = await post(`${base}/chat/completions`, key, chatBody('gpt-4o'));
    assert.equal(res.status, 402);
    const body = (await res.json()) as ErrorJson;
    assert.match(body.error.message, /Insufficient balance\. Top up your credits in the Billing section/);
  });

  it('answers 404 for an unknown model or endpoint and 401 for an unknown key', async () => {
    assert.equal((await post(`${base}/chat/completions`, key, chatBody('gpt-9'))).status, 404);
    assert.equal((await get(`${base}/realtime`, key)).status, 404);
    const res = await post(`${base}/chat/completions`, 'sk-ht-unknown', chatBody('gpt-4o'));
    assert.equal(res.status, 401);
    assert.equal(typeof ((await res.json()) as ErrorJson).error.message, 'string');
  });

  it('embeds deterministically, as floats or base64, at /v1/embeddings and the documented root path', async () => {
    const one = (await (await post(`${base}/embeddings`, key, { model: 'text-embedding-3-small', input: ['alpha', 'beta'] })).json()) as {
      data: { index: number; embedding: number[] }[];
    };
    assert.deepEqual(
      one.data.map((d) => d.index),
      [0, 1],
    );
    assert.equal(one.data[0].embedding.length, 8);
    assert.notDeepEqual(one.data[0].embedding, one.data[1].embedding);
    const root = (await (await post(`${sim.url}/embeddings`, key, { model: 'text-embedding-3-small', input: 'alpha' })).json()) as {
      data: { embedding: number[] }[];
    };
    assert.deepEqual(root.data[0].embedding, one.data[0].embedding);
    const b64 = (await (
      await post(`${base}/embeddings`, key, { model: 'text-embedding-3-small', input: 'alpha', encoding_format: 'base64' })
    ).json()) as { data: { embedding: string }[] };
    const bytes = Buffer.from(b64.data[0].embedding, 'base64');
    assert.deepEqual([...new Float32Array(bytes.buffer, bytes.byteOffset, 8)], one.data[0].embedding);
  });

  it('generates images as url or b64_json and rejects a bad size with 400', async () => {
    const url = `${base}/images/generations`;
    const b64 = (await (await post(url, key, { model: 'dall-e-3', prompt: 'A futuristic city at sunset', size: '1024x1024', quality: 'hd', response_format: 'b64_json' })).json()) as {
      data: { b64_json: string }[];
    };
    assert.equal(Buffer.from(b64.data[0].b64_json, 'base64').subarray(1, 4).toString('ascii'), 'PNG');
    const linked = (await (await post(url, key, { model: 'stable-diffusion-xl', prompt: 'x' })).json()) as { data: { url: string }[] };
    assert.equal((await fetch(linked.data[0].url)).headers.get('content-type'), 'image/png');
    const bad = await post(url, key, { model: 'dall-e-3', prompt: 'x', size: '1000x1000' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as ErrorJson).error.message, /size/);
  });

  async function runVideo(prompt: string): Promise<Record<string, unknown>[]> {
    const submit = (await (await post(`${base}/videos/generations`, key, { model: 'kling-1.6', prompt })).json()) as Record<string, unknown>;
    const seen = [submit];
    for (let i = 0; i < 3; i++) seen.push((await (await get(`${base}/videos/generations/${String(submit.task_id)}`, key)).json()) as Record<string, unknown>);
    return seen;
  }

  it('runs a video task queued → in_progress → succeeded with a downloadable MP4', async () => {
    const seen = await runVideo('a cat surfing');
    assert.deepEqual(
      seen.map((s) => s.status),
      ['queued', 'in_progress', 'in_progress', 'succeeded'],
    );
    const video = await fetch(seen[3].video_url as string);
    assert.equal(video.headers.get('content-type'), 'video/mp4');
    const bytes = Buffer.from(await video.arrayBuffer());
    assert.equal(bytes.subarray(4, 8).toString('ascii'), 'ftyp');
    assert.equal(bytes.subarray(8, 12).toString('ascii'), 'isom');
  });

  it('ends a video task whose prompt says "fail" as failed with a content-policy error', async () => {
    const seen = await runVideo('please fail this one');
    const last = seen[seen.length - 1];
    assert.equal(last.status, 'failed');
    assert.match((last.error as { message: string }).message, /^Content policy violation: /);
    assert.equal(last.video_url, undefined);
  });
});
