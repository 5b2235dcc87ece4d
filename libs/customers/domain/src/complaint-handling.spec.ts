import type { CustomerCommand } from './commands';
import { customerDecider } from './decider';
import type { CustomerEvent } from './events';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(customerDecider({ currency: 'EUR' }));
const shortWindow = deciderSpecification(customerDecider({ currency: 'EUR', reopenWindowDays: 7 }));

const NOW = '2025-06-01T12:00:00.000Z';
const ID = 'c-1';
const K = 'k-1';
const FILED = '2025-02-01T10:00:00.000Z';

const event = <T extends CustomerEvent['type']>(type: T, occurredAt: string, data: object): CustomerEvent =>
  ({ type, schemaVersion: 1, occurredAt, data: { customerId: ID, ...data } }) as unknown as CustomerEvent;
const command = <T extends CustomerCommand['type']>(type: T, occurredAt: string | undefined, payload: object): CustomerCommand =>
  ({ type, customerId: ID, issuedAt: NOW, ...(occurredAt !== undefined && { occurredAt }), payload }) as unknown as CustomerCommand;

const acquired = event('CustomerAcquired', '2025-01-10T09:00:00.000Z', { name: 'Ada', acquisitionChannel: 'web', keyAccount: false });
const filed = event('ComplaintFiled', FILED, { complaintId: K, category: 'billing', severity: 'high', channel: 'email', description: 'double charge' });
const acknowledged = event('ComplaintAcknowledged', '2025-02-01T11:00:00.000Z', { complaintId: K, acknowledgedBy: 'agent-7' });
const escalated = (level: number, at = '2025-02-02T10:00:00.000Z') => event('ComplaintEscalated', at, { complaintId: K, level, reason: 'customer threatens to leave' });
const resolved = (at = '2025-02-03T10:00:00.000Z') => event('ComplaintResolved', at, { complaintId: K, resolution: 'refunded' });
const reopened = (at = '2025-02-10T10:00:00.000Z') => event('ComplaintReopened', at, { complaintId: K, reason: 'charged again' });
const breached = (milestone: string, dueAt: string) => event('ComplaintSlaBreached', dueAt, { complaintId: K, milestone, dueAt });

const acknowledge = (at = '2025-02-01T11:00:00.000Z', complaintId = K) => command('AcknowledgeComplaint', at, { complaintId, acknowledgedBy: 'agent-7' });
const assign = (payload: object, at = '2025-02-01T12:00:00.000Z') => command('AssignComplaint', at, { complaintId: K, ...payload });
const escalate = (level: number, at = '2025-02-02T10:00:00.000Z') => command('EscalateComplaint', at, { complaintId: K, level, reason: 'customer threatens to leave' });
const resolve = (at = '2025-02-03T10:00:00.000Z') => command('ResolveComplaint', at, { complaintId: K, resolution: 'refunded' });
const reopen = (at = '2025-02-10T10:00:00.000Z') => command('ReopenComplaint', at, { complaintId: K, reason: 'charged again' });
const breach = (milestone: string, dueAt: string, occurredAt: string | undefined = dueAt) => command('RecordComplaintSlaBreach', occurredAt, { complaintId: K, milestone, dueAt });

describe('AcknowledgeComplaint', () => {
  it('acknowledges an open complaint, saying who', () => void spec.given([acquired, filed]).when(acknowledge()).then([acknowledged]));
  it('refuses an unknown complaint', () => expect(spec.given([acquired]).when(acknowledge()).thenViolates('complaint_not_found').kind).toBe('not_found'));
  it('refuses a second acknowledgement', () => void spec.given([acquired, filed, acknowledged]).when(acknowledge('2025-02-01T12:00:00.000Z')).thenViolates('complaint_already_acknowledged'));
  it('refuses a resolved complaint (its resolution was the acknowledgement)', () => void spec.given([acquired, filed, resolved()]).when(acknowledge('2025-02-04T00:00:00.000Z')).thenViolates('complaint_not_open'));
  it('refuses a time before the filing', () => void spec.given([acquired, filed]).when(acknowledge('2025-02-01T09:00:00.000Z')).thenViolates('complaint_step_before_filing'));
  it('accepts an acknowledgement at the very instant of the filing (answered on the spot)', () =>
    void spec.given([acquired, filed]).when(acknowledge(FILED)).then([event('ComplaintAcknowledged', FILED, { complaintId: K, acknowledgedBy: 'agent-7' })]));
  it('an acknowledgement of a complaint never filed changes nothing: that id can still be filed', () => {
    const stray = event('ComplaintAcknowledged', '2025-02-01T11:00:00.000Z', { complaintId: 'k-9', acknowledgedBy: 'agent-7' });
    const fileK9 = command('FileComplaint', FILED, { complaintId: 'k-9', category: 'billing', severity: 'high', channel: 'email', description: 'double charge' });
    spec.given([acquired, stray]).when(fileK9).then([event('ComplaintFiled', FILED, { complaintId: 'k-9', category: 'billing', severity: 'high', channel: 'email', description: 'double charge' })]);
  });
});

