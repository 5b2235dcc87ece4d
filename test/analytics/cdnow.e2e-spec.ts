/**
 * Published-results check through the product: the CDNOW sample imported with the import
 * library (as `lifeline import --date-format YYYYMMDD --delimiter whitespace`), then the model
 * fitted over HTTP (Fader, Hardie & Lee 2005; Fader & Hardie 2013; figures in the dataset's README).
 */
import { bgNbdLogLikelihood } from '@lifeline/analytics/clv';
import { importTransactions } from '@lifeline/import';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { projectionsCaughtUp } from './analytics-support';

const CDNOW_FILE = join(resolve(__dirname, '../../..'), 'shared/datasets/cdnow/CDNOW_sample.txt');
const present = existsSync(CDNOW_FILE);
const describeWithData = present ? describe : describe.skip;
const title = present ? 'CDNOW published results through import and POST /analytics/clv/model' : 'CDNOW check skipped: ../shared/datasets/cdnow absent';

/** Days of the eight $0.00 rows of CDNOW_sample.txt (sample ids 87, 155, 227, 286, 1080, 1195, 1293, 2086). */
const ZERO_DOLLAR_FIRST_DAYS = ['1997-01-05', '1997-01-07', '1997-01-11', '1997-01-13', '1997-02-10', '1997-02-14', '1997-02-17', '1997-03-16'];

const within = (value: number, published: number, tolerance: number) => expect(Math.abs(value / published - 1)).toBeLessThan(tolerance);

describeWithData(title, () => {
  let api: RunningApi;
  let model: Record<string, any>;

  beforeAll(async () => {
    api = await startApi();
    // Column 2 is the sample id (1..2357), 3 the YYYYMMDD date, 5 the dollar value.
    const report = await importTransactions(
      createReadStream(CDNOW_FILE),
      { customerColumn: 2, dateColumn: 3, amountColumn: 5, dateFormat: 'YYYYMMDD', delimiter: 'whitespace', header: false, currency: 'EUR' },
      api.eventStore,
    );
    // Eight rows are $0.00, each the only purchase of its customer; purchases must be > 0, so
    // import refuses them and those eight one-time buyers never become customers.
    expect({ rows: report.rows, imported: report.imported, rejected: report.rejected.length, newCustomers: report.newCustomers }).toEqual({ rows: 6919, imported: 6911, rejected: 8, newCustomers: 2349 });
    await projectionsCaughtUp(api);
    const res = await api.http().post('/analytics/clv/model').send({ calibrationEnd: '1997-09-30', timeUnit: 'week', horizon: 39, discountRate: 0 }).expect(201);
    model = res.body;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    if (api) removeDataDir(api.config.dataDir);
  });

  it('fits BG/NBD within 1% of r = 0.243, α = 4.414, a = 0.793, b = 2.426 with log-likelihood −9582.4', () => {
    expect(model).toMatchObject({ customers: 2349, repeatCustomers: 946 });
    within(model.bgNbd.r, 0.243, 0.01);
    within(model.bgNbd.alpha, 4.414, 0.01);
    within(model.bgNbd.a, 0.793, 0.01);
    within(model.bgNbd.b, 2.426, 0.01);
    // The published −9582.4 includes the eight $0 one-time buyers import refuses; their terms
    // (x = 0, t_x = 0, T = weeks from their day to the calibration end) at the fitted parameters
    // make up the difference.
    const missing = ZERO_DOLLAR_FIRST_DAYS.map((day) => ({ frequency: 0, recency: 0, age: (Date.parse('1997-09-30') - Date.parse(day)) / (7 * 86_400_000) }));
    const withMissing = model.bgNbd.logLikelihood + bgNbdLogLikelihood(model.bgNbd, missing);
    expect(Math.abs(withMissing - -9582.4)).toBeLessThan(0.1);
    expect(model.bgNbd.logLikelihood).toBeGreaterThan(-9582.4);
  });

  it('fits Gamma-Gamma within 2% of p = 6.25, q = 3.74, γ = 15.44 (γ is stored in cents)', () => {
    within(model.gammaGamma.p, 6.25, 0.02);
    within(model.gammaGamma.q, 3.74, 0.02);
    within(model.gammaGamma.gamma / 100, 15.44, 0.02);
  });

  it("customer 46's 14 calibration rows on 13 days are 12 repeat transaction days (ids keep the file's zero padding)", async () => {
    const res = await api.http().get('/customers/0046/clv').expect(200);
    expect(res.body.prediction).toMatchObject({ frequency: 12 });
    expect(res.body.historical.purchases).toBeGreaterThanOrEqual(14);
  });
});
