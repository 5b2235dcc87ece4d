/**
 * Complaint handling after ISO 10002 — acknowledge, assign, escalate, resolve, reopen — and the
 * service-level breaches the deadline process records. Commands, events and rules of these steps
 * live here; decider.ts hands these commands over, state.ts these events.
 *
 * Decided: a resolution without an explicit acknowledgement **implies** the acknowledgement (at
 * the resolution's time): answering the complainant is the acknowledgement. It is not refused,
 * and no separate event is written; read models record it as implicit.
 */
import type { CommandOf } from './commands';
import { MAX_FUTURE_SKEW_MS } from './decider';
import type { EventOf } from './events';
import { RuleViolation } from './rule-violation';
import type { ComplaintState, CustomerState } from './state';

export const SLA_MILESTONES = ['acknowledgement', 'resolution'] as const;
export type SlaMilestone = (typeof SLA_MILESTONES)[number];

/** 1: team lead, 2: department head / complaints manager, 3: management or an external body. */
export const ESCALATION_LEVELS = [1, 2, 3] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** A resolved complaint may be reopened for this long after its resolution (default of the decider option). */
export const DEFAULT_REOPEN_WINDOW_DAYS = 30;

export type AcknowledgeComplaint = CommandOf<'AcknowledgeComplaint', { complaintId: string; acknowledgedBy: string }>;
export type AssignComplaint = CommandOf<'AssignComplaint', { complaintId: string; agent?: string; team?: string }>;
export type EscalateComplaint = CommandOf<'EscalateComplaint', { complaintId: string; level: EscalationLevel; reason: string }>;
export type ReopenComplaint = CommandOf<'ReopenComplaint', { complaintId: string; reason: string }>;
/** Issued by the deadline process; `occurredAt` is the due time that passed. */
export type RecordComplaintSlaBreach = CommandOf<'RecordComplaintSlaBreach', { complaintId: string; milestone: SlaMilestone; dueAt: string }>;

export type ComplaintHandlingCommand = AcknowledgeComplaint | AssignComplaint | EscalateComplaint | ReopenComplaint | RecordComplaintSlaBreach;

export type ComplaintAcknowledged = EventOf<'ComplaintAcknowledged', { customerId: string; complaintId: string; acknowledgedBy: string }>;
export type ComplaintAssigned = EventOf<'ComplaintAssigned', { customerId: string; complaintId: string; agent?: string; team?: string }>;
export type ComplaintEscalated = EventOf<'ComplaintEscalated', { customerId: string; complaintId: string; level: EscalationLevel; reason: string }>;
export type ComplaintReopened = EventOf<'ComplaintReopened', { customerId: string; complaintId: string; reason: string }>;
export type ComplaintSlaBreached = EventOf<'ComplaintSlaBreached', { customerId: string; complaintId: string; milestone: SlaMilestone; dueAt: string }>;

export type ComplaintHandlingEvent = ComplaintAcknowledged | ComplaintAssigned | ComplaintEscalated | ComplaintReopened | ComplaintSlaBreached;

export const COMPLAINT_HANDLING_COMMAND_TYPES: readonly ComplaintHandlingCommand['type'][] = [
  'AcknowledgeComplaint',
  'AssignComplaint',
  'EscalateComplaint',
  'ReopenComplaint',
  'RecordComplaintSlaBreach',
];

export const COMPLAINT_HANDLING_EVENT_TYPES: readonly ComplaintHandlingEvent['type'][] = [
  'ComplaintAcknowledged',
  'ComplaintAssigned',
  'ComplaintEscalated',
  'ComplaintReopened',
  'ComplaintSlaBreached',
];

export function isComplaintHandlingCommand(command: { type: string }): command is ComplaintHandlingCommand {
  return (COMPLAINT_HANDLING_COMMAND_TYPES as readonly string[]).includes(command.type);
}

const ms = (iso: string) => Date.parse(iso);
const DAY_MS = 86_400_000;

/** Key of one recorded breach: a milestone can be breached once per due time (a reopening starts a new resolution clock). */
export const breachKey = (milestone: SlaMilestone, dueAt: string) => `${milestone}@${new Date(dueAt).toISOString()}`;

/** When the complaint counts as acknowledged: explicitly, or implicitly by its first resolution. */
export function acknowledgedAt(complaint: ComplaintState): string | undefined {
  return complaint.acknowledgedAt ?? complaint.firstResolvedAt;
}