describe('AssignComplaint', () => {
  it('assigns to an agent, a team or both; reassigning is allowed', () => {
    spec.given([acquired, filed]).when(assign({ agent: 'agent-7' })).then([event('ComplaintAssigned', '2025-02-01T12:00:00.000Z', { complaintId: K, agent: 'agent-7' })]);
    spec.given([acquired, filed, event('ComplaintAssigned', '2025-02-01T12:00:00.000Z', { complaintId: K, agent: 'agent-7' })])
      .when(assign({ team: 'billing' }, '2025-02-01T13:00:00.000Z'))
      .then([event('ComplaintAssigned', '2025-02-01T13:00:00.000Z', { complaintId: K, team: 'billing' })]);
  });
  it('refuses an assignment without anyone', () => expect(spec.given([acquired, filed]).when(assign({})).thenViolates('assignment_without_assignee').kind).toBe('unprocessable'));
  it('refuses a resolved complaint', () => void spec.given([acquired, filed, resolved()]).when(assign({ agent: 'a' }, '2025-02-04T00:00:00.000Z')).thenViolates('complaint_not_open'));
  it('refuses a time before the filing', () => void spec.given([acquired, filed]).when(assign({ agent: 'a' }, '2025-01-31T00:00:00.000Z')).thenViolates('complaint_step_before_filing'));
});

describe('EscalateComplaint', () => {
  it('escalates an open complaint to a level, with the reason', () => void spec.given([acquired, filed]).when(escalate(1)).then([escalated(1)]));
  it('escalates further only to a higher level', () => {
    spec.given([acquired, filed, escalated(1)]).when(escalate(3, '2025-02-02T11:00:00.000Z')).then([escalated(3, '2025-02-02T11:00:00.000Z')]);
    spec.given([acquired, filed, escalated(2)]).when(escalate(2, '2025-02-02T11:00:00.000Z')).thenViolates('escalation_level_not_higher');
    spec.given([acquired, filed, escalated(2)]).when(escalate(1, '2025-02-02T11:00:00.000Z')).thenViolates('escalation_level_not_higher');
  });
  it('refuses a resolved complaint', () => void spec.given([acquired, filed, resolved()]).when(escalate(1, '2025-02-04T00:00:00.000Z')).thenViolates('complaint_not_open'));
  it('refuses a time before the filing', () => void spec.given([acquired, filed]).when(escalate(1, '2025-01-31T00:00:00.000Z')).thenViolates('complaint_step_before_filing'));
  it('refuses an unknown complaint', () => void spec.given([acquired]).when(escalate(1)).thenViolates('complaint_not_found'));
  it('an assignment leaves the escalation level as it was', () => {
    const assigned = event('ComplaintAssigned', '2025-02-02T10:30:00.000Z', { complaintId: K, team: 'retention' });
    spec.given([acquired, filed, escalated(2), assigned]).when(escalate(1, '2025-02-02T11:00:00.000Z')).thenViolates('escalation_level_not_higher');
  });
});

describe('ResolveComplaint with acknowledgement and reopening', () => {
  it('resolves without an explicit acknowledgement: the resolution implies it', () => void spec.given([acquired, filed]).when(resolve()).then([resolved()]));
  it('refuses a resolution before the recorded acknowledgement', () =>
    void spec.given([acquired, filed, acknowledged]).when(resolve('2025-02-01T10:30:00.000Z')).thenViolates('resolution_before_acknowledgement'));
  it('accepts a resolution at the very instant of the acknowledgement, and at the very instant of the reopening', () => {
    spec.given([acquired, filed, acknowledged]).when(resolve(acknowledged.occurredAt)).then([resolved(acknowledged.occurredAt)]);
    spec.given([acquired, filed, resolved(), reopened()]).when(resolve(reopened().occurredAt)).then([resolved(reopened().occurredAt)]);
  });
  it('resolves a reopened complaint again, but not before the reopening', () => {
    spec.given([acquired, filed, resolved(), reopened()]).when(resolve('2025-02-11T00:00:00.000Z')).then([resolved('2025-02-11T00:00:00.000Z')]);
    spec.given([acquired, filed, resolved(), reopened()]).when(resolve('2025-02-09T00:00:00.000Z')).thenViolates('resolution_before_reopening');
  });
});

describe('ReopenComplaint', () => {
  it('reopens a resolved complaint within the window', () => void spec.given([acquired, filed, resolved()]).when(reopen()).then([reopened()]));
  it('refuses an open complaint', () => void spec.given([acquired, filed]).when(reopen()).thenViolates('complaint_not_resolved'));
  it('refuses a reopened (open again) complaint', () => void spec.given([acquired, filed, resolved(), reopened()]).when(reopen('2025-02-11T00:00:00.000Z')).thenViolates('complaint_not_resolved'));
  it('refuses a time before the resolution', () => void spec.given([acquired, filed, resolved()]).when(reopen('2025-02-02T00:00:00.000Z')).thenViolates('reopen_before_resolution'));
  it('accepts a reopening at the very instant of the resolution', () =>
    void spec.given([acquired, filed, resolved()]).when(reopen(resolved().occurredAt)).then([reopened(resolved().occurredAt)]));
  it('the window is 30 days by default, inclusive', () => {
    spec.given([acquired, filed, resolved()]).when(reopen('2025-03-05T10:00:00.000Z')).then([reopened('2025-03-05T10:00:00.000Z')]);
    spec.given([acquired, filed, resolved()]).when(reopen('2025-03-05T10:00:00.001Z')).thenViolates('reopen_window_expired');
  });
  it('the window is the decider option', () => void shortWindow.given([acquired, filed, resolved()]).when(reopen('2025-02-10T10:00:01.000Z')).thenViolates('reopen_window_expired'));
  it('refuses an unknown complaint', () => void spec.given([acquired]).when(reopen()).thenViolates('complaint_not_found'));
});

