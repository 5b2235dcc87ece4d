/**
 * Complaint handling and satisfaction surveys through the real API: the new commands and their
 * rules over HTTP, the SLA deadline process running inside the API, the profile's open
 * complaints with due times, the service-level figures and the latest survey scores.
 */
import { projectionsCaughtUp } from '../analytics/analytics-support';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

const HOUR = 3_600_000;

describe('complaint handling and surveys over HTTP', () => {
  let api: RunningApi;
  const filedAt = new Date(Date.now() - 2 * HOUR).toISOString();
  const k = (path = '') => `/customers/c-1/complaints/k-1${path}`;

  beforeAll(async () => {
    api = await startApi({
      env: { LIFELINE_RUN_DEADLINES: 'true', LIFELINE_DEADLINE_CHECK_SECONDS: '1', LIFELINE_COMPLAINT_SLA: '{"critical":{"acknowledgeHours":1,"resolveHours":48}}' },
    });
    await api.http().post('/customers').send(acquisition('c-1', { occurredAt: new Date(Date.now() - 24 * HOUR).toISOString() })).expect(201);
    await api.http().post('/customers/c-1/complaints').send({ complaintId: 'k-1', category: 'billing', severity: 'critical', channel: 'phone', description: 'charged twice', occurredAt: filedAt }).expect(201);
  }, 30_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('the profile lists the open complaint with its due times under the configured SLA', async () => {
    await projectionsCaughtUp(api);
    const { body } = await api.http().get('/customers/c-1').expect(200);
    expect(body.openComplaints).toEqual([
      expect.objectContaining({
        complaintId: 'k-1',
        severity: 'critical',
        acknowledgedAt: null,
        acknowledgementDueAt: new Date(Date.parse(filedAt) + HOUR).toISOString(),
        resolutionDueAt: new Date(Date.parse(filedAt) + 48 * HOUR).toISOString(),
        overdue: true,
        escalationLevel: 0,
      }),
    ]);
    expect(body.complaints).not.toHaveProperty('resolvedSpans');
    expect(body.latestSurveyScores).toEqual({});
  });

  it('the deadline process in the API records the missed acknowledgement once', async () => {
    const due = new Date(Date.parse(filedAt) + HOUR).toISOString();
    let breaches: { data: Record<string, unknown> }[] = [];
    for (let i = 0; i < 50 && breaches.length === 0; i++) {
      breaches = (await api.eventStore.readAll({ after: 0, maxCount: 1000 })).filter((e) => e.type === 'ComplaintSlaBreached');
      if (breaches.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(breaches.map((e) => e.data)).toEqual([{ customerId: 'c-1', complaintId: 'k-1', milestone: 'acknowledgement', dueAt: due }]);
    await new Promise((r) => setTimeout(r, 2500)); // two more rounds
    expect((await api.eventStore.readAll({ after: 0, maxCount: 1000 })).filter((e) => e.type === 'ComplaintSlaBreached')).toHaveLength(1);
  });

  it('acknowledge, assign, escalate, resolve, reopen: each rule answered over HTTP', async () => {
    await api.http().post(k('/acknowledgement')).send({ acknowledgedBy: 'm.weiss' }).expect(201);
    const again = await api.http().post(k('/acknowledgement')).send({ acknowledgedBy: 'm.weiss' }).expect(409);
    expect(again.body.rule).toBe('complaint_already_acknowledged');
    expect((await api.http().post(k('/assignment')).send({}).expect(422)).body.rule).toBe('assignment_without_assignee');
    await api.http().post(k('/assignment')).send({ agent: 'a.khan', team: 'billing' }).expect(201);
    await api.http().post(k('/escalation')).send({ level: 2, reason: 'threatens to cancel' }).expect(201);
    expect((await api.http().post(k('/escalation')).send({ level: 1, reason: 'x' }).expect(409)).body.rule).toBe('escalation_level_not_higher');
    expect((await api.http().post(k('/escalation')).send({ level: 4, reason: 'x' }).expect(400)).body.errors[0].field).toBe('level');
    expect((await api.http().post('/customers/c-1/complaints/nope/acknowledgement').send({ acknowledgedBy: 'x' }).expect(404)).body.rule).toBe('complaint_not_found');
    await api.http().post(k('/resolution')).send({ resolution: 'refunded', satisfaction: 4 }).expect(201);
    expect((await api.http().post(k('/escalation')).send({ level: 3, reason: 'x' }).expect(409)).body.rule).toBe('complaint_not_open');
    await api.http().post(k('/reopening')).send({ reason: 'charged again' }).expect(201);
    expect((await api.http().post(k('/reopening')).send({ reason: 'x' }).expect(409)).body.rule).toBe('complaint_not_resolved');
    await projectionsCaughtUp(api);
    const { body } = await api.http().get('/customers/c-1').expect(200);
    expect(body.openComplaints).toEqual([
      expect.objectContaining({ complaintId: 'k-1', acknowledgementDueAt: null, assignedAgent: 'a.khan', assignedTeam: 'billing', escalationLevel: 2, reopenCount: 1 }),
    ]);
    const timeline = await api.http().get('/customers/c-1/timeline').expect(200);
    expect(timeline.body.items.map((e: { summary: string }) => e.summary)).toEqual(
      expect.arrayContaining([
        'Complaint k-1 acknowledged by m.weiss',
        'Complaint k-1 assigned to a.khan, team billing',
        'Complaint k-1 escalated to level 2: threatens to cancel',
        'Complaint k-1 reopened: charged again',
      ]),
    );
    const kpis = await api.http().get('/analytics/complaints').expect(200);
    expect(kpis.body.serviceLevels.milestones.acknowledgement).toEqual({ due: 1, breached: 1, breachRate: 1, recordedBreaches: 1 });
    expect(kpis.body.serviceLevels.reopenRate).toEqual({ resolved: 1, reopened: 1, rate: 1 });
  });

  it('survey answers: on the kind’s scale, once per survey, latest per kind on the profile', async () => {
    await api.http().post('/customers/c-1/survey-responses').send({ surveyId: 'nps-q1', kind: 'nps', score: 6, occurredAt: new Date(Date.now() - 3 * HOUR).toISOString() }).expect(201);
    await api.http().post('/customers/c-1/survey-responses').send({ surveyId: 'nps-q2', kind: 'nps', score: 9, touchpoint: 'support', comment: 'quick' }).expect(201);
    expect((await api.http().post('/customers/c-1/survey-responses').send({ surveyId: 'nps-q2', kind: 'nps', score: 10 }).expect(409)).body.rule).toBe('survey_already_answered');
    expect((await api.http().post('/customers/c-1/survey-responses').send({ surveyId: 'csat-1', kind: 'csat', score: 6 }).expect(422)).body.rule).toBe('score_out_of_range');
    expect((await api.http().post('/customers/c-1/survey-responses').send({ surveyId: 'x', kind: 'stars', score: 3 }).expect(400)).body.errors[0].field).toBe('kind');
    await projectionsCaughtUp(api);
    const { body } = await api.http().get('/customers/c-1').expect(200);
    expect(body.latestSurveyScores).toEqual({ nps: { surveyId: 'nps-q2', score: 9, at: expect.any(String), touchpoint: 'support' } });
  });
});
