import { DEFAULT_COMPLAINT_SLA, type ComplaintCategory, type ComplaintSeverity, type ContactChannel } from '@lifeline/customers/domain';
import { complaintServiceLevels } from './complaint-service-levels';
import type { ComplaintDoc } from './complaints';

const doc = (
  complaintId: string,
  category: ComplaintCategory,
  channel: ContactChannel,
  severity: ComplaintSeverity,
  filedAt: string,
  over: Partial<ComplaintDoc> = {},
): ComplaintDoc => ({
  customerId: 'c-1',
  complaintId,
  category,
  severity,
  channel,
  description: 'x',
  filedAt,
  status: 'open',
  resolvedAt: null,
  resolution: null,
  resolutionHours: null,
  satisfaction: null,
  acknowledgedAt: null,
  acknowledgement: null,
  acknowledgedBy: null,
  assignedAgent: null,
  assignedTeam: null,
  escalationLevel: 0,
  firstResolvedAt: null,
  reopenCount: 0,
  reopenedAt: null,
  breaches: [],
  ...over,
});

// Default SLA: high 4 h / 72 h, low 48 h / 240 h. As of 10 June.
const docs = [
  // Acknowledged after 2 h, resolved after 24 h: both in time.
  doc('a', 'billing', 'email', 'high', '2024-06-01T00:00:00.000Z', {
    status: 'resolved', acknowledgedAt: '2024-06-01T02:00:00.000Z', acknowledgement: 'explicit', resolvedAt: '2024-06-02T00:00:00.000Z', firstResolvedAt: '2024-06-02T00:00:00.000Z', resolutionHours: 24,
  }),
  // Resolved after 96 h without acknowledgement (implied then): both late; reopened on 7 June, so open again.
  doc('b', 'billing', 'phone', 'high', '2024-06-02T00:00:00.000Z', {
    acknowledgedAt: '2024-06-06T00:00:00.000Z', acknowledgement: 'implicit', firstResolvedAt: '2024-06-06T00:00:00.000Z', reopenCount: 1, reopenedAt: '2024-06-07T00:00:00.000Z',
    breaches: [{ milestone: 'acknowledgement', dueAt: '2024-06-02T04:00:00.000Z' }, { milestone: 'resolution', dueAt: '2024-06-05T00:00:00.000Z' }],
  }),
  // Low, 12 h old: nothing due yet.
  doc('c', 'product', 'email', 'low', '2024-06-09T12:00:00.000Z'),
  // High, 5 days old, untouched: both due and missed.
  doc('d', 'product', 'email', 'high', '2024-06-05T00:00:00.000Z'),
  // Filed after asOf.
  doc('e', 'product', 'email', 'high', '2024-06-11T00:00:00.000Z'),
];

describe('complaintServiceLevels (hand-computed)', () => {
  const result = complaintServiceLevels(docs, { asOf: '2024-06-10T00:00:00.000Z', policy: DEFAULT_COMPLAINT_SLA });

  it('open complaints by age and severity', () => {
    expect(result.openByAgeAndSeverity).toEqual({
      buckets: ['<1d', '1-3d', '3-7d', '7-30d', '>30d'],
      bySeverity: { low: [1, 0, 0, 0, 0], medium: [0, 0, 0, 0, 0], high: [0, 0, 1, 1, 0], critical: [0, 0, 0, 0, 0] },
    });
  });

  it('breach rate per milestone over the complaints whose due time has passed, and the breaches recorded', () => {
    expect(result.milestones).toEqual({
      acknowledgement: { due: 3, breached: 2, breachRate: 2 / 3, recordedBreaches: 1 },
      resolution: { due: 3, breached: 2, breachRate: 2 / 3, recordedBreaches: 1 },
    });
  });

  it('time to acknowledge (an implied acknowledgement counts) and to first resolution, median and p90', () => {
    expect(result.timeToAcknowledge.count).toBe(2);
    expect(result.timeToAcknowledge.medianHours).toBe(49);
    expect(result.timeToAcknowledge.p90Hours).toBeCloseTo(86.6, 10);
    expect(result.timeToResolve).toMatchObject({ count: 2, medianHours: 60 });
    expect(result.timeToResolve.p90Hours).toBeCloseTo(88.8, 10);
  });

  it('reopen rate among resolved complaints', () => {
    expect(result.reopenRate).toEqual({ resolved: 2, reopened: 1, rate: 0.5 });
  });

  it('by category, channel and month of filing', () => {
    expect(result.byCategory).toEqual({
      billing: { filed: 2, open: 1, acknowledgementBreachRate: 0.5, resolutionBreachRate: 0.5, medianHoursToAcknowledge: 49, medianHoursToResolve: 60, reopenRate: 0.5 },
      product: { filed: 2, open: 2, acknowledgementBreachRate: 1, resolutionBreachRate: 1, medianHoursToAcknowledge: null, medianHoursToResolve: null, reopenRate: null },
    });
    expect(result.byChannel).toEqual({
      email: { filed: 3, open: 2, acknowledgementBreachRate: 0.5, resolutionBreachRate: 0.5, medianHoursToAcknowledge: 2, medianHoursToResolve: 24, reopenRate: 0 },
      phone: { filed: 1, open: 1, acknowledgementBreachRate: 1, resolutionBreachRate: 1, medianHoursToAcknowledge: 96, medianHoursToResolve: 96, reopenRate: 1 },
    });
    expect(result.byMonth).toEqual({
      '2024-06': { filed: 4, open: 3, acknowledgementBreachRate: 2 / 3, resolutionBreachRate: 2 / 3, medianHoursToAcknowledge: 49, medianHoursToResolve: 60, reopenRate: 0.5 },
    });
  });

  it('as of an earlier time, later facts do not count', () => {
    const early = complaintServiceLevels(docs, { asOf: '2024-06-03T00:00:00.000Z', policy: DEFAULT_COMPLAINT_SLA });
    // a and b filed; a acknowledged in time; b's acknowledgement due 2 June 04:00 is missed; no resolution due yet.
    expect(early.milestones.acknowledgement).toEqual({ due: 2, breached: 1, breachRate: 0.5, recordedBreaches: 1 });
    expect(early.milestones.resolution.due).toBe(0);
    expect(early.reopenRate).toEqual({ resolved: 1, reopened: 0, rate: 0 });
  });
});
