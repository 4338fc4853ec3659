import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import { chatBody, get, joined, post, readEvents, readSse } from './sim-client';

// fetch reports a TCP RST as an error whose cause has code ECONNRESET; the undici in Node 20 and 22,
// reading a body when the RST arrives, reports it as its socket error ("other side closed") instead.
function isConnectionReset(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNRESET' || (code === 'UND_ERR_SOCKET' && Number(process.versions.node.split('.')[0]) < 24);
}

describe('simulator: fault injection', () => {
  let sim: Simulator;
  let chatUrl: string;
  const streamBody = chatBody('gpt-4o', { stream: true });
  beforeEach(async () => {
    sim = await startSimulator();
    chatUrl = `${sim.heytokenBaseUrl}/chat/completions`;
  });
  afterEach(() => sim.close());

  const documented: [number, string, RegExp][] = [
    [429, 'heytoken', /Too many requests/],
    [500, 'heytoken', /Upstream provider is temporarily down/],
    [503, 'heytoken', /experiencing high traffic/],
    [429, 'helyx', /Rate limited/],
    [500, 'helyx', /Retry in 30s/],
  ];
  for (const [status, gateway, wording] of documented) {
    it(`answers an injected ${status} with ${gateway}'s documented body`, async () => {
      sim.injectFault({ fault: { kind: 'status', status } });
      const url = gateway === 'helyx' ? `${sim.helyxBaseUrl}/chat/completions` : chatUrl;
      const key = gateway === 'helyx' ? sim.keys.helyxPro : sim.keys.heytoken;
      const res = await post(url, key, chatBody(gateway === 'helyx' ? 'helyx-3.5' : 'gpt-4o'));
      assert.equal(res.status, status);
      const body = (await res.json()) as { error: { message: string; type: string; code: string } };
      assert.match(body.error.message, wording);
      assert.equal(typeof body.error.type, 'string');
      if (gateway === 'helyx') assert.equal(body.error.code, String(status));
      assert.equal((await post(url, key, chatBody(gateway === 'helyx' ? 'helyx-3.5' : 'gpt-4o'))).status, 200, 'times defaults to 1');
    });
  }

  it('sends a custom body and Retry-After, and counts `times` down', async () => {
    sim.injectFault({
      fault: { kind: 'status', status: 429, headers: { 'Retry-After': '7' }, body: { error: { message: 'slow down' } } },
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o'));
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.deepEqual(await res.json(), { error: { message: 'slow down' } });
    }
    assert.equal((await post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o'))).status, 200);
  });

  it('applies a fault only to requests whose path matches', async () => {
    sim.injectFault({ fault: { kind: 'status', status: 503 }, path: '/chat/completions' });
    assert.equal((await get(`${sim.heytokenBaseUrl}/models`, sim.keys.heytoken)).status, 200);
    assert.equal((await post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o'))).status, 503);
  });

  it('serves an nginx-style HTML error page', async () => {
    sim.injectFault({ fault: { kind: 'html', status: 502 } });
    const res = await post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o'));
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /<h1>502 Bad Gateway<\/h1>/);
  });

  it('resets the connection before any byte of the response', async () => {
    sim.injectFault({ fault: { kind: 'reset-before-response' } });
    await assert.rejects(post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o')), isConnectionReset);
    assert.equal((await post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o'))).status, 200);
  });

  it('resets the connection after N content chunks of a stream', async () => {
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 3 } });
    const res = await post(chatUrl, sim.keys.heytoken, streamBody);
    assert.equal(res.status, 200);
    const { reader, data } = await readEvents(res, 4);
    assert.equal(data.length, 4, 'the role chunk and three content chunks arrive');
    await assert.rejects(async () => {
      for (;;) if ((await reader.read()).done) break;
    }, isConnectionReset);
  });

  it('stream faults are not used up by non-streaming requests', async () => {
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 0 } });
    assert.equal((await get(`${sim.heytokenBaseUrl}/models`, sim.keys.heytoken)).status, 200);
    assert.equal((await post(chatUrl, sim.keys.heytoken, chatBody('gpt-4o'))).status, 200);
    const res = await post(chatUrl, sim.keys.heytoken, streamBody);
    await assert.rejects(res.text(), isConnectionReset);
  });

  it('answers a streaming request with a plain JSON completion', async () => {
    sim.injectFault({ fault: { kind: 'json-for-stream' } });
    const res = await post(chatUrl, sim.keys.heytoken, streamBody);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as { object: string; choices: { message: { content: string } }[] };
    assert.equal(body.object, 'chat.completion');
    assert.ok(body.choices[0].message.content.length > 0);
  });

  it('sends one malformed chunk after N chunks, then carries on', async () => {
    sim.injectFault({ fault: { kind: 'malformed-chunk', afterChunks: 2 } });
    const { data } = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    assert.equal(data[3], '{not json');
    assert.equal(data.filter((d) => d === '{not json').length, 1);
    assert.equal(data[data.length - 1], '[DONE]');
  });

  it('stalls a stream with the socket open until the simulator closes', async () => {
    sim.injectFault({ fault: { kind: 'stall', afterChunks: 2 } });
    const res = await post(chatUrl, sim.keys.heytoken, streamBody);
    const { reader, data } = await readEvents(res, 3);
    assert.equal(data.length, 3);
    const next = reader.read();
    const outcome = await Promise.race([next.then(() => 'data', () => 'error'), new Promise((r) => setTimeout(r, 300, 'silent'))]);
    assert.equal(outcome, 'silent', 'nothing arrives after the stall');
    await sim.close();
    await assert.rejects(next, 'close() destroys the stalled socket');
  });

  it('splits the body into tiny writes, some inside multi-byte UTF-8 characters, without changing it', async () => {
    const normal = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    sim.injectFault({ fault: { kind: 'byte-split' } });
    const split = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    assert.equal(joined(split.data), joined(normal.data));
    assert.match(joined(split.data), /naïve — but honest ✓/);
    assert.ok(split.reads.length > normal.data.length, `${split.reads.length} reads`);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const cutInsideCharacter = split.reads.some((read) => {
      try {
        strict.decode(read);
        return false;
      } catch {
        return true;
      }
    });
    assert.ok(cutInsideCharacter);
  });

  it('ends SSE lines with CRLF', async () => {
    sim.injectFault({ fault: { kind: 'crlf' } });
    const { raw, data } = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    assert.ok(raw.includes('\r\n\r\n'));
    assert.ok(!/[^\r]\n/.test(raw), 'every LF follows a CR');
    assert.equal(data[data.length - 1], '[DONE]');
    assert.ok(joined(data).length > 0);
  });

  it('interleaves comment lines and a retry field that a conforming parser ignores', async () => {
    const normal = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    sim.injectFault({ fault: { kind: 'sse-extras' } });
    const { raw, data } = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    assert.match(raw, /^: keep-alive$/m);
    assert.match(raw, /^retry: 3000$/m);
    assert.equal(joined(data), joined(normal.data));
  });

  it('combines stream faults of different kinds on one stream', async () => {
    const normal = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    sim.injectFault({ fault: { kind: 'crlf' } });
    sim.injectFault({ fault: { kind: 'byte-split' } });
    sim.injectFault({ fault: { kind: 'sse-extras' } });
    const mixed = await readSse(await post(chatUrl, sim.keys.heytoken, streamBody));
    assert.ok(!/[^\r]\n/.test(mixed.raw), 'CRLF applies');
    assert.match(mixed.raw, /^: keep-alive\r$/m);
    assert.ok(mixed.reads.length > normal.reads.length);
    assert.equal(joined(mixed.data), joined(normal.data));
  });

  it('rejects an unusable fault rule', () => {
    assert.throws(() => sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: -1 } }), /afterChunks/);
    assert.throws(() => sim.injectFault({ fault: { kind: 'nope' } } as never), /unknown fault kind/);
  });
});
