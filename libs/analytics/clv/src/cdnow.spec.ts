/**
 * Published-results check on the CDNOW sample (Fader, Hardie & Lee 2005; Fader & Hardie 2013),
 * with the figures listed in ../shared/datasets/cdnow/README.md and reference_values.json.
 */
import { fitBgNbd } from './bg-nbd';
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
});
