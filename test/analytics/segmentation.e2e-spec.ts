/** GET /analytics/rfm and /analytics/abc through the real API on a hand-made population. */
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { servedAnswerSchema } from '../support/served-answer-schema';
import { projectionsCaughtUp } from './analytics-support';

describe('RFM and ABC segmentation over HTTP', () => {
  let api: RunningApi;
  const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString();
  const ASOF = day(100);

  beforeAll(async () => {
    api = await startApi();
    const post = async (path: string, body: object) => {
      const res = await api.http().post(path).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    // The same five customers as libs/analytics/segmentation's hand-computed case (amounts in EUR).
    const plan: [string, number[], string, Record<string, unknown>][] = [
      ['a', [1, 50, 90, 95, 99], '100.00', { accountManager: 'j.doe', keyAccount: true }],
      ['b', [10, 80, 90, 97], '10.00', {}],
      ['c', [20, 60, 70], '200.00', {}],
      ['d', [5, 30], '5.00', {}],
      ['e', [95], '30.00', { segment: 'smb' }],
    ];
    for (const [id, days, amount, extra] of plan) {
      await post('/customers', acquisition(id, { occurredAt: day(0), ...extra }));
      for (const [i, d] of days.entries()) await post(`/customers/${id}/purchases`, { orderId: `${id}-${i}`, amount, currency: 'EUR', occurredAt: new Date(Date.parse(day(d)) + 3_600_000).toISOString() });
    }
    await projectionsCaughtUp(api);
  }, 60_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('RFM: segment sizes and revenue shares, members of one segment, transitions since an earlier date', async () => {
    const { body } = await api.http().get('/analytics/rfm').query({ asOf: ASOF, segment: 'champions', from: day(40) }).expect(200);
    // Revenue: a 500, b 40, c 600, d 10, e 30 (EUR) of 1180.
    const bySegment = Object.fromEntries(body.segments.map((s: any) => [s.segment, [s.customers, s.revenueMinor, s.revenueAmount]]));
    expect(bySegment).toMatchObject({
      champions: [1, 50_000, '500.00'],
      loyal: [1, 4_000, '40.00'],
      at_risk: [1, 60_000, '600.00'],
      hibernating: [1, 1_000, '10.00'],
      about_to_sleep: [1, 3_000, '30.00'],
      new: [0, 0, '0.00'],
    });
    expect(body.customers).toBe(5);
    expect(body.segments.find((s: any) => s.segment === 'at_risk').revenueShare).toBeCloseTo(600 / 1180, 12);
    expect(body.members.map((m: any) => [m.customerId, m.r, m.f, m.m, m.monetaryMinor, m.monetaryAmount])).toEqual([['a', 5, 5, 4, 50_000, '500.00']]);
    // At day 40 only a, b, c, d had bought; e appears from "(none)".
    expect(body.transitions.find((t: any) => t.from === '(none)')).toEqual({ from: '(none)', to: 'about_to_sleep', customers: 1 });
    expect(body.transitions.reduce((n: number, t: any) => n + t.customers, 0)).toBe(5);
    // transitions and members filled: every field as the served schema documents it.
    expect((await servedAnswerSchema(api, 'get', '/analytics/rfm'))(body)).toEqual([]);
    await api.http().get('/analytics/rfm').query({ segment: 'whales' }).expect(400);
  });

  it('ABC: A makes the first 80 % of revenue; suggestions are A customers without an account manager', async () => {
    const { body } = await api.http().get('/analytics/abc').query({ asOf: ASOF }).expect(200);
    // Descending: c 600 (before 0 %), a 500 (50.8 %), b 40 (93.2 %), e 30 (96.6 %), d 10 (99.2 %).
    expect(body.classes).toEqual({
      A: { customers: 2, revenueMinor: 110_000, revenueAmount: '1100.00', revenueShare: 1100 / 1180 },
      B: { customers: 1, revenueMinor: 4_000, revenueAmount: '40.00', revenueShare: 40 / 1180 },
      C: { customers: 2, revenueMinor: 4_000, revenueAmount: '40.00', revenueShare: 40 / 1180 },
    });
    expect(body.revenueAmount).toBe('1180.00');
    expect(body.keyAccountSuggestions).toEqual([{ customerId: 'c', revenueMinor: 60_000, revenueAmount: '600.00', segment: null, keyAccount: false }]);
    expect((await servedAnswerSchema(api, 'get', '/analytics/abc'))(body)).toEqual([]);
  });
});
