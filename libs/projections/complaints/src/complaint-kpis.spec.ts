import type { ComplaintCategory, ComplaintSeverity } from '@lifeline/customers/domain';
import { complaintKpis, percentileLinear } from './complaint-kpis';
import type { ComplaintDoc } from './complaints';

function complaint(
  id: string,
  category: ComplaintCategory,
  severity: ComplaintSeverity,
  filedAt: string,
  resolution?: { at: string; hours: number; satisfaction?: number },
): ComplaintDoc {
  const [customerId, complaintId] = id.split(':') as [string, string];
  return {
    customerId,
    complaintId,
    category,
    severity,
    channel: 'email',
    description: 'x',
    filedAt,
    status: resolution ? 'resolved' : 'open',
    resolvedAt: resolution?.at ?? null,
    resolution: resolution ? 'done' : null,
    resolutionHours: resolution?.hours ?? null,
    satisfaction: resolution?.satisfaction ?? null,
    acknowledgedAt: resolution?.at ?? null,
    acknowledgement: resolution ? 'implicit' : null,
    acknowledgedBy: null,
    assignedAgent: null,
    assignedTeam: null,
    escalationLevel: 0,
    firstResolvedAt: resolution?.at ?? null,
    reopenCount: 0,
    reopenedAt: null,
    breaches: [],
  };
}

// Resolved by asOf: 2, 4, 10 and 30 hours.
const docs: ComplaintDoc[] = [
  complaint('c-1:k-1', 'billing', 'high', '2024-06-01T00:00:00.000Z', { at: '2024-06-01T02:00:00.000Z', hours: 2, satisfaction: 5 }),
  complaint('c-1:k-2', 'billing', 'low', '2024-06-02T00:00:00.000Z', { at: '2024-06-02T04:00:00.000Z', hours: 4, satisfaction: 3 }),
  complaint('c-2:k-1', 'product', 'critical', '2024-06-03T00:00:00.000Z', { at: '2024-06-03T10:00:00.000Z', hours: 10 }),
  complaint('c-2:k-2', 'service', 'high', '2024-06-04T00:00:00.000Z', { at: '2024-06-05T06:00:00.000Z', hours: 30, satisfaction: 1 }),
  // Open, 120 h old at asOf: overdue.
  complaint('c-3:k-1', 'delivery', 'medium', '2024-06-05T00:00:00.000Z'),
  // Open, 12 h old: not overdue.
  complaint('c-3:k-2', 'billing', 'high', '2024-06-09T12:00:00.000Z'),
  // Resolved only after asOf, so open as of then, 72 h old: overdue; its score is not counted.
  complaint('c-1:k-3', 'product', 'low', '2024-06-07T00:00:00.000Z', { at: '2024-06-11T00:00:00.000Z', hours: 96, satisfaction: 1 }),
  // Filed after asOf: not part of the figures.
  complaint('c-4:k-1', 'other', 'low', '2024-06-12T00:00:00.000Z'),
  // Open exactly 48 h: "older than 48 h" is strict, so not overdue.
  complaint('c-4:k-2', 'service', 'medium', '2024-06-08T00:00:00.000Z'),
];

describe('complaintKpis', () => {
  const kpis = complaintKpis(docs, { asOf: '2024-06-10T00:00:00.000Z', openOlderThanHours: 48 });

  it('counts open and resolved complaints as of the given time', () => {
    expect([kpis.open, kpis.resolved]).toEqual([4, 4]);
  });

  it('resolution time: mean, median and p90 by linear interpolation', () => {
    // mean (2+4+10+30)/4 = 11.5; median h=1.5: 4+0.5*6 = 7; p90 h=2.7: 10+0.7*20 = 24
    expect(kpis.resolutionTime.count).toBe(4);
    expect(kpis.resolutionTime.meanHours).toBe(11.5);
    expect(kpis.resolutionTime.medianHours).toBe(7);
    expect(kpis.resolutionTime.p90Hours).toBeCloseTo(24, 12);
  });

  it('breaks down by category and severity, listing every one even when empty', () => {
    expect(kpis.byCategory).toEqual({
      billing: { open: 1, resolved: 2, meanResolutionHours: 3 },
      product: { open: 1, resolved: 1, meanResolutionHours: 10 },
      service: { open: 1, resolved: 1, meanResolutionHours: 30 },
      delivery: { open: 1, resolved: 0, meanResolutionHours: null },
      other: { open: 0, resolved: 0, meanResolutionHours: null },
    });
    expect(kpis.bySeverity).toEqual({
      low: { open: 1, resolved: 1, meanResolutionHours: 4 },
      medium: { open: 2, resolved: 0, meanResolutionHours: null },
      high: { open: 1, resolved: 2, meanResolutionHours: 16 },
      critical: { open: 0, resolved: 1, meanResolutionHours: 10 },
    });
  });

  it('averages satisfaction over the resolved complaints that have a score', () => {
    expect(kpis.satisfaction).toEqual({ average: 3, answered: 3 });
  });

  it('lists open complaints older than the threshold, oldest first', () => {
    expect(kpis.openOlderThan).toEqual({
      hours: 48,
      count: 2,
      complaints: [
        { id: 'c-3:k-1', customerId: 'c-3', complaintId: 'k-1', filedAt: '2024-06-05T00:00:00.000Z', ageHours: 120 },
        { id: 'c-1:k-3', customerId: 'c-1', complaintId: 'k-3', filedAt: '2024-06-07T00:00:00.000Z', ageHours: 72 },
      ],
    });
  });

  it('gives nulls, not NaN, when there is nothing to average', () => {
    const empty = complaintKpis([], { asOf: '2024-06-10T00:00:00.000Z', openOlderThanHours: 0 });
    expect(empty).toMatchObject({
      open: 0,
      resolved: 0,
      resolutionTime: { count: 0, meanHours: null, medianHours: null, p90Hours: null },
      satisfaction: { average: null, answered: 0 },
      openOlderThan: { hours: 0, count: 0, complaints: [] },
    });
  });

  it('refuses an asOf that is not a time and a negative or missing threshold', () => {
    expect(() => complaintKpis(docs, { asOf: 'now', openOlderThanHours: 1 })).toThrow('asOf must be an ISO-8601 time (got "now")');
    expect(() => complaintKpis(docs, { asOf: '2024-06-10T00:00:00.000Z', openOlderThanHours: -1 })).toThrow(/openOlderThanHours/);
    expect(() => complaintKpis(docs, { asOf: '2024-06-10T00:00:00.000Z', openOlderThanHours: NaN })).toThrow(/openOlderThanHours/);
  });
});

describe('percentileLinear', () => {
  it('matches numpy.percentile (linear) on hand-checked values', () => {
    // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 90, 100]) -> [1, 2, 3, 7.6, 10]
    const xs = [1, 2, 3, 4, 10];
    expect([0, 0.25, 0.5, 1].map((p) => percentileLinear(xs, p))).toEqual([1, 2, 3, 10]);
    expect(percentileLinear(xs, 0.9)).toBeCloseTo(7.6, 12);
    expect(percentileLinear([42], 0.9)).toBe(42);
    expect(percentileLinear([], 0.5)).toBeNull();
  });
  it('refuses a percentile outside 0..1', () => {
    expect(() => percentileLinear([1], 90)).toThrow('percentile must be between 0 and 1 (got 90)');
  });
});
