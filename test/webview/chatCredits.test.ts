import assert from 'node:assert/strict';
import { creditsLabel, formatCost, formatCountdown, formatCredits } from '../../webview-ui/src/views/creditsFormat';
import { helyxCredits, HOUR } from './chatHarnessFixtures';

describe('credit counter formatting', () => {
  it('uses thousands separators and at most two decimals', () => {
    assert.equal(formatCredits(9998.27, 'en-US'), '9,998.27');
    assert.equal(formatCredits(1234567.891, 'en-US'), '1,234,567.89');
    assert.equal(formatCredits(12.4, 'en-US'), '12.4');
    assert.equal(formatCredits(0, 'en-US'), '0');
  });

  it('keeps tiny charges visible instead of rounding them to zero', () => {
    assert.equal(formatCredits(0.00042, 'en-US'), '0.00042');
    assert.equal(formatCredits(0.4217, 'en-US'), '0.42');
  });

  it('counts down to the daily reset in hours and minutes', () => {
    assert.equal(formatCountdown(3 * HOUR + 12 * 60_000 + 59_000), '3h 12m');
    assert.equal(formatCountdown(45 * 60_000), '45m');
    assert.equal(formatCountdown(26 * HOUR), '1d 2h');
    assert.equal(formatCountdown(30_000), 'under 1m');
  });

  it('names the counter with balance, last reply, today and the reset', () => {
    const now = 1_700_000_000_000;
    assert.equal(
      creditsLabel(helyxCredits(now), now, 'en-US'),
      'Credits: 9,998.27 left · last reply 1.73 · today 12.4 · resets in 3h 12m',
    );
  });

  it('labels spend as an estimate when the gateway reports no balance', () => {
    const now = 1_700_000_000_000;
    const label = creditsLabel(helyxCredits(now, {
      balance: undefined, lastCost: undefined, spentToday: 0.42, estimated: true, nextResetAt: undefined,
    }), now, 'en-US');
    assert.equal(label, 'Credits (estimated): spent today 0.42');
  });

  it('omits a reset that has already passed rather than showing a negative countdown', () => {
    const now = 1_700_000_000_000;
    assert.ok(!creditsLabel(helyxCredits(now, { nextResetAt: now - 1000 }), now, 'en-US').includes('resets'));
  });

  it('marks estimated costs', () => {
    assert.equal(formatCost({ credits: 1.5, estimated: true }, 'credits', 'en-US'), '≈ 1.5 credits');
    assert.equal(formatCost({ credits: 200, estimated: false }, 'credits', 'en-US'), '200 credits');
  });
});
