/** Data → chart shapes of the customer-care panels (pure, unit-tested). */
import type { Schemas } from '../api/client';

/** NPS and CSAT per period (the last `count` periods), null where a period had no answer of that kind. */
export function satisfactionSeries(periods: readonly Schemas['SatisfactionPeriodDto'][], count: number): { labels: string[]; nps: (number | null)[]; csat: (number | null)[] } {
  const recent = periods.slice(-count);
  return {
    labels: recent.map((p) => (p.complete ? p.period : `${p.period} (so far)`)),
    nps: recent.map((p) => p.figures.nps.nps),
    csat: recent.map((p) => p.figures.csat.csatPercent),
  };
}

/** Customers and revenue share per RFM segment, in the answer's order. */
export function rfmBars(segments: readonly Schemas['RfmSegmentFiguresDto'][]): { labels: string[]; customers: number[]; revenuePercent: number[] } {
  return {
    labels: segments.map((s) => s.segment.replace(/_/g, ' ')),
    customers: segments.map((s) => s.customers),
    revenuePercent: segments.map((s) => (s.revenueShare ?? 0) * 100),
  };
}

export interface ServiceLevels {
  readonly openByAgeAndSeverity: { readonly buckets: readonly string[]; readonly bySeverity: Readonly<Record<string, readonly number[]>> };
  readonly milestones: Readonly<Record<'acknowledgement' | 'resolution', { readonly due: number; readonly breached: number; readonly breachRate: number | null }>>;
}

/** One stacked dataset per severity (most severe on top) over the open-age buckets. */
export function openByAgeStacks(levels: ServiceLevels): { labels: string[]; stacks: { severity: string; counts: number[] }[] } {
  const order = ['low', 'medium', 'high', 'critical'];
  return {
    labels: [...levels.openByAgeAndSeverity.buckets],
    stacks: order.filter((s) => s in levels.openByAgeAndSeverity.bySeverity).map((severity) => ({ severity, counts: [...levels.openByAgeAndSeverity.bySeverity[severity]!] })),
  };
}
