import assert from 'node:assert/strict';
import {
  GatewayError,
  describeErrorText,
  errorFromStatus,
  messageFromErrorBody,
  redact,
  safeUrl,
  timeoutError,
} from '../../../src/gateway/errors';
import type { GatewayAction, GatewayErrorKind } from '../../../src/gateway/types';

describe('gateway/errors', () => {
  describe('errorFromStatus', () => {
    const table: [number, GatewayErrorKind, GatewayAction, boolean][] = [
      [400, 'bad-request', 'fix-request', false],
      [401, 'unauthorized', 'set-key', false],
      [402, 'insufficient-credits', 'wait-or-top-up', false],
      [403, 'plan-required', 'upgrade-plan', false],
      [408, 'timeout', 'retry', true],
      [413, 'too-large', 'fix-request', false],
      [422, 'bad-request', 'fix-request', false],
      [429, 'rate-limited', 'retry', true],
      [500, 'server', 'retry', true],
      [502, 'server', 'retry', true],
      [503, 'overloaded', 'retry', true],
      [504, 'timeout', 'retry', true],
      [418, 'unknown', 'none', false],
    ];
    for (const [status, kind, action, retryable] of table) {
      it(`${status} → ${kind}, ${action}`, () => {
        const error = errorFromStatus({ status, providerName: 'HeyToken' });
        assert.equal(error.kind, kind);
        assert.equal(error.action, action);
        assert.equal(error.retryable, retryable);
        assert.equal(error.status, status);
        assert.ok(error.explanation.length > 10 && !error.explanation.includes('\n'), 'one line for a person');
        assert.ok(!/\[object Object\]|undefined/.test(error.message));
      });
    }

    it('404 about a model asks to pick another model', () => {
      const byCode = errorFromStatus({ status: 404, code: 'invalid_request_error model_not_found', gatewayMessage: 'nope', model: 'gpt-9' });
      assert.equal(byCode.kind, 'model-not-found');
      assert.equal(byCode.action, 'pick-model');
      assert.match(byCode.explanation, /gpt-9/);
      const byWords = errorFromStatus({ status: 404, gatewayMessage: "Model 'gpt-9' not found. Check the model list." });
      assert.equal(byWords.kind, 'model-not-found');
    });

    it('a bare 404 on first contact says the base URL does not look like an OpenAI-compatible API, with the URL', () => {
      const error = errorFromStatus({ status: 404, firstContact: true, url: 'http://127.0.0.1:9/nothing/v1/chat/completions', gatewayMessage: 'The requested model or endpoint does not exist.' });
      assert.equal(error.kind, 'bad-base-url');
      assert.equal(error.action, 'check-base-url');
      assert.match(error.explanation, /does not look like an OpenAI-compatible API/);
      assert.match(error.explanation, /http:\/\/127\.0\.0\.1:9\/nothing\/v1\/chat\/completions/);
    });

    it('a 404 for a path (models endpoint) is not mistaken for an unknown model', () => {
      const error = errorFromStatus({ status: 404, gatewayMessage: 'Not found: GET /api/v1/models is not part of the HelyxAI API.', code: 'not_found 404' });
      assert.equal(error.kind, 'not-found');
    });

    it('402 mentions the daily reset for a provider that has one, top-up otherwise', () => {
      assert.match(errorFromStatus({ status: 402, dailyReset: true, providerName: 'HelyxAI' }).explanation, /daily reset/);
      assert.match(errorFromStatus({ status: 402, providerName: 'HeyToken' }).explanation, /top up/);
    });

    it('a 429 that is really a quota problem is insufficient-credits', () => {
      const error = errorFromStatus({ status: 429, code: 'insufficient_quota', gatewayMessage: 'You exceeded your current quota' });
      assert.equal(error.kind, 'insufficient-credits');
    });

    it('a 403 about the key is unauthorized, not a plan problem', () => {
      assert.equal(errorFromStatus({ status: 403, gatewayMessage: 'This API key is disabled.' }).kind, 'unauthorized');
      assert.equal(errorFromStatus({ status: 403, gatewayMessage: 'claude-4.7 requires a Plus plan or higher.' }).kind, 'plan-required');
    });

    it('429 with Retry-After says how long to wait', () => {
      const error = errorFromStatus({ status: 429, retryAfterSeconds: 7 });
      assert.equal(error.retryAfterSeconds, 7);
      assert.match(error.explanation, /7 s/);
    });
  });

  describe('gateway messages from bodies', () => {
    it('reads {error:{message}}, {error:"…"}, {message}, {detail}', () => {
      assert.equal(messageFromErrorBody({ error: { message: "You've used all of today's credits.", type: 'insufficient_quota', code: '402' } }), "You've used all of today's credits.");
      assert.equal(messageFromErrorBody({ error: 'Bad key' }), 'Bad key');
      assert.equal(messageFromErrorBody({ message: 'Plain' }), 'Plain');
      assert.equal(messageFromErrorBody({ detail: 'Detail text' }), 'Detail text');
      assert.equal(messageFromErrorBody({ error: { code: 500 } }), undefined);
    });

    it('turns an HTML error page into a short status text', () => {
      const page = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
      const { message } = describeErrorText(502, page);
      assert.equal(message, '502 Bad Gateway');
    });

    it('keeps plain text to one short line', () => {
      const { message } = describeErrorText(500, `upstream\nexploded ${'x'.repeat(1000)}`);
      assert.ok(message && !message.includes('\n') && message.length <= 300);
    });
  });

  describe('redaction', () => {
    it('removes the given key and anything shaped like a key', () => {
      const text = 'failed with hx-demo-pro-7Qm2vX9kLp4RtW8sNc3Y and sk-ht-abcdef123456 Authorization: Bearer abcdefghijkl https://x.example/v1?api_key=zzz&ok=1';
      const out = redact(text, 'hx-demo-pro-7Qm2vX9kLp4RtW8sNc3Y');
      for (const secret of ['7Qm2vX9kLp4RtW8sNc3Y', 'sk-ht-abcdef123456', 'abcdefghijkl', 'zzz']) assert.ok(!out.includes(secret), secret);
      assert.match(out, /ok=1/);
    });

    it('safeUrl drops user info and key query values', () => {
      const shown = safeUrl('https://me:pw@cdn.example/v.mp4?token=abc123&x=1');
      assert.ok(shown && !shown.includes('pw@') && !shown.includes('abc123'));
    });
  });

  it('GatewayError serializes without a stack', () => {
    const error = timeoutError('idle', 1500, 'http://127.0.0.1/v1/chat/completions');
    const json = JSON.stringify(error);
    assert.ok(!json.includes('stack') && !json.includes('    at '));
    assert.equal(JSON.parse(json).kind, 'timeout');
    assert.match(error.explanation, /1\.5 s/);
    assert.ok(error instanceof GatewayError && error instanceof Error);
  });
});
