import assert from 'node:assert/strict';
import { errorFromStatus, protocolError } from '../../../src/gateway/errors';
import { describeFailure } from '../../../src/languageModels/failure';
import { UnsupportedRequestError } from '../../../src/languageModels/requestMessages';

describe('language models: failures as callers see them', () => {
  it('out of credits carries the gateway core\'s explanation and the gateway\'s own words, as Blocked', () => {
    const error = errorFromStatus({ status: 402, gatewayMessage: "You've used all of today's credits.", providerName: 'HelyxAI', dailyReset: true });
    const failure = describeFailure(error);
    assert.equal(failure.code, 'Blocked');
    assert.match(failure.message, /out of HelyxAI credits for today/);
    assert.match(failure.message, /You've used all of today's credits\./);
    assert.ok(!failure.message.includes('\n'), 'one line');
  });

  it('an unknown model is NotFound; a rate limit is Blocked; a server error has no special code', () => {
    assert.equal(describeFailure(errorFromStatus({ status: 404, gatewayMessage: 'Model not found', code: 'model_not_found', model: 'x' })).code, 'NotFound');
    assert.equal(describeFailure(errorFromStatus({ status: 429, retryAfterSeconds: 3 })).code, 'Blocked');
    const server = describeFailure(errorFromStatus({ status: 500, providerName: 'HeyToken' }));
    assert.equal(server.code, undefined);
    assert.match(server.message, /HeyToken had a server error/);
    assert.match(describeFailure(protocolError('malformed JSON in a chunk')).message, /could not read/);
  });

  it('says why a request could not be converted', () => {
    assert.equal(describeFailure(new UnsupportedRequestError('No tools here.')).message, 'No tools here.');
  });

  it('never shows a stack trace or [object Object]', () => {
    const multiLine = new Error('first line\n    at frame (file.ts:1:1)');
    assert.ok(!describeFailure(multiLine).message.includes('\n'));
    assert.equal(describeFailure({ some: 'object' }).message, 'Switchboard could not complete the request.');
    assert.equal(describeFailure(undefined).message, 'Switchboard could not complete the request.');
  });
});