export function decideComplaintHandling(
  command: ComplaintHandlingCommand,
  state: CustomerState,
  occurredAt: string,
  options: { readonly reopenWindowDays?: number },
): readonly ComplaintHandlingEvent[] | RuleViolation {
  const { customerId } = command;
  const { complaintId } = command.payload;
  const complaint = state.complaints.get(complaintId);
  if (!complaint) return new RuleViolation('complaint_not_found', `complaint ${complaintId} does not exist for customer ${customerId}`);
  const beforeFiling = () =>
    ms(occurredAt) < ms(complaint.filedAt)
      ? new RuleViolation('complaint_step_before_filing', `${occurredAt} is before complaint ${complaintId} was filed (${complaint.filedAt})`)
      : undefined;
  const notOpen = () => (complaint.open ? undefined : new RuleViolation('complaint_not_open', `complaint ${complaintId} is resolved`));

  switch (command.type) {
    case 'AcknowledgeComplaint': {
      const refused = notOpen() ?? beforeFiling();
      if (refused) return refused;
      if (complaint.acknowledgedAt !== undefined) {
        return new RuleViolation('complaint_already_acknowledged', `complaint ${complaintId} was acknowledged at ${complaint.acknowledgedAt}`);
      }
      return [{ type: 'ComplaintAcknowledged', schemaVersion: 1, occurredAt, data: { customerId, complaintId, acknowledgedBy: command.payload.acknowledgedBy } }];
    }
    case 'AssignComplaint': {
      const refused = notOpen() ?? beforeFiling();
      if (refused) return refused;
      const { agent, team } = command.payload;
      if (agent === undefined && team === undefined) return new RuleViolation('assignment_without_assignee', 'an assignment names an agent, a team or both');
      return [
        {
          type: 'ComplaintAssigned',
          schemaVersion: 1,
          occurredAt,
          data: { customerId, complaintId, ...(agent !== undefined && { agent }), ...(team !== undefined && { team }) },
        },
      ];
    }
    case 'EscalateComplaint': {
      const refused = notOpen() ?? beforeFiling();
      if (refused) return refused;
      const { level, reason } = command.payload;
      const current = complaint.escalationLevel ?? 0;
      if (level <= current) {
        return new RuleViolation('escalation_level_not_higher', `complaint ${complaintId} is already escalated to level ${current}; escalate to a higher level`);
      }
      return [{ type: 'ComplaintEscalated', schemaVersion: 1, occurredAt, data: { customerId, complaintId, level, reason } }];
    }
    case 'ReopenComplaint': {
      if (complaint.open || complaint.resolvedAt === undefined) {
        return new RuleViolation('complaint_not_resolved', `complaint ${complaintId} is open; only a resolved complaint can be reopened`);
      }
      if (ms(occurredAt) < ms(complaint.resolvedAt)) {
        return new RuleViolation('reopen_before_resolution', `reopening at ${occurredAt} is before the resolution (${complaint.resolvedAt})`);
      }
      const windowDays = options.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
      if (ms(occurredAt) > ms(complaint.resolvedAt) + windowDays * DAY_MS) {
        return new RuleViolation(
          'reopen_window_expired',
          `complaint ${complaintId} was resolved at ${complaint.resolvedAt}; it can be reopened within ${windowDays} days of that, file a new complaint instead`,
        );
      }
      return [{ type: 'ComplaintReopened', schemaVersion: 1, occurredAt, data: { customerId, complaintId, reason: command.payload.reason } }];
    }
    case 'RecordComplaintSlaBreach': {
      const { milestone } = command.payload;
      const dueAt = new Date(command.payload.dueAt).toISOString();
      if (complaint.breaches?.includes(breachKey(milestone, dueAt))) {
        return new RuleViolation('sla_breach_already_recorded', `the ${milestone} breach of complaint ${complaintId} due at ${dueAt} is already recorded`);
      }
      if (ms(dueAt) > ms(command.issuedAt) + MAX_FUTURE_SKEW_MS) return new RuleViolation('occurred_in_future', `due time ${dueAt} has not passed yet`);
      const metAt = milestone === 'acknowledgement' ? acknowledgedAt(complaint) : resolutionOfCycle(complaint, dueAt);
      if (metAt !== undefined && ms(metAt) <= ms(dueAt)) {
        return new RuleViolation('sla_not_breached', `complaint ${complaintId}'s ${milestone} was met at ${metAt}, by its due time ${dueAt}`);
      }
      if (ms(dueAt) < ms(complaint.filedAt)) return new RuleViolation('complaint_step_before_filing', `due time ${dueAt} is before complaint ${complaintId} was filed`);
      return [{ type: 'ComplaintSlaBreached', schemaVersion: 1, occurredAt: dueAt, data: { customerId, complaintId, milestone, dueAt } }];
    }
  }
}

/**
 * The resolution that ended the resolution cycle `dueAt` belongs to (a reopening starts a new cycle), if any.
 * A due time at the reopening's very instant is the earlier cycle's: the new cycle's due times lie a
 * positive number of hours after it.
 */
function resolutionOfCycle(complaint: ComplaintState, dueAt: string): string | undefined {
  const inEarlierCycle = complaint.reopenedAt !== undefined && ms(dueAt) <= ms(complaint.reopenedAt);
  return complaint.open && !inEarlierCycle ? undefined : complaint.resolvedAt;
}

/** State changes of the complaint-handling events (state.ts hands them over). */
export function evolveComplaintHandling(state: CustomerState, event: ComplaintHandlingEvent): CustomerState {
  const complaint = state.complaints.get(event.data.complaintId);
  if (!complaint) return state;
  const next = (changed: Partial<ComplaintState>): CustomerState => ({
    ...state,
    complaints: state.complaints.set(event.data.complaintId, { ...complaint, ...changed }),
  });
  switch (event.type) {
    case 'ComplaintAcknowledged':
      return next({ acknowledgedAt: event.occurredAt });
    case 'ComplaintAssigned':
      return state;
    case 'ComplaintEscalated':
      return next({ escalationLevel: event.data.level });
    case 'ComplaintReopened':
      return next({ open: true, reopenedAt: event.occurredAt });
    case 'ComplaintSlaBreached':
      return next({ breaches: [...(complaint.breaches ?? []), breachKey(event.data.milestone, event.data.dueAt)] });
  }
}
