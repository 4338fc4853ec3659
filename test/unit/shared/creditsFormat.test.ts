import assert from 'node:assert/strict';
import { estimateLabel, formatCredits as hostCredits } from '../../../src/gateway/creditsText';
import { formatCredits } from '../../../src/shared/creditsFormat';
import { formatCost, formatCredits as webviewCredits } from '../../../webview-ui/src/views/creditsFormat';

describe('shared/creditsFormat: one rule for every credit amount', () => {
  it('puts in thousands separators', () => {
    assert.equal(formatCredits(1000, 'en-US'), '1,000');
    assert.equal(formatCredits(9998.27, 'en-US'), '9,998.27');
    assert.equal(formatCredits(1234567.891, 'en-US'), '1,234,567.89');
    assert.equal(formatCredits(-1234.5, 'en-US'), '-1,234.5');
    assert.equal(formatCredits(9998.27, 'de-DE'), '9.998,27', 'the separators are the locale’s');
  });

  it('shows at most two decimals, and none that are zero', () => {
    assert.equal(formatCredits(12.4, 'en-US'), '12.4');
    assert.equal(formatCredits(200, 'en-US'), '200');
    assert.equal(formatCredits(1.5, 'en-US'), '1.5');
    assert.equal(formatCredits(0, 'en-US'), '0');
  });

  it('keeps two significant digits under one credit, so a small charge never reads as zero', () => {
    assert.equal(formatCredits(0.00042, 'en-US'), '0.00042');
    assert.equal(formatCredits(0.4217, 'en-US'), '0.42');
    assert.equal(formatCredits(0.05, 'en-US'), '0.05');
    assert.equal(formatCredits(-0.5, 'en-US'), '-0.5');
  });

  it('rounds half away from zero on the number as written, not on its binary value', () => {
    assert.equal(formatCredits(2.675, 'en-US'), '2.68', 'toFixed would say 2.67');
    assert.equal(formatCredits(1.005, 'en-US'), '1.01');
    assert.equal(formatCredits(1234.565, 'en-US'), '1,234.57');
    assert.equal(formatCredits(0.000425, 'en-US'), '0.00043');
    assert.equal(formatCredits(0.0004249, 'en-US'), '0.00042');
    assert.equal(formatCredits(9.999, 'en-US'), '10');
    assert.equal(formatCredits(0.999, 'en-US'), '1');
    assert.equal(formatCredits(999999.995, 'en-US'), '1,000,000');
    assert.equal(formatCredits(0.1 + 0.2, 'en-US'), '0.3');
  });

  it('is the same function on the host and in the webview (same number, same text)', () => {
    for (const n of [0, 0.00042, 0.4217, 1.73, 2.675, 12.4, 200, 9998.27, 1234567.891]) {
      assert.equal(hostCredits(n), formatCredits(n, 'en-US'), `host text for ${n}`);
      assert.equal(webviewCredits(n, 'en-US'), hostCredits(n), `webview text for ${n}`);
    }
    assert.equal(webviewCredits, formatCredits, 'the webview re-exports the shared formatter, not a copy');
    assert.equal(formatCost({ credits: 0.00042, estimated: true }, 'credits', 'en-US'), '≈ 0.00042 credits');
  });

  it('the host’s estimate label uses the same rule (a cheap message is not “≈ 0–0 credits”)', () => {
    assert.equal(estimateLabel({ promptTokens: 12, minCredits: 0.00042, maxCredits: 0.0162 }), '≈ 0.00042–0.016 credits');
    assert.equal(estimateLabel({ promptTokens: 1200, minCredits: 12.345, maxCredits: 20000 }), '≈ 12.35–20,000 credits');
    assert.equal(estimateLabel({ promptTokens: 1200 }), '≈ 1,200 prompt tokens');
  });
});
