/**
 * Predicted lifetime value through the real API: refusals before a model exists and when the
 * data cannot support one, then a fit on a seeded demo population checked against the library
 * run on the purchases read straight from the event log.
 */
import { customerLifetimeValue, fitBgNbd, fitGammaGamma, summarizeRfm } from '@lifeline/analytics/clv';
import { importTransactions } from '@lifeline/import';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { servedAnswerSchema } from '../support/served-answer-schema';
import { lifecyclesFromEvents, projectionsCaughtUp, simulatedPurchasesCsv } from './analytics-support';

const MODEL = { calibrationEnd: '2025-03-31', timeUnit: 'week', horizon: 26, annualDiscountRate: 0.1 };

describe('predicted lifetime value over HTTP', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  describe('before a model can be fitted', () => {
    it('GET /analytics/clv/model is 404, GET /analytics/clv and a known customer\'s clv are 409, an unknown customer is 404', async () => {
      await api.http().post('/customers').send(acquisition('lonely', { occurredAt: '2025-01-01T00:00:00Z' })).expect(201);
      await api.http().post('/customers/lonely/purchases').send({ amount: '12.00', currency: 'EUR', occurredAt: '2025-01-02T00:00:00Z' }).expect(201);
      await projectionsCaughtUp(api);
      const model = await api.http().get('/analytics/clv/model').expect(404);
      expect(model.headers['content-type']).toMatch(/problem\+json/);
      expect(model.body.detail).toMatch(/no lifetime-value model has been fitted yet/);
      const distribution = await api.http().get('/analytics/clv').expect(409);
      expect(distribution.body.type).toBe('/problems/clv-model-not-fitted');
      expect((await api.http().get('/customers/lonely/clv').expect(409)).body.type).toBe('/problems/clv-model-not-fitted');
      expect((await api.http().get('/customers/nobody/clv').expect(404)).body.detail).toBe('no customer nobody');
    });

    it('POST /analytics/clv/model with too few repeat customers is a 422 problem and stores nothing', async () => {
      const res = await api.http().post('/analytics/clv/model').send(MODEL).expect(422);
      expect(res.body).toMatchObject({ type: '/problems/clv-model-not-fittable', status: 422 });
      expect(res.body.detail).toMatch(/1 customers bought by 2025-03-31, 0 of them more than once; fitting needs at least 10 repeat customers/);
      await api.http().get('/analytics/clv/model').expect(404);
    });

    it.each([
      [{ ...MODEL, calibrationEnd: '2025-02-30' }, 'calibrationEnd'],
      [{ ...MODEL, timeUnit: 'year' }, 'timeUnit'],
      [{ ...MODEL, horizon: 0 }, 'horizon'],
      [{ ...MODEL, horizon: 2.5 }, 'horizon'],
      [{ ...MODEL, horizon: '26' }, 'horizon'],
      [{ ...MODEL, discountRate: 0.01 }, 'discountRate'],
      [{ ...MODEL, annualDiscountRate: -0.1 }, 'annualDiscountRate'],
      [{ ...MODEL, extra: true }, 'extra'],
    ])('a body like %j is a 400 naming %s', async (body, field) => {
      const res = await api.http().post('/analytics/clv/model').send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('fitted on a seeded population', () => {
    let fitted: Record<string, any>;

    beforeAll(async () => {
      const report = await importTransactions(
        simulatedPurchasesCsv(120),
        { customerColumn: 1, dateColumn: 2, amountColumn: 3, dateFormat: 'YYYY-MM-DD', delimiter: ',', header: false, currency: 'EUR' },
        api.eventStore,
      );
      expect(report.rejected).toEqual([]);
      // sim-1 and sim-2 churn after their last purchase; sim-3 churns and comes back.
      await api.http().post('/customers/sim-1/churn').send({ reason: 'price', occurredAt: '2025-07-01T00:00:00Z' }).expect(201);
      await api.http().post('/customers/sim-2/churn').send({ reason: 'competitor', occurredAt: '2025-07-01T00:00:00Z' }).expect(201);
      await api.http().post('/customers/sim-3/churn').send({ reason: 'price', occurredAt: '2025-07-01T00:00:00Z' }).expect(201);
      await api.http().post('/customers/sim-3/reactivation').send({ occurredAt: '2025-07-02T00:00:00Z' }).expect(201);
      await projectionsCaughtUp(api);
      const res = await api.http().post('/analytics/clv/model').send(MODEL);
      expect([res.status, res.body.detail]).toEqual([201, undefined]);
      fitted = res.body;
    }, 60_000);

    it('stores and answers the same parameters the library fits to the event log’s purchases', async () => {
      const customers = (await lifecyclesFromEvents(api)).map((c) => ({ customerId: c.customerId, transactions: c.purchases }));
      const summary = summarizeRfm(customers, { calibrationEnd: MODEL.calibrationEnd, timeUnit: 'weeks' });
      const purchase = fitBgNbd(summary);
      const spend = fitGammaGamma(summary.map((r) => ({ frequency: r.frequency, meanSpend: r.meanRepeatSpendMinor })));
      expect(fitted).toMatchObject({ customers: summary.length, repeatCustomers: summary.filter((r) => r.frequency > 0).length, currency: 'EUR', timeUnit: 'week', horizon: 26 });
      for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(fitted.bgNbd[key]).toBeCloseTo(purchase.params[key], 8);
      expect(fitted.bgNbd.logLikelihood).toBeCloseTo(purchase.diagnostics.logLikelihood, 6);
      for (const key of ['p', 'q', 'gamma'] as const) expect(fitted.gammaGamma[key]).toBeCloseTo(spend.params[key], 6);
      expect(fitted.discountRatePerUnit).toBeCloseTo(1.1 ** (7 / 365.25) - 1, 12);
      expect(typeof fitted.fitTimeMs).toBe('number');
      expect((await api.http().get('/analytics/clv/model').expect(200)).body).toEqual(fitted);
      expect((await servedAnswerSchema(api, 'post', '/analytics/clv/model'))(fitted)).toEqual([]);
      expect((await servedAnswerSchema(api, 'get', '/analytics/clv/model'))(fitted)).toEqual([]);

      // One customer's prediction equals customerLifetimeValue with weekly steps.
      const row = summary.find((r) => r.frequency >= 2)!;
      const expected = customerLifetimeValue(purchase.params, spend.params, { ...row, meanSpend: row.meanRepeatSpendMinor }, {
        periods: 26,
        periodLength: 1,
        discountRatePerPeriod: fitted.discountRatePerUnit,
      });
      const res = await api.http().get(`/customers/${row.customerId}/clv`).expect(200);
      expect(res.body.prediction.clvMinor / expected.value).toBeCloseTo(1, 6);
      expect(res.body.prediction.expectedPurchases).toBeCloseTo(expected.expectedPurchases, 6);
      expect(res.body.prediction.expectedSpendPerPurchaseMinor).toBeCloseTo(expected.expectedSpendPerPurchase, 4);
      expect(res.body.prediction.probabilityAlive).toBeGreaterThan(0);
      const profile = (await lifecyclesFromEvents(api)).find((c) => c.customerId === row.customerId)!;
      const revenueMinor = profile.purchases.reduce((s, p) => s + p.amountMinor, 0);
      expect(res.body.historical).toEqual({ purchases: profile.purchases.length, revenueMinor, revenueAmount: (revenueMinor / 100).toFixed(2) });
      expect((await servedAnswerSchema(api, 'get', '/customers/{customerId}/clv'))(res.body)).toEqual([]);
    });

    it('a recorded churn without a later reactivation overrides BG/NBD: P(alive) 0, CLV 0, counted in the model and the distribution', async () => {
      const scored = new Set((await lifecyclesFromEvents(api)).filter((c) => c.purchases.some((p) => p.day <= MODEL.calibrationEnd)).map((c) => c.customerId));
      expect(['sim-1', 'sim-2', 'sim-3'].every((id) => scored.has(id))).toBe(true);
      expect(fitted.zeroedByRecordedChurn).toBe(2);
      for (const id of ['sim-1', 'sim-2']) {
        const res = await api.http().get(`/customers/${id}/clv`).expect(200);
        expect(res.body.prediction).toMatchObject({ probabilityAlive: 0, expectedPurchases: 0, clvMinor: 0, recordedChurnAt: '2025-07-01T00:00:00.000Z' });
        expect(res.body.noPrediction).toBeNull();
        expect((await servedAnswerSchema(api, 'get', '/customers/{customerId}/clv'))(res.body)).toEqual([]);
      }
      const back = await api.http().get('/customers/sim-3/clv').expect(200);
      expect(back.body.prediction.recordedChurnAt).toBeNull();
      expect(back.body.prediction.probabilityAlive).toBeGreaterThan(0);
      expect(back.body.prediction.clvMinor).toBeGreaterThan(0);
      expect((await api.http().get('/analytics/clv').expect(200)).body.zeroedByRecordedChurn).toBe(2);
    });

    it('answers a null prediction with the reason: acquired after the calibration end, or after the fit', async () => {
      await api.http().post('/customers').send(acquisition('late', { occurredAt: '2025-05-01T00:00:00Z' })).expect(201);
      await api.http().post('/customers').send(acquisition('new-today', { occurredAt: new Date().toISOString() })).expect(201);
      await projectionsCaughtUp(api);
      const res = await api.http().get('/customers/late/clv').expect(200);
      expect(res.body).toMatchObject({ customerId: 'late', prediction: null, historical: { purchases: 0, revenueMinor: 0, revenueAmount: '0.00' }, calibrationEnd: '2025-03-31' });
      expect(res.body.noPrediction).toEqual({ reason: 'acquired_after_calibration_end', detail: "acquired after the model's calibration end (2025-03-31)" });
      const fresh = await api.http().get('/customers/new-today/clv').expect(200);
      expect(fresh.body.noPrediction.reason).toBe('acquired_after_fit');
      const check = await servedAnswerSchema(api, 'get', '/customers/{customerId}/clv');
      expect([check(res.body), check(fresh.body)]).toEqual([[], []]);
    });

    it('GET /analytics/clv: deciles partition every scored customer, top is sorted, segments add up', async () => {
      const res = await api.http().get('/analytics/clv').query({ top: '5' }).expect(200);
      const { overall, deciles, bySegment, top } = res.body;
      expect(overall.customers).toBe(fitted.customers);
      expect(deciles).toHaveLength(10);
      expect(deciles.reduce((s: number, d: { customers: number }) => s + d.customers, 0)).toBe(overall.customers);
      expect(deciles.reduce((s: number, d: { totalClvMinor: number }) => s + d.totalClvMinor, 0)).toBeCloseTo(overall.totalClvMinor, 3);
      for (let i = 1; i < 10; i++) expect(deciles[i].maxClvMinor).toBeLessThanOrEqual(deciles[i - 1].minClvMinor);
      expect(top).toHaveLength(5);
      expect(top[0].clvMinor).toBe(deciles[0].maxClvMinor);
      expect(bySegment.reduce((s: number, g: { customers: number }) => s + g.customers, 0)).toBe(overall.customers);
      const one = bySegment[0];
      const segment = await api.http().get('/analytics/clv').query({ segment: one.segment }).expect(200);
      expect(segment.body.overall.customers).toBe(one.customers);
      expect(segment.body.overall.totalClvMinor).toBeCloseTo(one.totalClvMinor, 3);
      const check = await servedAnswerSchema(api, 'get', '/analytics/clv');
      expect([check(res.body), check(segment.body)]).toEqual([[], []]);
      await api.http().get('/analytics/clv').query({ top: '0' }).expect(400);
      await api.http().get('/analytics/clv').query({ top: 'many' }).expect(400);
    });

    it('a later fit becomes the latest model; a customer no longer scored disappears from customer-clv', async () => {
      const earlier = await api.http().post('/analytics/clv/model').send({ ...MODEL, calibrationEnd: '2025-02-10', horizon: 4, discountRate: 0, annualDiscountRate: undefined }).expect(201);
      expect(earlier.body.customers).toBeLessThan(fitted.customers);
      const latest = await api.http().get('/analytics/clv/model').expect(200);
      expect(latest.body.modelId).toBe(earlier.body.modelId);
      const all = await api.http().get('/analytics/clv').expect(200);
      expect(all.body.overall.customers).toBe(earlier.body.customers);
    });
  });
});
