/**
 * Complaint handling against its service levels, as of a time, from complaint documents and
 * the SLA policy (pure; no clock). Milestones: acknowledgement (explicit, or implied by the first
 * resolution) due `acknowledgeHours` after the filing, and the first resolution due
 * `resolveHours` after it; reopened cycles show in the reopen rate.
 */
import { COMPLAINT_SEVERITIES, complaintDueTimes, type ComplaintSlaPolicy, type ComplaintSeverity } from '@lifeline/customers/domain';
import { percentileLinear } from './complaint-kpis';
import type { ComplaintDoc } from './complaints';

export const OPEN_AGE_BUCKETS = ['<1d', '1-3d', '3-7d', '7-30d', '>30d'] as const;
const BUCKET_UPPER_HOURS = [24, 72, 168, 720, Infinity];

export interface MilestoneFigures {
  /** Complaints whose due time had passed by asOf. */
  readonly due: number;
  /** Of those, not met by the due time. */
  readonly breached: number;
  readonly breachRate: number | null;
  /** ComplaintSlaBreached events with a due time by asOf (what the deadline process recorded). */
  readonly recordedBreaches: number;
}

export interface DurationFigures {
  readonly count: number;
  readonly medianHours: number | null;
  readonly p90Hours: number | null;
}

export interface GroupServiceLevels {
  readonly filed: number;
  readonly open: number;
  readonly acknowledgementBreachRate: number | null;
  readonly resolutionBreachRate: number | null;
  readonly medianHoursToAcknowledge: number | null;
  readonly medianHoursToResolve: number | null;
  readonly reopenRate: number | null;
}

export interface ComplaintServiceLevels {
  readonly openByAgeAndSeverity: { readonly buckets: readonly string[]; readonly bySeverity: Readonly<Record<ComplaintSeverity, readonly number[]>> };
  readonly milestones: { readonly acknowledgement: MilestoneFigures; readonly resolution: MilestoneFigures };
  readonly timeToAcknowledge: DurationFigures;
  readonly timeToResolve: DurationFigures;
  /** Among complaints resolved by asOf: the share reopened. */
  readonly reopenRate: { readonly resolved: number; readonly reopened: number; readonly rate: number | null };
  readonly byCategory: Readonly<Record<string, GroupServiceLevels>>;
  readonly byChannel: Readonly<Record<string, GroupServiceLevels>>;
  /** By month of filing, 'YYYY-MM' (UTC). */
  readonly byMonth: Readonly<Record<string, GroupServiceLevels>>;
}

const HOUR_MS = 3_600_000;
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

interface Seen {
  readonly doc: ComplaintDoc;
  readonly open: boolean;
  readonly ackHours: number | null;
  readonly resolveHours: number | null;
  /** null: not due by asOf; else whether breached. */
  readonly ackBreached: boolean | null;
  readonly resolutionBreached: boolean | null;
  readonly reopened: boolean;
  readonly recorded: { acknowledgement: number; resolution: number };
}

function assess(doc: ComplaintDoc, policy: ComplaintSlaPolicy, asOf: number): Seen {
  const filed = Date.parse(doc.filedAt);
  const by = (iso: string | null | undefined) => (iso != null && Date.parse(iso) <= asOf ? Date.parse(iso) : null);
  const acknowledged = by(doc.acknowledgedAt);
  const firstResolved = by(doc.firstResolvedAt ?? doc.resolvedAt);
  const currentResolved = by(doc.resolvedAt);
  const [ackDue, resolutionDue] = complaintDueTimes(
    { severity: doc.severity, filedAt: doc.filedAt, acknowledgedAt: null, status: 'open', resolvedAt: null, reopenedAt: null },
    policy,
  ).map((due) => Date.parse(due.dueAt)) as [number, number];
  const breached = (due: number, metAt: number | null) => (due > asOf ? null : metAt === null || metAt > due);
  const recorded = { acknowledgement: 0, resolution: 0 };
  for (const b of doc.breaches ?? []) if (Date.parse(b.dueAt) <= asOf) recorded[b.milestone]++;
  return {
    doc,
    open: currentResolved === null,
    ackHours: acknowledged === null ? null : (acknowledged - filed) / HOUR_MS,
    resolveHours: firstResolved === null ? null : (firstResolved - filed) / HOUR_MS,
    ackBreached: breached(ackDue, acknowledged),
    resolutionBreached: breached(resolutionDue, firstResolved),
    reopened: firstResolved !== null && (doc.reopenCount ?? 0) > 0 && by(doc.reopenedAt) !== null,
    recorded,
  };
}

