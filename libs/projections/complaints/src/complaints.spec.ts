import fc from 'fast-check';
import type { CustomerEvent } from '@lifeline/customers/domain';
import { customerHistoryArbitrary, foldProjection, foldProjectionInBatches, projectedStream } from '@lifeline/projections/testing';
import { complaintsProjection as projection, type ComplaintDoc } from './complaints';

const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2024-01-01T00:00:00.000Z',
  data: { customerId: 'c-1', name: 'Acme', acquisitionChannel: 'web', keyAccount: false },
};
const filed = (complaintId: string, occurredAt: string): CustomerEvent => ({
  type: 'ComplaintFiled',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', complaintId, category: 'billing', severity: 'high', channel: 'email', description: 'charged twice' },
});
const resolved = (complaintId: string, occurredAt: string, satisfaction?: number): CustomerEvent => ({
  type: 'ComplaintResolved',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', complaintId, resolution: 'refunded', ...(satisfaction !== undefined && { satisfaction }) },
});

const openDoc: ComplaintDoc = {
  customerId: 'c-1',
  complaintId: 'k-3',
  category: 'billing',
  severity: 'high',
  channel: 'email',
  description: 'charged twice',
  filedAt: '2024-02-01T08:00:00.000Z',
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
};

const fold = (events: CustomerEvent[]) => foldProjection(projection, projectedStream(events));

describe('complaints projection', () => {
  it('ComplaintFiled opens a complaint document keyed by customer and complaint id', () => {
    expect([...fold([acquired, filed('k-3', '2024-02-01T08:00:00.000Z')])]).toStrictEqual([['c-1:k-3', openDoc]]);
  });

  it('ComplaintResolved closes it with the resolution time in hours and the satisfaction score', () => {
    const docs = fold([acquired, filed('k-3', '2024-02-01T08:00:00.000Z'), resolved('k-3', '2024-02-02T17:30:00.000Z', 4)]);
    expect(docs.get('c-1:k-3')).toStrictEqual({
      ...openDoc,
      status: 'resolved',
      resolvedAt: '2024-02-02T17:30:00.000Z',
      resolution: 'refunded',
      resolutionHours: 33.5,
      satisfaction: 4,
      // Resolved without an explicit acknowledgement: the resolution implies it.
      acknowledgedAt: '2024-02-02T17:30:00.000Z',
      acknowledgement: 'implicit',
      firstResolvedAt: '2024-02-02T17:30:00.000Z',
    });
  });

  it('records the handling: explicit acknowledgement, assignment, escalation, breach, reopening and the resolution after it', () => {
    const step = (type: string, occurredAt: string, data: object) =>
      ({ type, schemaVersion: 1, occurredAt, data: { customerId: 'c-1', complaintId: 'k-3', ...data } }) as unknown as CustomerEvent;
    const docs = fold([
      acquired,
      filed('k-3', '2024-02-01T08:00:00.000Z'),
      step('ComplaintAcknowledged', '2024-02-01T09:00:00.000Z', { acknowledgedBy: 'agent-7' }),
      step('ComplaintAssigned', '2024-02-01T09:30:00.000Z', { team: 'billing' }),
      step('ComplaintEscalated', '2024-02-02T09:00:00.000Z', { level: 2, reason: 'angry' }),
      step('ComplaintSlaBreached', '2024-02-04T08:00:00.000Z', { milestone: 'resolution', dueAt: '2024-02-04T08:00:00.000Z' }),
      resolved('k-3', '2024-02-05T08:00:00.000Z', 2),
      step('ComplaintReopened', '2024-02-06T08:00:00.000Z', { reason: 'not fixed' }),
    ]);
    expect(docs.get('c-1:k-3')).toStrictEqual({
      ...openDoc,
      acknowledgedAt: '2024-02-01T09:00:00.000Z',
      acknowledgement: 'explicit',
      acknowledgedBy: 'agent-7',
      assignedTeam: 'billing',
      escalationLevel: 2,
      breaches: [{ milestone: 'resolution', dueAt: '2024-02-04T08:00:00.000Z' }],
      firstResolvedAt: '2024-02-05T08:00:00.000Z',
      satisfaction: 2,
      reopenCount: 1,
      reopenedAt: '2024-02-06T08:00:00.000Z',
    });
    const again = fold([acquired, filed('k-3', '2024-02-01T08:00:00.000Z'), resolved('k-3', '2024-02-05T08:00:00.000Z'), step('ComplaintReopened', '2024-02-06T08:00:00.000Z', { reason: 'x' }), resolved('k-3', '2024-02-07T08:00:00.000Z')]);
    expect(again.get('c-1:k-3')).toMatchObject({ status: 'resolved', resolvedAt: '2024-02-07T08:00:00.000Z', resolutionHours: 144, firstResolvedAt: '2024-02-05T08:00:00.000Z', acknowledgedAt: '2024-02-05T08:00:00.000Z', reopenCount: 1 });
  });

  it('a resolution without a satisfaction score leaves satisfaction null', () => {
    const docs = fold([acquired, filed('k-3', '2024-02-01T08:00:00.000Z'), resolved('k-3', '2024-02-01T08:45:00.000Z')]);
    expect(docs.get('c-1:k-3')).toMatchObject({ status: 'resolved', resolutionHours: 0.75, satisfaction: null });
  });

  it('ignores other event types, resolutions of unknown complaints, and a repeated filing or resolution', () => {
    expect(projection.keysOf(projectedStream([acquired])[0]!)).toEqual([]);
    expect(fold([acquired, resolved('k-9', '2024-02-01T08:00:00.000Z')]).size).toBe(0);
    const docs = fold([
      acquired,
      filed('k-3', '2024-02-01T08:00:00.000Z'),
      filed('k-3', '2024-03-01T08:00:00.000Z'),
      resolved('k-3', '2024-02-01T09:00:00.000Z', 2),
      resolved('k-3', '2024-02-05T09:00:00.000Z', 5),
    ]);
    expect(docs.get('c-1:k-3')).toMatchObject({ filedAt: '2024-02-01T08:00:00.000Z', resolutionHours: 1, satisfaction: 2 });
  });
});

describe('complaints projection properties', () => {
  it('folding in batches stored as JSON equals folding in one go, with one document per filed complaint', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (events, cuts) => {
        const docs = foldProjection(projection, events);
        expect(docs.size).toBe(events.filter((e) => e.type === 'ComplaintFiled').length);
        const reopenings = events.filter((e) => e.type === 'ComplaintReopened').length;
        expect([...docs.values()].filter((d) => d.status === 'resolved')).toHaveLength(events.filter((e) => e.type === 'ComplaintResolved').length - reopenings);
        expect([...docs.values()].reduce((n, d) => n + d.reopenCount, 0)).toBe(reopenings);
        expect(foldProjectionInBatches(projection, events, cuts)).toStrictEqual(docs);
      }),
      { numRuns: 100 },
    );
  });
});
