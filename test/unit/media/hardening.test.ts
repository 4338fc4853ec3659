// Media downloads under the idle timeout (a stalled host fails the download, the video task says
// why, can be retried and frees its lock) and inline images under maxDownloadMB, against the
// simulator through the real gateway client.
import * as assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { GatewayClient } from '../../../src/gateway/client';
import { getPreset } from '../../../src/gateway/providers';
import { prepareFolder } from '../../../src/media/confine';
import { FileDownloadLock } from '../../../src/media/downloadLock';
import { generateImagesInto } from '../../../src/media/imageGeneration';
import { startSimulator, type Simulator } from '../../sim/server';
import { FakeClock } from './fakeClock';
import { makeDirs, makeRunner, runUntilQuiet, type Dirs } from './videoTaskFixtures';

describe('media hardening (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let dirs: Dirs;

  before(async () => {
    sim = await startSimulator({ videoSteps: 1 });
  });
  after(() => sim.close());
  beforeEach(async () => {
    dirs = await makeDirs();
    await mkdir(dirs.workspace, { recursive: true });
  });
  afterEach(async () => {
    sim.clearFaults();
    await dirs.cleanup();
  });

  const heytoken = (idleTimeoutMs = 60_000): GatewayClient =>
    new GatewayClient({ preset: getPreset('heytoken'), baseUrl: sim.heytokenBaseUrl, apiKey: sim.keys.heytoken, maxRetries: 0, idleTimeoutMs });

  it('a download host that sends headers and then nothing fails the download with the idle timeout', async () => {
    sim.injectFault({ fault: { kind: 'stalled-body', afterBytes: 16 }, path: '/files/' });
    const result = await heytoken(600).download(`${sim.heytokenBaseUrl}/files/stalled.mp4`);
    await assert.rejects(new Response(result.body).arrayBuffer(), (error: Error & { kind?: string }) => error.kind === 'timeout' && /sent nothing for 600 ms/.test(error.message));
  });

  it('a download host that never sends headers fails the download with the idle timeout', async () => {
    sim.injectFault({ fault: { kind: 'headers-never-sent' }, path: '/files/' });
    await assert.rejects(heytoken(600).download(`${sim.heytokenBaseUrl}/files/silent.mp4`), (error: Error & { kind?: string }) => error.kind === 'timeout');
  });

  it('a stalled video download fails the task with a reason, releases its lock, and a retry finishes it', async () => {
    const clock = new FakeClock(Date.now());
    const runner = makeRunner(dirs, heytoken(600), clock);
    sim.injectFault({ fault: { kind: 'stalled-body', afterBytes: 16 }, path: '/files/' });
    await runner.submit({ provider: 'heytoken', model: 'sora', prompt: 'a kite over hills', target: { root: dirs.workspace, folder: 'generated/videos', baseName: 'a-kite-20250102-030405' } });
    await runUntilQuiet(clock, runner);
    const failed = runner.list()[0]!;
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /sent nothing for 600 ms/);
    const release = await new FileDownloadLock(dirs.locks).tryAcquire(failed.id);
    assert.ok(release, 'the failed download released its lock');
    await release();
    await runner.retry(failed.id);
    await runUntilQuiet(clock, runner);
    assert.equal(runner.get(failed.id)?.state, 'done', runner.get(failed.id)?.error);
  });

  it('a base64 image counts against maxDownloadMB like a downloaded one', async () => {
    const folder = await prepareFolder(dirs.workspace, 'generated/images');
    const request = { model: 'dall-e-3', prompt: 'A red fox', responseFormat: 'b64_json' as const };
    await assert.rejects(
      generateImagesInto({ gateway: heytoken(), request, folder, providerName: 'HeyToken', maxBytes: 64 }),
      (error: Error & { kind?: string }) => error.kind === 'too-large',
    );
    assert.deepEqual(await readdir(folder), []);
  });
});
