/**
 * Published-results check on the CDNOW sample (Fader, Hardie & Lee 2005; Fader & Hardie 2013),
 * with the figures listed in ../shared/datasets/cdnow/README.md and reference_values.json.
 */
import { BgNbdFit, fitBgNbd } from './bg-nbd';
import { customerLifetimeValue } from './customer-lifetime-value';
import { fitGammaGamma, gammaGammaConditionalExpectedSpend, GammaGammaFit, gammaGammaLogLikelihood } from './gamma-gamma';
import { RfmSummaryRow, summarizeRfm } from './rfm-summary';
import { cdnowPresent, loadCdnowPublishedSummary, loadCdnowSampleTransactions } from './testing/cdnow';

const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

const describeWithData = cdnowPresent() ? describe : describe.skip;
const title = cdnowPresent() ? 'CDNOW published results' : 'CDNOW check skipped: ../shared/datasets/cdnow not present';

describeWithData(title, () => {
  let summary: RfmSummaryRow[];

  beforeAll(() => {
    summary = summarizeRfm(loadCdnowSampleTransactions(), { calibrationEnd: '1997-09-30', timeUnit: 'weeks' });
  });

  describe('RFM summary of the raw transactions', () => {
    it('has 2357 customers, 2457 repeat transactions and 946 repeat customers', () => {
      expect(summary).toHaveLength(2357);
      expect(summary.reduce((s, row) => s + row.frequency, 0)).toBe(2457);
      expect(summary.filter((row) => row.frequency > 0)).toHaveLength(946);
    });

    it('matches the published per-customer summary (x exactly, t_x, T and zbar within 0.01)', () => {
      const byId = new Map(summary.map((row) => [row.customerId, row]));
      const published = loadCdnowPublishedSummary();
      expect(published).toHaveLength(2357);
      for (const expected of published) {
        const row = byId.get(expected.id)!;
        expect(row).toBeDefined();
        expect(row.frequency).toBe(expected.x);
        expect(Math.abs(row.recency - expected.tx)).toBeLessThanOrEqual(0.0051);
        expect(Math.abs(row.age - expected.T)).toBeLessThanOrEqual(0.0051);
        const zbar = row.meanRepeatSpendMinor === null ? 0 : row.meanRepeatSpendMinor / 100;
        expect(Math.abs(zbar - expected.zbar)).toBeLessThanOrEqual(0.0051);
      }
    });

    it('collapses customer 46’s 14 calibration rows on 13 days to x = 12, zbar = 29.54', () => {
      const row = summary.find((r) => r.customerId === '46')!;
      expect(row.frequency).toBe(12);
      expect(row.meanRepeatSpendMinor! / 100).toBeCloseTo(29.54, 2);
    });
  });

  /** Spend in dollars, as published. */
  const spendOf = (row: RfmSummaryRow) => ({ frequency: row.frequency, meanSpend: row.meanRepeatSpendMinor === null ? null : row.meanRepeatSpendMinor / 100 });

  describe('BG/NBD', () => {
    it('fits within 1% of the published parameters and within 0.1 of the published log-likelihood', () => {
      const fit = fitBgNbd(summary);
      expect(fit.diagnostics.converged).toBe(true);
      for (const key of ['r', 'alpha', 'a', 'b'] as const) {
        expect(Math.abs(fit.params[key] / PAPER[key] - 1)).toBeLessThan(0.01);
      }
      expect(Math.abs(fit.diagnostics.logLikelihood - -9582.4)).toBeLessThan(0.1);
    });
  });

  describe('Gamma-Gamma', () => {
    let fit: GammaGammaFit;
    beforeAll(() => {
      fit = fitGammaGamma(summary.map(spendOf));
    });

    it('fits the 946 repeat customers within 2% of p = 6.25, q = 3.74, γ = 15.44', () => {
      expect(fit.diagnostics.converged).toBe(true);
      expect(fit.diagnostics.customers).toBe(946);
      expect(Math.abs(fit.params.p / 6.25 - 1)).toBeLessThan(0.02);
      expect(Math.abs(fit.params.q / 3.74 - 1)).toBeLessThan(0.02);
      expect(Math.abs(fit.params.gamma / 15.44 - 1)).toBeLessThan(0.02);
    });

    it('reaches the log-likelihood CLVTools reports (-4055.9177)', () => {
      expect(fit.diagnostics.logLikelihood).toBeCloseTo(-4055.9177, 3);
      expect(gammaGammaLogLikelihood({ p: 6.24957, q: 3.74422, gamma: 15.44352 }, summary.map(spendOf))).toBeCloseTo(-4055.9177, 3);
    });

    it('gives the published expected average spend of the first ten repeat customers', () => {
      const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
      // lifetimes' test takes the first ten customers of the summary (repeaters or not) at the fitted parameters.
      const firstTen = summary.slice(0, 10).map((row) => gammaGammaConditionalExpectedSpend(fit.params, spendOf(row)));
      firstTen.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(0.1));
    });
  });

  describe('customer lifetime value', () => {
    let purchase: BgNbdFit;
    let spend: GammaGammaFit;
    beforeAll(() => {
      purchase = fitBgNbd(summary);
      spend = fitGammaGamma(summary.map(spendOf));
    });

    it('matches the lifetimes-style 12-month, 1%-a-month value (4.345 weeks a month) computed independently', () => {
      const horizon = { periods: 12, periodLength: 4.345, discountRatePerPeriod: 0.01 };
      const values = summary.map((row) => customerLifetimeValue(purchase.params, spend.params, { ...row, ...spendOf(row) }, horizon).value);
      const firstFive = [36.274, 4.6409, 8.3445, 8.3445, 8.3445];
      firstFive.forEach((expected, i) => expect(values[i] / expected).toBeCloseTo(1, 3));
      expect(values.reduce((s, v) => s + v, 0) / 71508.0).toBeCloseTo(1, 3);
    });
  });
});