describe('RecordComplaintSlaBreach', () => {
  const ackDue = '2025-02-01T14:00:00.000Z';
  const resolveDue = '2025-02-04T10:00:00.000Z';
  it('records a missed acknowledgement at its due time', () => void spec.given([acquired, filed]).when(breach('acknowledgement', ackDue)).then([breached('acknowledgement', ackDue)]));
  it('records a late acknowledgement too (met after the due time)', () =>
    void spec.given([acquired, filed, event('ComplaintAcknowledged', '2025-02-01T15:00:00.000Z', { complaintId: K, acknowledgedBy: 'a' })]).when(breach('acknowledgement', ackDue)).then([breached('acknowledgement', ackDue)]));
  it('records each breach once', () => void spec.given([acquired, filed, breached('acknowledgement', ackDue)]).when(breach('acknowledgement', ackDue)).thenViolates('sla_breach_already_recorded'));
  it('refuses a milestone met by its due time, counting a resolution as the acknowledgement', () => {
    spec.given([acquired, filed, acknowledged]).when(breach('acknowledgement', ackDue)).thenViolates('sla_not_breached');
    spec.given([acquired, filed, resolved('2025-02-01T12:00:00.000Z')]).when(breach('acknowledgement', ackDue)).thenViolates('sla_not_breached');
    spec.given([acquired, filed, resolved()]).when(breach('resolution', resolveDue)).thenViolates('sla_not_breached');
  });
  it('records a missed resolution, and after a reopening the new cycle’s own', () => {
    spec.given([acquired, filed]).when(breach('resolution', resolveDue)).then([breached('resolution', resolveDue)]);
    const secondDue = '2025-02-13T10:00:00.000Z';
    spec.given([acquired, filed, resolved(), reopened(), breached('resolution', resolveDue)]).when(breach('resolution', secondDue)).then([breached('resolution', secondDue)]);
    // The first cycle was resolved in time: reopening does not make it a breach.
    spec.given([acquired, filed, resolved(), reopened()]).when(breach('resolution', resolveDue)).thenViolates('sla_not_breached');
    // Nor when the reopening falls on the earlier cycle's due time to the millisecond.
    spec.given([acquired, filed, resolved(), reopened(resolveDue)]).when(breach('resolution', resolveDue)).thenViolates('sla_not_breached');
  });
  it('a milestone met exactly at its due time is not breached', () =>
    void spec.given([acquired, filed, event('ComplaintAcknowledged', ackDue, { complaintId: K, acknowledgedBy: 'a' })]).when(breach('acknowledgement', ackDue)).thenViolates('sla_not_breached'));
  it('records a due time given in another offset in UTC, and knows a recorded breach by its instant', () => {
    spec.given([acquired, filed]).when(breach('acknowledgement', '2025-02-01T15:00:00+01:00')).then([breached('acknowledgement', ackDue)]);
    spec.given([acquired, filed, breached('acknowledgement', ackDue)]).when(breach('acknowledgement', '2025-02-01T15:00:00+01:00')).thenViolates('sla_breach_already_recorded');
  });
  it('refuses a due time before the filing', () =>
    void spec.given([acquired, filed]).when(breach('acknowledgement', '2025-02-01T09:00:00.000Z')).thenViolates('complaint_step_before_filing'));
  it('refuses a due time that has not passed', () => void spec.given([acquired, filed]).when(breach('resolution', '2025-06-02T00:00:00.000Z', undefined)).thenViolates('occurred_in_future'));
  it('refuses a due time more than 5 minutes ahead of the clock (skew) even when the command carries no business time', () => {
    // Without occurredAt the command's business time is its issue time, which passes the decider's own check.
    const unstamped = (dueAt: string) => command('RecordComplaintSlaBreach', undefined, { complaintId: K, milestone: 'resolution', dueAt });
    spec.given([acquired, filed]).when(unstamped('2025-06-01T12:05:00.000Z')).then([breached('resolution', '2025-06-01T12:05:00.000Z')]);
    spec.given([acquired, filed]).when(unstamped('2025-06-01T12:05:00.001Z')).thenViolates('occurred_in_future');
  });
  it('refuses an unknown complaint', () => void spec.given([acquired]).when(breach('resolution', resolveDue)).thenViolates('complaint_not_found'));
});
