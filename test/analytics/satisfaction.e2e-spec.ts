/** GET /analytics/satisfaction through the real API on a hand-made population with hand-computed figures. */
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { servedAnswerSchema } from '../support/served-answer-schema';
import { projectionsCaughtUp } from './analytics-support';

const ASOF = '2025-03-01T00:00:00.000Z';

describe('satisfaction analytics over HTTP', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
    const post = async (path: string, body: object) => {
      const res = await api.http().post(path).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await post('/customers', acquisition('a', { segment: 'smb', occurredAt: '2025-01-01T00:00:00Z' }));
    await post('/customers', acquisition('b', { segment: 'enterprise', acquisitionChannel: 'sales', occurredAt: '2025-01-01T00:00:00Z' }));
    await post('/customers/a/survey-responses', { surveyId: 'nps-1', kind: 'nps', score: 10, touchpoint: 'support', occurredAt: '2025-01-10T00:00:00Z' });
    await post('/customers/a/survey-responses', { surveyId: 'csat-1', kind: 'csat', score: 5, occurredAt: '2025-01-12T00:00:00Z' });
    await post('/customers/a/survey-responses', { surveyId: 'ces-1', kind: 'ces', score: 6, occurredAt: '2025-02-03T00:00:00Z' });
    await post('/customers/b/survey-responses', { surveyId: 'nps-1', kind: 'nps', score: 3, touchpoint: 'onboarding', occurredAt: '2025-01-20T00:00:00Z' });
    await post('/customers/b/survey-responses', { surveyId: 'nps-2', kind: 'nps', score: 8, occurredAt: '2025-02-05T00:00:00Z' });
    await post('/customers/b/complaints', { complaintId: 'k-1', category: 'billing', severity: 'low', channel: 'email', description: 'x', occurredAt: '2025-02-08T00:00:00Z' });
    await post('/customers/b/complaints/k-1/resolution', { resolution: 'refunded', satisfaction: 2, occurredAt: '2025-02-10T00:00:00Z' });
    await post('/customers/a/survey-responses', { surveyId: 'nps-3', kind: 'nps', score: 0, occurredAt: '2025-03-05T00:00:00Z' }); // after asOf
    await projectionsCaughtUp(api);
  }, 60_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('overall and per month: NPS from promoters and detractors, CSAT including the resolution satisfaction, CES mean', async () => {
    const { body } = await api.http().get('/analytics/satisfaction').query({ asOf: ASOF }).expect(200);
    // NPS over 10, 3, 8: one promoter, one detractor of three: 0. CSAT over 5 and 2: 50 %. CES: 6.
    expect(body.overall.nps).toMatchObject({ answers: 3, promoters: 1, passives: 1, detractors: 1, nps: 0 });
    // Var = (1/3 + 1/3 − 0) / 3 = 2/9; se = 47.14 points; the bounds stay within ±100.
    expect(body.overall.nps.upper95).toBeCloseTo(Math.min(100, 1.959964 * 100 * Math.sqrt(2 / 9)), 3);
    expect(body.overall.csat).toEqual({ answers: 2, satisfied: 1, csatPercent: 50 });
    expect(body.overall.ces).toEqual({ answers: 1, mean: 6 });
    expect(body.periods.map((p: any) => [p.period, p.complete, p.figures.nps.nps, p.figures.csat.csatPercent, p.figures.ces.mean])).toEqual([
      ['2025-01', true, 0, 100, null],
      ['2025-02', true, 0, 0, 6],
      ['2025-03', false, null, null, null],
    ]);
  });

  it('by touchpoint (resolution satisfaction at complaint_resolution) and by segment', async () => {
    const byTouchpoint = (await api.http().get('/analytics/satisfaction').query({ asOf: ASOF, by: 'touchpoint' }).expect(200)).body;
    expect(byTouchpoint.groups.map((g: any) => [g.group, g.overall.nps.nps, g.overall.csat.csatPercent])).toEqual([
      ['(none)', 0, 100],
      ['complaint_resolution', null, 0],
      ['onboarding', -100, null],
      ['support', 100, null],
    ]);
    const bySegment = (await api.http().get('/analytics/satisfaction').query({ asOf: ASOF, by: 'segment' }).expect(200)).body;
    expect(bySegment.groups.map((g: any) => [g.group, g.overall.nps.nps, g.overall.csat.csatPercent, g.overall.ces.mean])).toEqual([
      ['enterprise', -50, 0, null],
      ['smb', 100, 100, 6],
    ]);
    const npsOnly = (await api.http().get('/analytics/satisfaction').query({ asOf: ASOF, kind: 'nps', channel: 'sales' }).expect(200)).body;
    expect([npsOnly.overall.nps.nps, npsOnly.overall.csat.answers]).toEqual([-50, 0]);
    const check = await servedAnswerSchema(api, 'get', '/analytics/satisfaction');
    expect([check(byTouchpoint), check(bySegment), check(npsOnly)]).toEqual([[], [], []]);
    await api.http().get('/analytics/satisfaction').query({ by: 'mood' }).expect(400);
  });
});
