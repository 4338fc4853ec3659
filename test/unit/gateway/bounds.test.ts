// Everything a gateway sends is bounded in size and time: a huge SSE line, a reply without end, a
// huge error body, a huge or endless /models answer, a gateway that never sends headers.
import assert from 'node:assert/strict';
import { GatewayClient } from '../../../src/gateway/client';
import { PROVIDERS } from '../../../src/gateway/providers';
import { startSimulator, type Simulator } from '../../sim/server';
import { ask, collect, heytokenClient, hits, inlineServer, sendJson } from './helpers';

const MiB = 1024 * 1024;

describe('gateway bounds (against the simulator)', function () {
  this.timeout(30_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  it('a 64 MiB SSE line ends the stream with a too-large error, without reading it all', async () => {
    const before = sim.bytesSentByFaults();
    sim.injectFault({ fault: { kind: 'huge-line', bytes: 64 * MiB }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim, { idleTimeoutMs: 5_000 }).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'too-large', result.error?.explanation);
    assert.match(result.error!.explanation, /one stream line/);
    const sent = sim.bytesSentByFaults() - before;
    assert.ok(sent < 40 * MiB, `the client read ${sent} bytes of a 64 MiB line`);
  });

  it('a reply longer than the cap ends with a clear error and keeps the text that came before', async () => {
    const text = 'word '.repeat(200);
    sim.scriptReply({ text, chunks: 40 });
    const result = await collect(heytokenClient(sim, { streamLimits: { replyChars: 300 } }).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'too-large');
    assert.match(result.error!.explanation, /a reply larger than Switchboard accepts \(300 characters\).*kept/);
    assert.ok(result.text.length > 0 && result.text.length <= 300, `kept ${result.text.length} characters`);
    assert.ok(text.startsWith(result.text), 'the kept text is the start of the reply');
  });

  it('an honest long reply is far below the default cap', async () => {
    const text = 'token '.repeat(4096);
    sim.scriptReply({ text, chunks: 200 });
    const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini')));
    assert.equal(result.error, undefined);
    assert.equal(result.text, text);
  });

  it('a 64 MiB error body is read to 64 KB at most, and the error still says what the status means', async () => {
    const before = sim.bytesSentByFaults();
    sim.injectFault({ fault: { kind: 'huge-error-body', status: 500, bytes: 64 * MiB }, path: '/chat/completions' });
    const result = await collect(heytokenClient(sim, { maxRetries: 0 }).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'server');
    const sent = sim.bytesSentByFaults() - before;
    assert.ok(sent < 16 * MiB, `the client read ${sent} bytes of a 64 MiB error body`);
  });

  it('a download whose error body is 64 MiB is read to 64 KB at most', async () => {
    const before = sim.bytesSentByFaults();
    sim.injectFault({ fault: { kind: 'huge-error-body', status: 502, bytes: 64 * MiB }, path: '/files/' });
    await assert.rejects(heytokenClient(sim).download(`${sim.heytokenBaseUrl}/files/nothing.png`), (error: Error & { kind?: string }) => error.kind === 'server');
    const sent = sim.bytesSentByFaults() - before;
    assert.ok(sent < 16 * MiB, `the client read ${sent} bytes of a 64 MiB error body`);
  });

  it('a gateway that never sends headers costs one idle period, not one per retry, and says how long it waited', async () => {
    const before = hits(sim, '/chat/completions');
    sim.injectFault({ fault: { kind: 'headers-never-sent' }, path: '/chat/completions', times: 10 });
    const result = await collect(heytokenClient(sim, { idleTimeoutMs: 800, maxRetries: 3 }).chat(ask('gpt-4o-mini')));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error!.explanation, /sent nothing for 800 ms/);
    assert.equal(hits(sim, '/chat/completions') - before, 1, 'a silent gateway is not asked again');
  });

  it('/models: an answer over the size cap is refused; a list longer than the count cap is cut', async () => {
    const huge = await inlineServer((req, res) => {
      if (req.url?.startsWith('/big/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"data":[${Array.from({ length: 120_000 }, (_, i) => `{"id":"model-${i}-${'x'.repeat(20)}"}`).join(',')}]}`);
      } else {
        sendJson(res, 200, { data: Array.from({ length: 5_000 }, (_, i) => ({ id: `m-${i}` })) });
      }
    });
    try {
      const big = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${huge.url}/big/v1` });
      await assert.rejects(big.listModels(), (error: Error & { kind?: string }) => error.kind === 'too-large');
      const many = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${huge.url}/v1` });
      const models = await many.listModels();
      assert.equal(models.length, 2_000);
    } finally {
      await huge.close();
    }
  });
});
