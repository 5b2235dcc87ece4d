import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { PROBLEM_JSON, write } from './read-side-client';

describe('read side over HTTP: GET /analytics/complaints', () => {
  let api: RunningApi;
  let position = 0;

  beforeAll(async () => {
    api = await startApi();
    await write(api, '/customers', acquisition('c-1', { occurredAt: '2025-01-10T09:00:00Z' }));
    const file = (complaintId: string, category: string, severity: string, occurredAt: string) =>
      write(api, '/customers/c-1/complaints', { complaintId, category, severity, channel: 'email', description: 'x', occurredAt });
    await file('k-1', 'billing', 'high', '2025-02-01T00:00:00Z');
    await write(api, '/customers/c-1/complaints/k-1/resolution', { resolution: 'refunded', satisfaction: 4, occurredAt: '2025-02-01T06:00:00Z' }); // 6 h
    await file('k-2', 'billing', 'low', '2025-02-02T00:00:00Z');
    await write(api, '/customers/c-1/complaints/k-2/resolution', { resolution: 'explained', satisfaction: 2, occurredAt: '2025-02-03T12:00:00Z' }); // 36 h
    position = await file('k-3', 'delivery', 'critical', '2025-02-05T00:00:00Z');
  }, 30_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('answers open/resolved counts, resolution time statistics, breakdowns, satisfaction and overdue complaints as of a time', async () => {
    const { body } = await api.http().get('/analytics/complaints').query({ asOf: '2025-03-01T00:00:00Z', overdueAfterDays: 7, minPosition: position }).expect(200);
    expect(body).toMatchObject({
      asOf: '2025-03-01T00:00:00.000Z',
      open: 1,
      resolved: 2,
      resolutionTime: { count: 2, meanHours: 21, medianHours: 21, p90Hours: 33 },
      satisfaction: { average: 3, answered: 2 },
      openOlderThan: { hours: 168, count: 1, complaints: [{ customerId: 'c-1', complaintId: 'k-3', filedAt: '2025-02-05T00:00:00.000Z', ageHours: 576 }] },
    });
    expect(body.byCategory.billing).toEqual({ open: 0, resolved: 2, meanResolutionHours: 21 });
    expect(body.byCategory.delivery).toEqual({ open: 1, resolved: 0, meanResolutionHours: null });
    expect(body.bySeverity.critical).toEqual({ open: 1, resolved: 0, meanResolutionHours: null });
  });

  it('counts as of the given time: later filings left out, later resolutions still open', async () => {
    const { body } = await api.http().get('/analytics/complaints').query({ asOf: '2025-02-02T12:00:00+00:00', overdueAfterDays: 0.25 }).expect(200);
    expect(body).toMatchObject({ open: 1, resolved: 1, openOlderThan: { hours: 6, count: 1 } });
    expect(body.openOlderThan.complaints[0]).toMatchObject({ complaintId: 'k-2', ageHours: 12 });
  });

  it('narrows to a category or severity', async () => {
    const billing = await api.http().get('/analytics/complaints').query({ category: 'billing' }).expect(200);
    expect(billing.body).toMatchObject({ open: 0, resolved: 2 });
    const critical = await api.http().get('/analytics/complaints').query({ severity: 'critical' }).expect(200);
    expect(critical.body).toMatchObject({ open: 1, resolved: 0, openOlderThan: { hours: 7 * 24, count: 1 } });
  });

  it.each([
    ['asOf that is not a time', { asOf: 'yesterday' }, 'asOf'],
    ['a negative overdueAfterDays', { overdueAfterDays: '-1' }, 'overdueAfterDays'],
    ['overdueAfterDays that is not a number', { overdueAfterDays: 'week' }, 'overdueAfterDays'],
    ['an unknown category', { category: 'food' }, 'category'],
    ['an unknown severity', { severity: 'urgent' }, 'severity'],
    ['an unknown parameter', { customerId: 'c-1' }, 'customerId'],
  ])('400 for %s', async (_case, query, field) => {
    const { body } = await api.http().get('/analytics/complaints').query(query).expect(400).expect('content-type', PROBLEM_JSON);
    expect(body.errors).toEqual([{ field, message: expect.stringContaining(field) }]);
  });
});
