// Holes found in review, closed: what reaches the gateway (only Switchboard's headers), base URL
// rules (https for remote hosts, root-mounted gateways), in-band errors with text codes, Custom
// gateways without /models, and which image links from a model's answer are fetched.
import assert from 'node:assert/strict';
import { normalizeBaseUrl } from '../../../src/gateway/baseUrl';
import { GatewayClient } from '../../../src/gateway/client';
import { mayFetchImageLink } from '../../../src/gateway/imageLinks';
import { PROVIDERS } from '../../../src/gateway/providers';
import { startSimulator, type Simulator } from '../../sim/server';
import { ask, collect, heytokenClient, hits, inlineServer, sendJson } from './helpers';

describe('gateway hardening (against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  describe('headers', () => {
    const saved = process.env.OPENAI_CUSTOM_HEADERS;
    afterEach(() => {
      if (saved === undefined) delete process.env.OPENAI_CUSTOM_HEADERS;
      else process.env.OPENAI_CUSTOM_HEADERS = saved;
    });

    it('OPENAI_CUSTOM_HEADERS never reaches the gateway: not another credential, not any other header', async () => {
      process.env.OPENAI_CUSTOM_HEADERS = 'Authorization: Bearer sk-other-service-credential\nX-Leaked: yes\nCookie: session=1';
      const client = heytokenClient(sim);
      const result = await collect(client.chat(ask('gpt-4o-mini')));
      assert.equal(result.error, undefined, result.error?.explanation);
      await client.listModels({ refresh: true });
      for (const request of sim.requests.slice(-2)) {
        assert.equal(request.headers.authorization, `Bearer ${sim.keys.heytoken}`);
        assert.equal(request.headers['x-leaked'], undefined);
        assert.equal(request.headers.cookie, undefined);
      }
    });

    it('without a key (a local server) no Authorization goes out, even from the environment', async () => {
      process.env.OPENAI_CUSTOM_HEADERS = 'Authorization: Bearer sk-other-service-credential';
      const server = await inlineServer((_req, res) => sendJson(res, 200, { data: [{ id: 'llama3' }] }));
      try {
        await new GatewayClient({ preset: PROVIDERS.custom, baseUrl: server.url.replace('127.0.0.1', 'localhost') }).listModels();
        assert.equal(server.requests[0]?.headers.authorization, undefined);
      } finally {
        await server.close();
      }
    });
  });

  describe('base URLs', () => {
    it('a bare public IP gets https; only loopback gets plain http; [::1] is loopback', () => {
      assert.equal(normalizeBaseUrl('203.0.113.5:8000', 'custom'), 'https://203.0.113.5:8000/v1');
      assert.equal(normalizeBaseUrl('10.0.0.2:8000', 'custom'), 'https://10.0.0.2:8000/v1');
      assert.equal(normalizeBaseUrl('[::1]:8080', 'custom'), 'http://[::1]:8080/v1');
      assert.equal(normalizeBaseUrl('127.0.0.1:8080', 'custom'), 'http://127.0.0.1:8080/v1');
    });

    it('a pasted root endpoint configures a root-mounted gateway (no /v1 added)', () => {
      assert.equal(normalizeBaseUrl('http://127.0.0.1:8080/chat/completions', 'custom'), 'http://127.0.0.1:8080');
      assert.equal(normalizeBaseUrl('https://gw.example/openai/chat/completions', 'custom'), 'https://gw.example/openai');
      assert.equal(normalizeBaseUrl('https://api.heytoken.ai/v1/chat/completions', 'heytoken'), 'https://api.heytoken.ai/v1');
      assert.equal(normalizeBaseUrl('http://127.0.0.1:8080', 'custom'), 'http://127.0.0.1:8080/v1');
    });

    it('a root-mounted gateway is asked at the root', async () => {
      const before = sim.requests.length;
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: `${sim.url}/chat/completions`, apiKey: sim.keys.heytoken });
      const result = await collect(client.chat(ask('gpt-4o-mini')));
      assert.equal(result.error, undefined, result.error?.explanation);
      assert.deepEqual(sim.requests.slice(before).map((r) => r.path), ['/chat/completions']);
    });
  });

  describe('in-band errors with text codes', () => {
    const cases = [
      [{ code: 'invalid_api_key' }, 'unauthorized'],
      [{ type: 'insufficient_quota' }, 'insufficient-credits'],
      [{ code: 'rate_limit_exceeded' }, 'rate-limited'],
      [{ code: 'context_length_exceeded', type: 'invalid_request_error' }, 'bad-request'],
      [{ code: 'model_not_found' }, 'model-not-found'],
    ] as const;
    for (const [fields, kind] of cases) {
      it(`${JSON.stringify(fields)} in a 200 stream is "${kind}", not a retryable 500; the text before it is kept`, async () => {
        const before = hits(sim, '/chat/completions');
        sim.injectFault({ fault: { kind: 'in-band-error', afterChunks: 2, ...fields }, path: '/chat/completions' });
        const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini')));
        assert.equal(result.error?.kind, kind, result.error?.explanation);
        assert.notEqual(result.error?.status, 500);
        assert.ok(result.text.length > 0, 'the text before the error is kept');
        assert.equal(hits(sim, '/chat/completions') - before, 1);
      });
    }

    it('an in-band error with words nobody knows is not made into a retryable server error', async () => {
      sim.injectFault({ fault: { kind: 'in-band-error', afterChunks: 0, code: 'E_WOBBLY' }, path: '/chat/completions' });
      const result = await collect(heytokenClient(sim).chat(ask('gpt-4o-mini')));
      assert.equal(result.error?.retryable, false);
      assert.notEqual(result.error?.kind, 'server');
      assert.match(result.error!.gatewayMessage ?? '', /refused this request/);
    });
  });

  describe('a Custom gateway without /models', () => {
    it('is not a wrong base URL while chat works there: the list falls back to the configured models', async () => {
      sim.injectFault({ fault: { kind: 'status', status: 404 }, path: '/models', times: 5 });
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: sim.heytokenBaseUrl, apiKey: sim.keys.heytoken });
      const models = await client.listModels({ fallbackIds: ['gpt-4o-mini', 'my-typed-model', 'gpt-4o-mini'] });
      assert.deepEqual(models.map((m) => [m.id, m.kind]), [['gpt-4o-mini', 'chat'], ['my-typed-model', 'chat']]);
      const result = await collect(client.chat(ask('gpt-4o-mini')));
      assert.equal(result.error, undefined);
    });
  });

  describe('image links in a chat model\'s answer', () => {
    it('are fetched only from public http(s) hosts, unless the gateway itself is local', () => {
      for (const url of ['http://127.0.0.1/a.png', 'http://localhost:9/a.png', 'http://10.1.2.3/a.png', 'http://192.168.0.4/a.png', 'http://172.20.0.1/a.png', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/a.png', 'http://[fd00::1]/a.png', 'http://printer/a.png', 'file:///etc/passwd', 'ftp://example.com/a.png']) {
        assert.equal(mayFetchImageLink(url, false), false, url);
      }
      for (const url of ['https://cdn.example.com/a.png', 'http://203.0.113.9/a.png']) assert.equal(mayFetchImageLink(url, false), true, url);
      assert.equal(mayFetchImageLink('http://127.0.0.1/a.png', true), true);
      assert.equal(mayFetchImageLink('file:///etc/passwd', true), false);
    });

    it('a remote gateway\'s answer linking to loopback and to many images: none of the private ones, at most n', async () => {
      const links = ['http://127.0.0.1:1/secret.png', 'http://10.0.0.1/x.png', ...Array.from({ length: 5 }, (_, i) => `https://cdn.example.com/${i}.png`)];
      const server = await inlineServer((_req, res) =>
        sendJson(res, 200, { choices: [{ index: 0, message: { role: 'assistant', content: links.map((l) => `![i](${l})`).join('\n') }, finish_reason: 'stop' }] }),
      );
      try {
        // A gateway that is not on this machine, reached through the loopback server.
        const routed: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://gateway.example', server.url), init);
        const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: 'https://gateway.example/v1', apiKey: 'sk-test', fetch: routed });
        const result = await client.imageViaChat({ model: 'img', prompt: 'two foxes', n: 2 });
        assert.deepEqual(result.images.map((i) => (i.kind === 'url' ? i.url : 'b64')), ['https://cdn.example.com/0.png', 'https://cdn.example.com/1.png']);
      } finally {
        await server.close();
      }
    });

    it('/images/generations: no more images than n, whatever the gateway sends', async () => {
      const server = await inlineServer((_req, res) => sendJson(res, 200, { data: Array.from({ length: 6 }, (_, i) => ({ url: `https://cdn.example.com/${i}.png` })) }));
      try {
        const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: server.url.replace('127.0.0.1', 'localhost'), maxRetries: 0 });
        const result = await client.generateImage({ model: 'dall-e-3', prompt: 'a fox', n: 2 });
        assert.equal(result.images.length, 2);
      } finally {
        await server.close();
      }
    });
  });
});

