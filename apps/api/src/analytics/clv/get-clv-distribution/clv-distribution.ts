import type { CustomerClvDocument } from '../clv-store';

export interface ClvSummary {
  readonly customers: number;
  readonly totalClvMinor: number;
  readonly meanClvMinor: number | null;
}

/** Decile 1 is the most valuable tenth of the customers by predicted CLV, decile 10 the least. */
export interface ClvDecile extends ClvSummary {
  readonly decile: number;
  readonly minClvMinor: number | null;
  readonly maxClvMinor: number | null;
  /** Share of the total predicted value this decile holds. */
  readonly shareOfTotal: number | null;
}

export interface ClvDistribution {
  readonly overall: ClvSummary;
  /** Customers whose recorded churn (no reactivation after it) overrode the model: P(alive) and CLV 0. */
  readonly zeroedByRecordedChurn: number;
  readonly deciles: readonly ClvDecile[];
  readonly bySegment: readonly (ClvSummary & { readonly segment: string })[];
  readonly top: readonly CustomerClvDocument[];
}

const summarize = (values: readonly number[]): ClvSummary => {
  const total = values.reduce((s, v) => s + v, 0);
  return { customers: values.length, totalClvMinor: total, meanClvMinor: values.length === 0 ? null : total / values.length };
};

/**
 * Deciles by rank: customers sorted by CLV (descending, ties by id) and cut into ten groups
 * whose sizes differ by at most one (the first n mod 10 deciles get the extra customer).
 */
export function clvDistribution(scores: readonly CustomerClvDocument[], top: number): ClvDistribution {
  const sorted = [...scores].sort((a, b) => b.clvMinor - a.clvMinor || (a.customerId < b.customerId ? -1 : 1));
  const overall = summarize(sorted.map((s) => s.clvMinor));
  const deciles: ClvDecile[] = [];
  const base = Math.floor(sorted.length / 10);
  const extra = sorted.length % 10;
  for (let d = 0, from = 0; d < 10; d++) {
    const size = base + (d < extra ? 1 : 0);
    const values = sorted.slice(from, from + size).map((s) => s.clvMinor);
    from += size;
    const summary = summarize(values);
    deciles.push({
      decile: d + 1,
      ...summary,
      minClvMinor: values.length === 0 ? null : values[values.length - 1],
      maxClvMinor: values.length === 0 ? null : values[0],
      shareOfTotal: overall.totalClvMinor > 0 ? summary.totalClvMinor / overall.totalClvMinor : null,
    });
  }
  const segments = new Map<string, number[]>();
  for (const s of sorted) {
    const key = s.segment ?? '(none)';
    const list = segments.get(key) ?? [];
    list.push(s.clvMinor);
    segments.set(key, list);
  }
  const bySegment = [...segments.keys()].sort().map((segment) => ({ segment, ...summarize(segments.get(segment)!) }));
  const zeroedByRecordedChurn = sorted.filter((s) => s.recordedChurnAt != null).length;
  return { overall, zeroedByRecordedChurn, deciles, bySegment, top: sorted.slice(0, top) };
}
