import assert from 'node:assert/strict';
import { isLocalhost, normalizeBaseUrl, originOf, pathForLog } from '../../../src/gateway/baseUrl';
import { GatewayError } from '../../../src/gateway/errors';

describe('gateway/baseUrl', () => {
  describe('normalizeBaseUrl', () => {
    const cases: [string, Parameters<typeof normalizeBaseUrl>[1], string][] = [
      ['https://api.heytoken.ai/v1', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai/v1/', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai/', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai/v1/v1', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai/v1/v1/', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['api.heytoken.ai/v1', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['  https://api.heytoken.ai/v1//  ', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai/v1/chat/completions', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://api.heytoken.ai/v1?x=1#frag', 'heytoken', 'https://api.heytoken.ai/v1'],
      ['https://helyxai.space/api/v1', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://helyxai.space', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://helyxai.space/', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://helyxai.space/api', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://helyxai.space/v1', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://helyxai.space/api/v1/v1', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://helyxai.space/api/v1/chat/completions', 'helyx', 'https://helyxai.space/api/v1'],
      ['https://openrouter.ai/api/v1', 'custom', 'https://openrouter.ai/api/v1'],
      ['https://openrouter.ai/api', 'custom', 'https://openrouter.ai/api/v1'],
      ['localhost:11434', 'custom', 'http://localhost:11434/v1'],
      ['127.0.0.1:1234/v1', 'custom', 'http://127.0.0.1:1234/v1'],
      ['http://localhost:11434/v1/', 'custom', 'http://localhost:11434/v1'],
      // A path with its own version or shape is the user's choice, left alone.
      ['https://generativelanguage.googleapis.com/v1beta/openai', 'custom', 'https://generativelanguage.googleapis.com/v1beta/openai'],
      ['https://gw.example.com/openai', 'custom', 'https://gw.example.com/openai'],
    ];
    for (const [input, provider, expected] of cases) {
      it(`${JSON.stringify(input)} (${provider}) → ${expected}`, () => {
        assert.equal(normalizeBaseUrl(input, provider), expected);
      });
    }

    it('rejects what is not an http(s) URL with a bad-base-url error', () => {
      for (const bad of ['', '   ', 'ftp://example.com/v1', 'http://', 'file:///etc/passwd']) {
        assert.throws(
          () => normalizeBaseUrl(bad, 'custom'),
          (error: unknown) => error instanceof GatewayError && error.kind === 'bad-base-url' && error.action === 'check-base-url',
          bad,
        );
      }
    });

    it('refuses credentials embedded in the URL and does not echo them', () => {
      assert.throws(
        () => normalizeBaseUrl('https://user:s3cret-pass@example.com/v1', 'custom'),
        (error: unknown) => error instanceof GatewayError && error.kind === 'bad-base-url' && !error.message.includes('s3cret-pass'),
      );
    });
  });

  it('isLocalhost knows loopback hosts and nothing else', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:8080', 'http://[::1]:1234/v1', 'http://app.localhost/v1', 'http://0.0.0.0:1']) {
      assert.equal(isLocalhost(url), true, url);
    }
    for (const url of ['https://api.heytoken.ai/v1', 'http://localhost.example.com', 'http://10.0.0.1', 'not a url']) {
      assert.equal(isLocalhost(url), false, url);
    }
  });

  it('originOf and pathForLog', () => {
    assert.equal(originOf('https://a.example:8443/v1/x'), 'https://a.example:8443');
    assert.equal(originOf('nope'), undefined);
    assert.equal(pathForLog('https://a.example/v1/chat/completions?k=1', 'https://a.example/v1'), '/chat/completions');
    assert.equal(pathForLog('https://cdn.example/f.mp4?sig=abc', 'https://a.example/v1'), 'https://cdn.example/f.mp4');
  });
});
