import { breachedMilestones, complaintDueTimes, DEFAULT_COMPLAINT_SLA, type ComplaintSlaFacts } from './complaint-sla';

const FILED = '2025-02-01T10:00:00.000Z';
const open = (over: Partial<ComplaintSlaFacts> = {}): ComplaintSlaFacts => ({
  severity: 'high',
  filedAt: FILED,
  acknowledgedAt: null,
  status: 'open',
  resolvedAt: null,
  reopenedAt: null,
  ...over,
});

describe('complaint due times', () => {
  it('counts acknowledgement and resolution hours of the severity from the filing', () => {
    expect(complaintDueTimes(open(), DEFAULT_COMPLAINT_SLA)).toEqual([
      { milestone: 'acknowledgement', dueAt: '2025-02-01T14:00:00.000Z', metAt: null },
      { milestone: 'resolution', dueAt: '2025-02-04T10:00:00.000Z', metAt: null },
    ]);
    const [ack, resolution] = complaintDueTimes(open({ severity: 'critical' }), DEFAULT_COMPLAINT_SLA);
    expect([ack.dueAt, resolution.dueAt]).toEqual(['2025-02-01T11:00:00.000Z', '2025-02-02T10:00:00.000Z']);
  });

  it('a reopening starts a new resolution clock; the acknowledgement stays due from the filing', () => {
    const facts = open({ acknowledgedAt: '2025-02-01T11:00:00.000Z', reopenedAt: '2025-02-10T10:00:00.000Z', resolvedAt: '2025-02-03T10:00:00.000Z' });
    expect(complaintDueTimes(facts, DEFAULT_COMPLAINT_SLA)).toEqual([
      { milestone: 'acknowledgement', dueAt: '2025-02-01T14:00:00.000Z', metAt: '2025-02-01T11:00:00.000Z' },
      // Open again: the earlier resolution does not meet the new cycle's milestone.
      { milestone: 'resolution', dueAt: '2025-02-13T10:00:00.000Z', metAt: null },
    ]);
  });

  it('a resolved complaint met its resolution milestone at the latest resolution', () => {
    const [, resolution] = complaintDueTimes(open({ status: 'resolved', resolvedAt: '2025-02-03T10:00:00.000Z', acknowledgedAt: '2025-02-03T10:00:00.000Z' }), DEFAULT_COMPLAINT_SLA);
    expect(resolution.metAt).toBe('2025-02-03T10:00:00.000Z');
  });
});

describe('breached milestones', () => {
  it('a milestone is breached from its due time on, while not met', () => {
    expect(breachedMilestones(open(), DEFAULT_COMPLAINT_SLA, '2025-02-01T13:59:59.999Z')).toEqual([]);
    expect(breachedMilestones(open(), DEFAULT_COMPLAINT_SLA, '2025-02-01T14:00:00.000Z').map((due) => due.milestone)).toEqual(['acknowledgement']);
    expect(breachedMilestones(open(), DEFAULT_COMPLAINT_SLA, '2025-02-04T10:00:00.000Z').map((due) => due.milestone)).toEqual(['acknowledgement', 'resolution']);
  });

  it('met by the due time (to the millisecond) is not a breach; met later is one', () => {
    const now = '2025-03-01T00:00:00.000Z';
    expect(breachedMilestones(open({ acknowledgedAt: '2025-02-01T14:00:00.000Z' }), DEFAULT_COMPLAINT_SLA, now).map((due) => due.milestone)).toEqual(['resolution']);
    expect(breachedMilestones(open({ acknowledgedAt: '2025-02-01T14:00:00.001Z' }), DEFAULT_COMPLAINT_SLA, now).map((due) => due.milestone)).toEqual(['acknowledgement', 'resolution']);
    const resolvedLate = open({ acknowledgedAt: '2025-02-01T11:00:00.000Z', status: 'resolved', resolvedAt: '2025-02-05T00:00:00.000Z' });
    expect(breachedMilestones(resolvedLate, DEFAULT_COMPLAINT_SLA, now)).toEqual([{ milestone: 'resolution', dueAt: '2025-02-04T10:00:00.000Z', metAt: '2025-02-05T00:00:00.000Z' }]);
  });
});
