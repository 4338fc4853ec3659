// Images and video tasks through the real gateway client against the gateway simulator: both
// response shapes, a chat model that answers with an image, a video task from submit to MP4, and
// a failing task's reason.
import * as assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GatewayClient } from '../../../src/gateway/client';
import { getPreset } from '../../../src/gateway/providers';
import type { ProviderId } from '../../../src/gateway/providers';
import { prepareFolder } from '../../../src/media/confine';
import { generateImagesInto, type ImageCharge } from '../../../src/media/imageGeneration';
import { startSimulator, type Simulator } from '../../sim/server';
import { gradientPng, PNG_SIGNATURE } from '../../sim/media';
import { FakeClock } from './fakeClock';
import { makeDirs, makeRunner, runUntilQuiet, type Dirs } from './videoTaskFixtures';

describe('media against the gateway simulator', () => {
  let sim: Simulator;
  let dirs: Dirs;

  before(async () => {
    sim = await startSimulator({ videoSteps: 3 });
  });

  after(async () => {
    await sim.close();
  });

  beforeEach(async () => {
    dirs = await makeDirs();
    await mkdir(dirs.workspace, { recursive: true });
  });

  afterEach(async () => {
    await dirs.cleanup();
  });

  const client = (provider: ProviderId): GatewayClient =>
    new GatewayClient({
      preset: getPreset(provider),
      baseUrl: provider === 'helyx' ? sim.helyxBaseUrl : sim.heytokenBaseUrl,
      apiKey: provider === 'helyx' ? sim.keys.helyxPro : sim.keys.heytoken,
      maxRetries: 0,
    });

  async function imagesVia(provider: ProviderId, model: string, responseFormat?: 'url' | 'b64_json') {
    const folder = await prepareFolder(dirs.workspace, 'generated/images');
    const outcome = await generateImagesInto({
      gateway: client(provider),
      request: { model, prompt: 'A red fox in the snow', ...(responseFormat ? { responseFormat } : {}), ...(provider === 'heytoken' ? { size: '1024x1024', quality: 'hd' } : {}) },
      folder,
      providerName: getPreset(provider).displayName,
      maxBytes: 10 * 1024 * 1024,
      date: new Date(2025, 0, 2, 3, 4, 5),
    });
    return { folder, outcome };
  }

  for (const format of ['url', 'b64_json'] as const) {
    it(`saves a HelyxAI image delivered as ${format}, with a sidecar, and reports the credits`, async () => {
      const before = sim.credits(sim.keys.helyxPro);
      const { folder, outcome } = await imagesVia('helyx', 'nano-banana-pro', format);
      assert.equal(outcome.images.length, 1);
      const file = outcome.images[0]!.path;
      assert.equal(path.basename(file), 'a-red-fox-in-the-snow-20250102-030405.png');
      assert.deepEqual((await readFile(file)).subarray(0, 8), PNG_SIGNATURE);
      assert.equal(outcome.billing?.creditsCharged, 200);
      assert.equal(sim.credits(sim.keys.helyxPro), before - 200);
      const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar.prompt, 'A red fox in the snow');
      assert.equal(sidecar.model, 'nano-banana-pro');
      assert.equal(sidecar.provider, 'HelyxAI');
      assert.deepEqual((await readdir(folder)).sort(), ['a-red-fox-in-the-snow-20250102-030405.png', 'a-red-fox-in-the-snow-20250102-030405.png.json']);
    });
  }

  it('saves a HeyToken DALL·E image with size and quality, keeping the revised prompt', async () => {
    const { outcome } = await imagesVia('heytoken', 'dall-e-3');
    const sidecar = JSON.parse(await readFile(`${outcome.images[0]!.path}.json`, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.size, '1024x1024');
    assert.equal(sidecar.quality, 'hd');
    assert.match(String(sidecar.revisedPrompt), /highly detailed/);
  });

  it('reports the charge before downloading, so a download that fails still counts what the gateway charged', async () => {
    sim.injectFault({ path: '/files/', fault: { kind: 'status', status: 404, body: 'gone' } });
    const folder = await prepareFolder(dirs.workspace, 'generated/images');
    const charges: ImageCharge[] = [];
    await assert.rejects(
      generateImagesInto({
        gateway: client('helyx'),
        request: { model: 'nano-banana-pro', prompt: 'A red fox', responseFormat: 'url' },
        folder,
        providerName: 'HelyxAI',
        maxBytes: 1024 * 1024,
        onCharged: (charge) => charges.push(charge),
      }),
      /404/,
    );
    assert.equal(charges.length, 1);
    assert.equal(charges[0]!.images, 1);
    assert.equal(charges[0]!.billing?.creditsCharged, 200);
    assert.deepEqual(await readdir(folder), [], 'a failed download leaves no file behind');
  });

  it('saves the image a chat model answers with', async () => {
    const gateway = client('helyx');
    // The images endpoint answers 404 here, so the client asks the model as a chat.
    sim.injectFault({ path: '/images/generations', fault: { kind: 'status', status: 404, body: { error: { message: 'Not found' } } } });
    const folder = await prepareFolder(dirs.workspace, 'generated/images');
    const outcome = await generateImagesInto({ gateway, request: { model: 'nano-banana-pro', prompt: 'A lighthouse' }, folder, providerName: 'HelyxAI', maxBytes: 10 * 1024 * 1024 });
    assert.equal(outcome.images.length, 1);
    assert.deepEqual((await readFile(outcome.images[0]!.path)).subarray(0, 8), PNG_SIGNATURE);
  });

  it('asks a chat model in a chat and saves the image in its answer, billed per token', async () => {
    const png = gradientPng('chat image');
    sim.scriptReply({ text: `Here you go:\n\n![a lighthouse](data:image/png;base64,${png.toString('base64')})\n`, chunks: 7 });
    const folder = await prepareFolder(dirs.workspace, 'generated/images');
    const outcome = await generateImagesInto({ gateway: client('helyx'), request: { model: 'helyx-3.5', prompt: 'A lighthouse' }, folder, providerName: 'HelyxAI', maxBytes: 1024 * 1024, viaChat: true });
    assert.deepEqual(await readFile(outcome.images[0]!.path), png);
    assert.ok((outcome.billing?.creditsCharged ?? 0) > 0, 'no billing from the chat answer');
    assert.ok(outcome.usage && outcome.usage.totalTokens > 0);
  });

  it('says so when a chat model answers without an image', async () => {
    sim.scriptReply({ text: 'I cannot draw, but here is a poem instead.' });
    const folder = await prepareFolder(dirs.workspace, 'generated/images');
    await assert.rejects(
      generateImagesInto({ gateway: client('helyx'), request: { model: 'helyx-3.5', prompt: 'A lighthouse' }, folder, providerName: 'HelyxAI', maxBytes: 1024 * 1024, viaChat: true }),
      /helyx-3\.5 answered without an image/,
    );
    assert.deepEqual(await readdir(folder), []);
  });

  for (const [provider, model] of [['heytoken', 'sora'], ['helyx', 'vo3']] as const) {
    it(`runs a ${model} video task from submission to an MP4 in the folder`, async () => {
      const clock = new FakeClock(Date.now());
      const gateway = client(provider);
      const runner = makeRunner(dirs, gateway, clock);
      const progress: number[] = [];
      runner.onDidChange((event) => {
        if (event.kind === 'changed' && event.record.progress !== undefined) progress.push(event.record.progress);
      });
      await runner.submit({ provider, model, prompt: 'a paper boat on a river', target: { root: dirs.workspace, folder: 'generated/videos', baseName: 'a-paper-boat-20250102-030405' } });
      await runUntilQuiet(clock, runner);
      const record = runner.list()[0]!;
      assert.equal(record.state, 'done', record.error);
      const bytes = await readFile(record.file!);
      assert.equal(bytes.subarray(4, 8).toString('ascii'), 'ftyp');
      assert.equal(path.basename(record.file!), 'a-paper-boat-20250102-030405.mp4');
      assert.ok(progress.some((p) => p > 0 && p < 100), `no intermediate progress: ${progress.join(', ')}`);
    });
  }

  it("shows a failing task's reason from the gateway", async () => {
    const clock = new FakeClock(Date.now());
    const runner = makeRunner(dirs, client('heytoken'), clock);
    await runner.submit({ provider: 'heytoken', model: 'sora', prompt: 'please fail this one', target: { root: dirs.workspace, folder: 'generated/videos', baseName: 'fail-20250102-030405' } });
    await runUntilQuiet(clock, runner);
    const record = runner.list()[0]!;
    assert.equal(record.state, 'failed');
    assert.match(record.error!, /Content policy violation/);
  });
});
