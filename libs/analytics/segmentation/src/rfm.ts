/**
 * RFM scoring and segments over the customers with at least one purchase by `asOf`.
 *
 * - Recency: days from the last purchase to asOf (fewer is better); Frequency: purchases;
 *   Monetary: revenue (minor units), summed exactly as BigInt; its score ranks the sums as doubles,
 *   so two sums past 2^53 minor units that differ by less than a double resolves tie (no practical effect).
 * - Scores 1–5 by quintiles of the rank: score = floor(5 · b / n) + 1, where b is the number of
 *   customers strictly worse on that measure and n the number scored. **Ties** therefore share one
 *   score, the one the first of them in rank order would get (no arbitrary split of equal values);
 *   quintile sizes differ when many customers tie (e.g. one-time buyers all have F = 1).
 * - Segments from R and F (M is reported, not used to name): the usual 5×5 grid, see RFM_SEGMENTS.
 */
export interface RfmInput {
  readonly customerId: string;
  /**
   * 'YYYY-MM-DD' days or ISO instants of purchases, with the amount in integer minor units (a number,
   * a bigint or a decimal string, as purchase histories store day totals) and how many purchases (default 1).
   */
  readonly purchases: readonly { readonly at: string; readonly amountMinor: number | bigint | string; readonly count?: number }[];
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
  /** Exact. */
  readonly monetaryMinor: bigint;
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
    return [{ customerId: c.customerId, recencyDays: (end - last) / DAY_MS, frequency: known.reduce((s, p) => s + (p.count ?? 1), 0), monetaryMinor: known.reduce((s, p) => s + BigInt(p.amountMinor), 0n) }];
  });
  const r = quintileScores(rows.map((row) => -row.recencyDays));
  const f = quintileScores(rows.map((row) => row.frequency));
  const m = quintileScores(rows.map((row) => Number(row.monetaryMinor)));
  return rows.map((row, i) => ({ ...row, r: r[i]!, f: f[i]!, m: m[i]!, segment: rfmSegmentOf(r[i]!, f[i]!) }));
}

export interface AbcCustomer {
  readonly customerId: string;
  /** Exact integer minor units. */
  readonly revenueMinor: bigint;
}

export type AbcClass = 'A' | 'B' | 'C';

/**
 * ABC by revenue: customers in descending revenue (ties by id) make up the cumulative share; a
 * customer is A while the share before it is below 80 %, B below 95 %, else C (so A is the
 * smallest set reaching 80 %). Customers without revenue are C.
 */
export function abcClasses(customers: readonly AbcCustomer[], thresholds = { a: 0.8, b: 0.95 }): Map<string, AbcClass> {
  const sorted = [...customers].sort((x, y) => compareBigInt(y.revenueMinor, x.revenueMinor) || (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0));
  const positive = (v: bigint) => (v > 0n ? v : 0n);
  const total = sorted.reduce((s, c) => s + positive(c.revenueMinor), 0n);
  const classes = new Map<string, AbcClass>();
  let before = 0n;
  for (const c of sorted) {
    // Shares as doubles: a class boundary is a percentage, not an amount.
    const share = total > 0n ? Number(before) / Number(total) : 1;
    classes.set(c.customerId, c.revenueMinor <= 0n ? 'C' : share < thresholds.a ? 'A' : share < thresholds.b ? 'B' : 'C');
    before += positive(c.revenueMinor);
  }
  return classes;
}

/** Ascending order of two bigints, as a sort comparator wants it. */
export function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