describe('downloads from a remote gateway never reach into a private network', function () {
  this.timeout(20_000);

  it('a link, or a redirect, to loopback or a private address is refused; a public one is fetched', async () => {
    const inside = await inlineServer((_req, res) => sendJson(res, 200, { secret: true }));
    const cdn = await inlineServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `${inside.url}/latest/meta-data` });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from('89504e470d0a1a0a', 'hex'));
      }
    });
    try {
      // Public names, reached through the loopback servers.
      const routed: typeof fetch = (input, init) =>
        fetch(String(input instanceof Request ? input.url : input).replace('https://cdn.example', cdn.url), init);
      const client = new GatewayClient({ preset: PROVIDERS.custom, baseUrl: 'https://gateway.example/v1', apiKey: 'sk-test', fetch: routed, maxRetries: 0 });
      const ok = await client.download('https://cdn.example/a.png');
      assert.equal(ok.contentType, 'image/png');
      await ok.body.cancel();
      await assert.rejects(client.download(`${inside.url}/secret.png`), (error: Error & { kind?: string }) => error.kind === 'bad-request' && /private network/.test(error.message));
      await assert.rejects(client.download('https://cdn.example/redirect'), (error: Error & { kind?: string }) => error.kind === 'bad-request' && /private network/.test(error.message));
      assert.equal(inside.requests.length, 0, 'nothing reached the private address');
    } finally {
      await inside.close();
      await cdn.close();
    }
  });
});
