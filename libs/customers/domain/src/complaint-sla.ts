/**
 * Service levels for complaints: per severity, how long acknowledgement and resolution may take,
 * counted in hours from the business time (`occurredAt`) of the filing (acknowledgement) and of the
 * start of the resolution cycle (the filing, or the latest reopening). The clock runs around the
 * clock: no business-hours calendar. Policy, not fact: due times are computed from the facts and
 * the policy in force, and a breach event records the due time that was applied.
 */
import type { ComplaintSeverity } from './events';
import type { SlaMilestone } from './complaint-handling';

export interface SlaTargets {
  readonly acknowledgeHours: number;
  readonly resolveHours: number;
}

export type ComplaintSlaPolicy = Readonly<Record<ComplaintSeverity, SlaTargets>>;

/** Defaults (LIFELINE_COMPLAINT_SLA overrides them); docs/events.md lists them. */
export const DEFAULT_COMPLAINT_SLA: ComplaintSlaPolicy = {
  critical: { acknowledgeHours: 1, resolveHours: 24 },
  high: { acknowledgeHours: 4, resolveHours: 72 },
  medium: { acknowledgeHours: 24, resolveHours: 120 },
  low: { acknowledgeHours: 48, resolveHours: 240 },
};

/** The facts a due time depends on, as the complaints read model keeps them. */
export interface ComplaintSlaFacts {
  readonly severity: ComplaintSeverity;
  readonly filedAt: string;
  /** Explicit acknowledgement, or the first resolution (which implies it); null while neither. */
  readonly acknowledgedAt: string | null;
  readonly status: 'open' | 'resolved';
  /** The latest resolution; null while never resolved. */
  readonly resolvedAt: string | null;
  /** The latest reopening; null if never reopened. */
  readonly reopenedAt: string | null;
}

export interface SlaDueTime {
  readonly milestone: SlaMilestone;
  readonly dueAt: string;
  /** When the milestone was met; null while it is not. */
  readonly metAt: string | null;
}

const HOUR_MS = 3_600_000;
const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();

/** The acknowledgement milestone and the current cycle's resolution milestone, with when (if) each was met. */
export function complaintDueTimes(facts: ComplaintSlaFacts, policy: ComplaintSlaPolicy): readonly [SlaDueTime, SlaDueTime] {
  const targets = policy[facts.severity];
  const cycleStart = facts.reopenedAt ?? facts.filedAt;
  return [
    { milestone: 'acknowledgement', dueAt: plusHours(facts.filedAt, targets.acknowledgeHours), metAt: facts.acknowledgedAt },
    { milestone: 'resolution', dueAt: plusHours(cycleStart, targets.resolveHours), metAt: facts.status === 'resolved' ? facts.resolvedAt : null },
  ];
}

/** Milestones whose due time has passed by `now` without being met by then. */
export function breachedMilestones(facts: ComplaintSlaFacts, policy: ComplaintSlaPolicy, now: string): SlaDueTime[] {
  const end = Date.parse(now);
  return complaintDueTimes(facts, policy).filter(
    (due) => Date.parse(due.dueAt) <= end && (due.metAt === null || Date.parse(due.metAt) > Date.parse(due.dueAt)),
  );
}
