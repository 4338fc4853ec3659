import assert from 'node:assert/strict';
import { confirmationQuestion, creditsResult, imageInput, needsConfirmation, overBalanceMessage, videoInput } from '../../../src/tools/toolText';

describe('tools/toolText', () => {
  it('asks with the model and the price', () => {
    assert.equal(confirmationQuestion('image', 'Nano Banana Pro', 200), 'Generate an image with Nano Banana Pro for 200 credits?');
    assert.equal(confirmationQuestion('video', 'Vo3', 1000), 'Generate a video with Vo3 for 1,000 credits?');
    assert.equal(confirmationQuestion('video', 'Kling', undefined, 'TBD'), 'Generate a video with Kling (price not published)?');
    assert.equal(confirmationQuestion('image', 'DALL·E 3', undefined, '0.04 $/img'), 'Generate an image with DALL·E 3 at 0.04 $/img?');
  });

  it('always asks by default, and when the price is unknown; not within the user’s threshold', () => {
    assert.equal(needsConfirmation(200, 0), true);
    assert.equal(needsConfirmation(undefined, 1_000_000), true);
    assert.equal(needsConfirmation(200, 200), false);
    assert.equal(needsConfirmation(201, 200), true);
  });

  it('checks what the model sent against the schema', () => {
    assert.deepEqual(imageInput({ prompt: '  a red fox  ', size: '512x512' }), { prompt: 'a red fox', size: '512x512' });
    assert.throws(() => imageInput({}), /"prompt" is required/);
    assert.throws(() => imageInput({ prompt: 'x', size: 'huge' }), /"size" must look like 1024x1024/);
    assert.throws(() => videoInput({ prompt: 'x'.repeat(4001) }), /longer than 4000/);
    assert.throws(() => videoInput({ prompt: 3 }), /must be a string/);
    assert.deepEqual(videoInput({ prompt: 'boat', model: '' }), { prompt: 'boat' });
  });

  it('answers credits with the balance, spend today and the time to the reset', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0);
    const result = creditsResult({ provider: 'HelyxAI', unit: 'credits', balance: 9998.27, balanceAt: now - 1000, spentToday: 1.734, estimated: false, nextResetAt: now + (7 * 60 + 5) * 60_000 }, now);
    assert.deepEqual(result, {
      provider: 'HelyxAI',
      unit: 'credits',
      balance: 9998.27,
      balanceReportedAt: new Date(now - 1000).toISOString(),
      spentToday: 1.73,
      spentTodayEstimated: false,
      resetsAt: new Date(now + (7 * 60 + 5) * 60_000).toISOString(),
      timeToReset: '7 h 5 min',
    });
    const none = creditsResult({ provider: 'HeyToken', unit: 'credits', spentToday: 0, estimated: true }, now);
    assert.equal(none.balance, null);
    assert.equal(none.resetsAt, null);
    assert.match(String(none.balanceNote), /HeyToken has not reported a balance/);
  });

  it('refuses what the balance cannot cover, with both amounts formatted like the rest of the UI', () => {
    assert.equal(overBalanceMessage(1000, 9997.734, 'HelyxAI'), 'This costs 1,000 credits, more than the 9,997.73 left at HelyxAI.');
    assert.equal(overBalanceMessage(200, 0.00042, 'HeyToken'), 'This costs 200 credits, more than the 0.00042 left at HeyToken.');
  });
});
