/**
 * RFM scoring and segments over the customers with at least one purchase by `asOf`.
 *
 * - Recency: days from the last purchase to asOf (fewer is better); Frequency: purchases;
 *   Monetary: revenue (minor units).
 * - Scores 1–5 by quintiles of the rank: score = floor(5 · b / n) + 1, where b is the number of
 *   customers strictly worse on that measure and n the number scored. **Ties** therefore share one
 *   score, the one the first of them in rank order would get (no arbitrary split of equal values);
 *   quintile sizes differ when many customers tie (e.g. one-time buyers all have F = 1).
 * - Segments from R and F (M is reported, not used to name): the usual 5×5 grid, see RFM_SEGMENTS.
 */
export interface RfmInput {
  readonly customerId: string;
  /** 'YYYY-MM-DD' days or ISO instants of purchases, with the amount in minor units and how many purchases (default 1). */
  readonly purchases: readonly { readonly at: string; readonly amountMinor: number; readonly count?: number }[];
}

export const RFM_SEGMENT_NAMES = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose',
  'hibernating',
] as const;
export type RfmSegment = (typeof RFM_SEGMENT_NAMES)[number];

/** Segment by R score (row) and F score (column), both 1–5. */
export function rfmSegmentOf(r: number, f: number): RfmSegment {
  if (r <= 2) return f <= 2 ? 'hibernating' : f <= 4 ? 'at_risk' : 'cannot_lose';
  if (r === 3) return f <= 2 ? 'about_to_sleep' : f === 3 ? 'need_attention' : 'loyal';
  if (f === 1) return r === 4 ? 'promising' : 'new';
  if (f <= 3) return 'potential_loyalists';
  return r === 4 ? 'loyal' : 'champions';
}

export interface RfmScore {
  readonly customerId: string;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryMinor: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmSegment;
}

const DAY_MS = 86_400_000;

/** Quintile score of each value: higher values score higher. */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  // Number of values strictly below v = index of v's first occurrence in sorted order.
  const firstIndex = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!firstIndex.has(v)) firstIndex.set(v, i);
  });
  return values.map((v) => Math.floor((5 * firstIndex.get(v)!) / n) + 1);
}

export function rfmScores(customers: readonly RfmInput[], asOf: string): RfmScore[] {
  const end = Date.parse(asOf);
  const rows = customers.flatMap((c) => {
    const known = c.purchases.filter((p) => Date.parse(p.at) <= end);
    if (known.length === 0) return [];
    const last = Math.max(...known.map((p) => Date.parse(p.at)));
    return [{ customerId: c.customerId, recencyDays: (end - last) / DAY_MS, frequency: known.reduce((s, p) => s + (p.count ?? 1), 0), monetaryMinor: known.reduce((s, p) => s + p.amountMinor, 0) }];
  });
  const r = quintileScores(rows.map((row) => -row.recencyDays));
  const f = quintileScores(rows.map((row) => row.frequency));
  const m = quintileScores(rows.map((row) => row.monetaryMinor));
  return rows.map((row, i) => ({ ...row, r: r[i]!, f: f[i]!, m: m[i]!, segment: rfmSegmentOf(r[i]!, f[i]!) }));
}

export interface AbcCustomer {
  readonly customerId: string;
  readonly revenueMinor: number;
}

export type AbcClass = 'A' | 'B' | 'C';

/**
 * ABC by revenue: customers in descending revenue (ties by id) make up the cumulative share; a
 * customer is A while the share before it is below 80 %, B below 95 %, else C (so A is the
 * smallest set reaching 80 %). Customers without revenue are C.
 */
export function abcClasses(customers: readonly AbcCustomer[], thresholds = { a: 0.8, b: 0.95 }): Map<string, AbcClass> {
  const sorted = [...customers].sort((x, y) => y.revenueMinor - x.revenueMinor || (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0));
  const total = sorted.reduce((s, c) => s + Math.max(0, c.revenueMinor), 0);
  const classes = new Map<string, AbcClass>();
  let before = 0;
  for (const c of sorted) {
    const share = total > 0 ? before / total : 1;
    classes.set(c.customerId, c.revenueMinor <= 0 ? 'C' : share < thresholds.a ? 'A' : share < thresholds.b ? 'B' : 'C');
    before += Math.max(0, c.revenueMinor);
  }
  return classes;
}
