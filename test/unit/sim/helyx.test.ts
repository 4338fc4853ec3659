import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import { chatBody, chunks, get, joined, post, readSse } from './sim-client';

interface HelyxJson {
  choices: { message: { content: string } }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  helyx: { credits_charged: number; credits_remaining: number };
}

describe('simulator: HelyxAI', () => {
  let sim: Simulator;
  let chatUrl: string;
  beforeEach(async () => {
    sim = await startSimulator();
    chatUrl = `${sim.helyxBaseUrl}/chat/completions`;
  });
  afterEach(() => sim.close());

  it('bills (prompt + completion tokens) × rate and deducts it from the key', async () => {
    const before = sim.credits(sim.keys.helyxPro);
    const res = await post(chatUrl, sim.keys.helyxPro, chatBody('gpt-4-turbo'));
    assert.equal(res.status, 200);
    const body = (await res.json()) as HelyxJson;
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
    assert.ok(body.usage.completion_tokens > 0);
    const expected = Math.round(body.usage.total_tokens * 0.2 * 100) / 100;
    assert.equal(body.helyx.credits_charged, expected);
    assert.equal(body.helyx.credits_remaining, Math.round((before - expected) * 100) / 100);
    assert.equal(sim.credits(sim.keys.helyxPro), body.helyx.credits_remaining);
  });

  it('answers 402 in the reference shape once credits reach zero', async () => {
    sim.setCredits(sim.keys.helyxFree, 1);
    const spend = await post(chatUrl, sim.keys.helyxFree, chatBody('helyx-3.5'));
    assert.equal(spend.status, 402, 'a reply costing more than the balance is refused');
    sim.setCredits(sim.keys.helyxFree, 0);
    const res = await post(chatUrl, sim.keys.helyxFree, chatBody('helyx-3.5'));
    assert.equal(res.status, 402);
    assert.deepEqual(await res.json(), {
      error: { message: "You've used all of today's credits.", type: 'insufficient_quota', code: '402' },
    });
    const empty = await post(chatUrl, sim.keys.helyxEmpty, chatBody('helyx-3.5'));
    assert.equal(empty.status, 402);
    assert.equal(sim.credits(sim.keys.helyxFree), 0, 'a refused request costs nothing');
  });

  it('gates Pro models on the free plan with 403 plan_required', async () => {
    const res = await post(chatUrl, sim.keys.helyxFree, chatBody('claude-4.7'));
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      error: { message: 'claude-4.7 requires a Plus plan or higher.', type: 'plan_required', code: '403' },
    });
    const pro = await post(chatUrl, sim.keys.helyxPro, chatBody('claude-4.7'));
    assert.equal(pro.status, 200);
  });

  const badRequests: [string, string | Record<string, unknown>][] = [
    ['malformed JSON', '{"model": "helyx-3.5", "messages": ['],
    ['a missing model', { messages: [{ role: 'user', content: 'hi' }] }],
    ['missing messages', { model: 'helyx-3.5' }],
    ['max_tokens over 4096', chatBody('helyx-3.5', { max_tokens: 4097 })],
  ];
  for (const [what, body] of badRequests) {
    it(`answers 400 in the reference shape for ${what}`, async () => {
      const res = await post(chatUrl, sim.keys.helyxPro, body);
      assert.equal(res.status, 400);
      const json = (await res.json()) as { error: { message: string; type: string; code: string } };
      assert.equal(json.error.code, '400');
      assert.equal(typeof json.error.message, 'string');
      assert.ok(json.error.message.length > 0);
    });
  }

  it('answers 401 for a missing or unknown key without echoing the key', async () => {
    const missing = await post(chatUrl, undefined, chatBody('helyx-3.5'));
    assert.equal(missing.status, 401);
    const unknownKey = 'hx-not-a-real-key-123456';
    const unknown = await post(chatUrl, unknownKey, chatBody('helyx-3.5'));
    assert.equal(unknown.status, 401);
    const text = await unknown.text();
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, '401');
    assert.ok(!text.includes(unknownKey));
  });

  it('answers 404 for an unknown model and for GET /models, which HelyxAI does not document', async () => {
    const res = await post(chatUrl, sim.keys.helyxPro, chatBody('gpt-9'));
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, '404');
    const models = await get(`${sim.helyxBaseUrl}/models`, sim.keys.helyxPro);
    assert.equal(models.status, 404);
  });

  it('streams SSE with usage and the helyx object on the last chunk before [DONE]', async () => {
    const res = await post(chatUrl, sim.keys.helyxPro, chatBody('kimi-k2.6', { stream: true, stream_options: { include_usage: true } }));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const { raw, data } = await readSse(res);
    assert.ok(raw.split('\n\n').filter(Boolean).every((block) => block.startsWith('data: ')));
    assert.ok(raw.endsWith('data: [DONE]\n\n'));
    const parsed = chunks(data);
    const last = parsed[parsed.length - 1];
    assert.deepEqual(last.choices, []);
    assert.ok(last.usage && last.helyx);
    assert.equal(last.helyx.credits_remaining, sim.credits(sim.keys.helyxPro));
    assert.equal(parsed.filter((c) => c.helyx).length, 1);
    assert.match(joined(data), /Explain quantum computing in 2 sentences/);
  });

  it('puts the helyx object on the finish chunk when usage is not requested', async () => {
    const res = await post(chatUrl, sim.keys.helyxPro, chatBody('helyx-3.5', { stream: true }));
    const parsed = chunks((await readSse(res)).data);
    const last = parsed[parsed.length - 1];
    assert.equal(last.choices[0].finish_reason, 'stop');
    assert.ok(last.helyx);
    assert.ok(parsed.every((c) => c.usage === undefined));
  });

  it('answers a chat request to the image model with a markdown image the sim serves', async () => {
    const res = await post(chatUrl, sim.keys.helyxPro, chatBody('nano-banana-pro'));
    const body = (await res.json()) as HelyxJson;
    assert.equal(body.helyx.credits_charged, 200);
    const match = /^!\[[^\]]*\]\((http:\/\/[^)]+\/api\/v1\/files\/[\w-]+\.png)\)$/.exec(body.choices[0].message.content);
    assert.ok(match, body.choices[0].message.content);
    const image = await fetch(match[1]);
    assert.equal(image.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await image.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('generates images as url or b64_json and charges 200 per image', async () => {
    const url = `${sim.helyxBaseUrl}/images/generations`;
    const before = sim.credits(sim.keys.helyxPro);
    const res = await post(url, sim.keys.helyxPro, { model: 'nano-banana-pro', prompt: 'a lighthouse', n: 2, response_format: 'b64_json' });
    const body = (await res.json()) as { data: { b64_json: string }[]; helyx: { credits_charged: number } };
    assert.equal(body.data.length, 2);
    assert.equal(body.helyx.credits_charged, 400);
    assert.equal(sim.credits(sim.keys.helyxPro), before - 400);
    assert.equal(Buffer.from(body.data[0].b64_json, 'base64').subarray(1, 4).toString('ascii'), 'PNG');
    const byUrl = (await (await post(url, sim.keys.helyxPro, { model: 'nano-banana-pro', prompt: 'a lighthouse' })).json()) as {
      data: { url: string }[];
    };
    assert.equal((await fetch(byUrl.data[0].url)).status, 200);
    const wrongKind = await post(url, sim.keys.helyxPro, { model: 'helyx-3.5', prompt: 'x' });
    assert.equal(wrongKind.status, 400);
  });

  it('runs a vo3 task pending → processing → completed and serves the MP4', async () => {
    const submitUrl = `${sim.helyxBaseUrl}/videos/generations`;
    const refused = await post(submitUrl, sim.keys.helyxFree, { model: 'vo3', prompt: 'waves' });
    assert.equal(refused.status, 403);
    const before = sim.credits(sim.keys.helyxPro);
    const submit = (await (await post(submitUrl, sim.keys.helyxPro, { model: 'vo3', prompt: 'waves' })).json()) as {
      task_id: string;
      status: string;
    };
    assert.equal(submit.status, 'pending');
    assert.ok(sim.credits(sim.keys.helyxPro) < before);
    const seen: { status: string; progress: number; video_url?: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const poll = await get(`${submitUrl}/${submit.task_id}`, sim.keys.helyxPro);
      seen.push((await poll.json()) as { status: string; progress: number; video_url?: string });
    }
    assert.deepEqual(
      seen.map((s) => s.status),
      ['processing', 'processing', 'completed'],
    );
    assert.ok(seen[0].progress > 0 && seen[0].progress < seen[1].progress && seen[1].progress < 100);
    const video = await fetch(seen[2].video_url!);
    assert.equal(video.headers.get('content-type'), 'video/mp4');
    const bytes = Buffer.from(await video.arrayBuffer());
    assert.equal(Number(video.headers.get('content-length')), bytes.length);
    assert.equal(bytes.subarray(4, 12).toString('ascii'), 'ftypisom');
    const otherKey = await get(`${submitUrl}/${submit.task_id}`, sim.keys.helyxEmpty);
    assert.equal(otherKey.status, 404, "another key cannot see the task");
  });
});
