import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, type ComplaintCategory, type ComplaintSeverity } from '@lifeline/customers/domain';
import type { ComplaintDoc } from './complaints';

export interface ComplaintKpiOptions {
  /** ISO-8601 time the figures are as of: later filings are left out, later resolutions count as open. */
  readonly asOf: string;
  /** An open complaint older than this many hours is overdue. */
  readonly openOlderThanHours: number;
}

export interface ResolutionTimeStats {
  readonly count: number;
  readonly meanHours: number | null;
  readonly medianHours: number | null;
  /** 90th percentile, linear interpolation (numpy's default, R type 7). */
  readonly p90Hours: number | null;
}

export interface ComplaintGroupKpis {
  readonly open: number;
  readonly resolved: number;
  readonly meanResolutionHours: number | null;
}

export interface OverdueComplaint {
  readonly id: string;
  readonly customerId: string;
  readonly complaintId: string;
  readonly filedAt: string;
  readonly ageHours: number;
}

export interface ComplaintKpis {
  readonly asOf: string;
  readonly open: number;
  readonly resolved: number;
  readonly resolutionTime: ResolutionTimeStats;
  readonly byCategory: Readonly<Record<ComplaintCategory, ComplaintGroupKpis>>;
  readonly bySeverity: Readonly<Record<ComplaintSeverity, ComplaintGroupKpis>>;
  /** Over resolved complaints whose customer gave a satisfaction score. */
  readonly satisfaction: { readonly average: number | null; readonly answered: number };
  readonly openOlderThan: { readonly hours: number; readonly count: number; readonly complaints: readonly OverdueComplaint[] };
}

const MS_PER_HOUR = 3_600_000;

/**
 * Percentile `p` (0..1) of ascending `sorted` by linear interpolation between closest ranks:
 * h = (n - 1) p, value = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). This is
 * numpy.percentile's default ("linear") and R's quantile type 7.
 */
export function percentileLinear(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1 (got ${p})`);
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (h - lower) * (sorted[upper]! - sorted[lower]!);
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

function groupKpis(statuses: readonly { resolvedHours: number | null }[]): ComplaintGroupKpis {
  const hours = statuses.flatMap((s) => (s.resolvedHours === null ? [] : [s.resolvedHours]));
  return { open: statuses.length - hours.length, resolved: hours.length, meanResolutionHours: mean(hours) };
}

function groupBy<Key extends string, T>(keys: readonly Key[], items: readonly T[], keyOf: (item: T) => Key): Record<Key, T[]> {
  const groups = Object.fromEntries(keys.map((key) => [key, [] as T[]])) as Record<Key, T[]>;
  for (const item of items) (groups[keyOf(item)] ??= []).push(item);
  return groups;
}

function mapValues<Key extends string, T, R>(record: Record<Key, T>, f: (value: T) => R): Record<Key, R> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value as T)])) as Record<Key, R>;
}

/** Complaint figures as of a time, from complaint documents alone (pure; no clock). */
export function complaintKpis(docs: Iterable<ComplaintDoc>, options: ComplaintKpiOptions): ComplaintKpis {
  const asOfMs = Date.parse(options.asOf);
  if (Number.isNaN(asOfMs)) throw new RangeError(`asOf must be an ISO-8601 time (got "${options.asOf}")`);
  const threshold = options.openOlderThanHours;
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new RangeError(`openOlderThanHours must be a number of hours >= 0 (got ${threshold})`);
  }

  const seen = [...docs]
    .filter((doc) => Date.parse(doc.filedAt) <= asOfMs)
    .map((doc) => {
      const resolvedByThen = doc.resolvedAt !== null && Date.parse(doc.resolvedAt) <= asOfMs;
      return { doc, resolvedHours: resolvedByThen ? doc.resolutionHours : null };
    });
  const resolved = seen.filter((s) => s.resolvedHours !== null);
  const open = seen.filter((s) => s.resolvedHours === null);
  const hours = resolved.map((s) => s.resolvedHours!).sort((a, b) => a - b);
  const scores = resolved.flatMap((s) => (s.doc.satisfaction === null ? [] : [s.doc.satisfaction]));

  const overdue = open
    .map(({ doc }) => ({
      id: `${doc.customerId}:${doc.complaintId}`,
      customerId: doc.customerId,
      complaintId: doc.complaintId,
      filedAt: doc.filedAt,
      ageHours: (asOfMs - Date.parse(doc.filedAt)) / MS_PER_HOUR,
    }))
    .filter((c) => c.ageHours > threshold)
    .sort((a, b) => b.ageHours - a.ageHours || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    asOf: new Date(asOfMs).toISOString(),
    open: open.length,
    resolved: resolved.length,
    resolutionTime: {
      count: hours.length,
      meanHours: mean(hours),
      medianHours: percentileLinear(hours, 0.5),
      p90Hours: percentileLinear(hours, 0.9),
    },
    byCategory: mapValues(groupBy(COMPLAINT_CATEGORIES, seen, (s) => s.doc.category), groupKpis),
    bySeverity: mapValues(groupBy(COMPLAINT_SEVERITIES, seen, (s) => s.doc.severity), groupKpis),
    satisfaction: { average: mean(scores), answered: scores.length },
    openOlderThan: { hours: threshold, count: overdue.length, complaints: overdue },
  };
}
