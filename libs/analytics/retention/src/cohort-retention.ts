/**
 * Cohort retention, churn rates and relationship length from customers' status histories.
 * A customer is active from acquisition until a 'churned' entry, active again after an 'active'
 * (reactivation) entry, and so on. "Active at the end of a period" means: status after every
 * entry strictly before the next period's start. Only periods that have fully ended by `asOf` are reported.
 */
import { kaplanMeier, restrictedMeanSurvival } from '@lifeline/analytics/survival';
import { addPeriods, Granularity, periodLabel, periodStart } from './periods';

export type LifecycleStatus = 'active' | 'churned';

export interface CustomerLifecycle {
  /** ISO-8601 instant. */
  acquiredAt: string;
  statusHistory: readonly { status: LifecycleStatus; at: string }[];
}

export interface RetentionOptions {
  granularity: Granularity;
  /** ISO-8601 instant up to which data is complete. */
  asOf: string;
}

export interface CohortRetention {
  cohort: string;
  size: number;
  /** retention[k]: share of the cohort active at the end of period k (k = 0 is the acquisition period). */
  retention: number[];
}

export interface PeriodChurn {
  period: string;
  activeAtStart: number;
  churnEvents: number;
  /** churnEvents / activeAtStart; null when nobody was active at the start. */
  churnRate: number | null;
}

export interface RelationshipLength {
  customers: number;
  churned: number;
  /** Mean of observed spans in days: acquisition to the churn that ended the relationship, or to asOf if still active. Biased down by censoring. */
  meanObservedDays: number | null;
  /** Kaplan–Meier restricted mean in days up to `horizonDays`, the longest observed span: accounts for customers still active. */
  restrictedMeanDays: number | null;
  horizonDays: number | null;
}

export class InvalidLifecycleError extends Error {}

const MS_PER_DAY = 86_400_000;

interface Timeline {
  acquired: number;
  /** Status changes only (repeated statuses removed), sorted by time. */
  changes: { status: LifecycleStatus; at: number }[];
}

function parseInstant(value: string, what: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidLifecycleError(`${what} must be an ISO-8601 timestamp (got ${JSON.stringify(value)})`);
  return ms;
}

function toTimelines(customers: readonly CustomerLifecycle[]): Timeline[] {
  return customers.map((customer, i) => {
    const acquired = parseInstant(customer.acquiredAt, `customer ${i}: acquiredAt`);
    const entries = (customer.statusHistory ?? []).map((entry, j) => {
      if (entry.status !== 'active' && entry.status !== 'churned') {
        throw new InvalidLifecycleError(`customer ${i}: status ${j} must be 'active' or 'churned' (got ${JSON.stringify(entry.status)})`);
      }
      const at = parseInstant(entry.at, `customer ${i}: status ${j} at`);
      if (at < acquired) throw new InvalidLifecycleError(`customer ${i}: status ${j} (${entry.at}) is before acquisition (${customer.acquiredAt})`);
      return { status: entry.status, at };
    });
    entries.sort((a, b) => a.at - b.at);
    const changes: Timeline['changes'] = [];
    let current: LifecycleStatus = 'active';
    for (const entry of entries) {
      if (entry.status !== current) changes.push(entry);
      current = entry.status;
    }
    return { acquired, changes };
  });
}

/** Status just before `instant` (entries at exactly `instant` belong to the next period). */
function isActiveBefore(timeline: Timeline, instant: number): boolean {
  let status: LifecycleStatus = 'active';
  for (const change of timeline.changes) {
    if (change.at >= instant) break;
    status = change.status;
  }
  return status === 'active';
}

export function cohortRetention(customers: readonly CustomerLifecycle[], options: RetentionOptions): CohortRetention[] {
  const asOf = parseInstant(options.asOf, 'asOf');
  const { granularity } = options;
  const cohorts = new Map<number, Timeline[]>();
  for (const timeline of toTimelines(customers)) {
    if (timeline.acquired >= asOf) continue;
    const start = periodStart(timeline.acquired, granularity);
    cohorts.set(start, [...(cohorts.get(start) ?? []), timeline]);
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, members]) => {
      const retention: number[] = [];
      for (let k = 0; addPeriods(start, k + 1, granularity) <= asOf; k++) {
        const end = addPeriods(start, k + 1, granularity);
        retention.push(members.filter((m) => isActiveBefore(m, end)).length / members.length);
      }
      return { cohort: periodLabel(start, granularity), size: members.length, retention };
    });
}

/** Churn per calendar period, from the first acquisition period to the last fully observed one. */
export function churnRates(customers: readonly CustomerLifecycle[], options: RetentionOptions): PeriodChurn[] {
  const asOf = parseInstant(options.asOf, 'asOf');
  const { granularity } = options;
  const timelines = toTimelines(customers).filter((t) => t.acquired < asOf);
  if (timelines.length === 0) return [];
  const first = periodStart(Math.min(...timelines.map((t) => t.acquired)), granularity);
  const out: PeriodChurn[] = [];
  for (let k = 0; addPeriods(first, k + 1, granularity) <= asOf; k++) {
    const start = addPeriods(first, k, granularity);
    const end = addPeriods(first, k + 1, granularity);
    const activeAtStart = timelines.filter((t) => t.acquired < start && isActiveBefore(t, start)).length;
    const churnEvents = timelines.reduce((n, t) => n + t.changes.filter((c) => c.status === 'churned' && c.at >= start && c.at < end).length, 0);
    out.push({ period: periodLabel(start, granularity), activeAtStart, churnEvents, churnRate: activeAtStart > 0 ? churnEvents / activeAtStart : null });
  }
  return out;
}

/**
 * Relationship length in days. A relationship ends at the churn that is still in force at asOf
 * (a reactivated customer's earlier churn does not end it); customers active at asOf are censored there.
 */
export function relationshipLength(customers: readonly CustomerLifecycle[], asOfIso: string): RelationshipLength {
  const asOf = parseInstant(asOfIso, 'asOf');
  const spans = toTimelines(customers)
    .filter((t) => t.acquired <= asOf)
    .map((t) => {
      const known = t.changes.filter((c) => c.at <= asOf);
      const last = known[known.length - 1];
      const churned = last !== undefined && last.status === 'churned';
      return { duration: ((churned ? last.at : asOf) - t.acquired) / MS_PER_DAY, observed: churned };
    });
  if (spans.length === 0) return { customers: 0, churned: 0, meanObservedDays: null, restrictedMeanDays: null, horizonDays: null };
  const curve = kaplanMeier(spans);
  const horizonDays = Math.max(...spans.map((s) => s.duration));
  return {
    customers: spans.length,
    churned: spans.filter((s) => s.observed).length,
    meanObservedDays: spans.reduce((sum, s) => sum + s.duration, 0) / spans.length,
    restrictedMeanDays: restrictedMeanSurvival(curve, horizonDays),
    horizonDays,
  };
}