function milestone(seen: readonly Seen[], key: 'ackBreached' | 'resolutionBreached', recorded: 'acknowledgement' | 'resolution'): MilestoneFigures {
  const due = seen.filter((s) => s[key] !== null);
  const breached = due.filter((s) => s[key] === true).length;
  return { due: due.length, breached, breachRate: ratio(breached, due.length), recordedBreaches: seen.reduce((n, s) => n + s.recorded[recorded], 0) };
}

function durations(values: readonly (number | null)[]): DurationFigures {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { count: sorted.length, medianHours: percentileLinear(sorted, 0.5), p90Hours: percentileLinear(sorted, 0.9) };
}

function group(seen: readonly Seen[]): GroupServiceLevels {
  const resolved = seen.filter((s) => s.resolveHours !== null);
  return {
    filed: seen.length,
    open: seen.filter((s) => s.open).length,
    acknowledgementBreachRate: milestone(seen, 'ackBreached', 'acknowledgement').breachRate,
    resolutionBreachRate: milestone(seen, 'resolutionBreached', 'resolution').breachRate,
    medianHoursToAcknowledge: durations(seen.map((s) => s.ackHours)).medianHours,
    medianHoursToResolve: durations(seen.map((s) => s.resolveHours)).medianHours,
    reopenRate: ratio(resolved.filter((s) => s.reopened).length, resolved.length),
  };
}

function groupBy(seen: readonly Seen[], key: (s: Seen) => string): Record<string, GroupServiceLevels> {
  const groups = new Map<string, Seen[]>();
  for (const s of seen) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, group(groups.get(k)!)]));
}

export function complaintServiceLevels(docs: Iterable<ComplaintDoc>, options: { readonly asOf: string; readonly policy: ComplaintSlaPolicy }): ComplaintServiceLevels {
  const asOf = Date.parse(options.asOf);
  if (Number.isNaN(asOf)) throw new RangeError(`asOf must be an ISO-8601 time (got "${options.asOf}")`);
  const seen = [...docs].filter((doc) => Date.parse(doc.filedAt) <= asOf).map((doc) => assess(doc, options.policy, asOf));
  const bySeverity = Object.fromEntries(COMPLAINT_SEVERITIES.map((s) => [s, OPEN_AGE_BUCKETS.map(() => 0)])) as Record<ComplaintSeverity, number[]>;
  for (const s of seen.filter((x) => x.open)) {
    const age = (asOf - Date.parse(s.doc.filedAt)) / HOUR_MS;
    bySeverity[s.doc.severity][BUCKET_UPPER_HOURS.findIndex((upper) => age < upper)]!++;
  }
  const resolved = seen.filter((s) => s.resolveHours !== null);
  const reopened = resolved.filter((s) => s.reopened).length;
  return {
    openByAgeAndSeverity: { buckets: OPEN_AGE_BUCKETS, bySeverity },
    milestones: { acknowledgement: milestone(seen, 'ackBreached', 'acknowledgement'), resolution: milestone(seen, 'resolutionBreached', 'resolution') },
    timeToAcknowledge: durations(seen.map((s) => s.ackHours)),
    timeToResolve: durations(seen.map((s) => s.resolveHours)),
    reopenRate: { resolved: resolved.length, reopened, rate: ratio(reopened, resolved.length) },
    byCategory: groupBy(seen, (s) => s.doc.category),
    byChannel: groupBy(seen, (s) => s.doc.channel),
    byMonth: groupBy(seen, (s) => s.doc.filedAt.slice(0, 7)),
  };
}
