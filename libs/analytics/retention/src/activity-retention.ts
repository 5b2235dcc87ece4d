/**
 * Activity retention: the share of each acquisition cohort with at least one purchase in period k
 * (k = 0 is the acquisition period). It needs no recorded churn, so it is what purchase-only data
 * (imported transactions) supports; churn-based retention on such data is 100 % by construction.
 */
import { addPeriods, type Granularity, periodLabel, periodStart } from './periods';
import { InvalidLifecycleError, type CohortRetention } from './cohort-retention';

export interface CustomerActivity {
  /** ISO-8601 instant. */
  readonly acquiredAt: string;
  /** Business times (ISO-8601 instants or 'YYYY-MM-DD' UTC days) of the customer's purchases, any order. */
  readonly purchasesAt: readonly string[];
}

export interface ActivityRetentionOptions {
  readonly granularity: Granularity;
  /** Data up to this instant is complete; only periods ended by then are reported. */
  readonly asOf: string;
}

const parse = (value: string, what: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidLifecycleError(`${what} must be an ISO-8601 time (got ${JSON.stringify(value)})`);
  return ms;
};

export function activityRetention(customers: readonly CustomerActivity[], options: ActivityRetentionOptions): CohortRetention[] {
  const asOf = parse(options.asOf, 'asOf');
  const { granularity } = options;
  // Per cohort start: its size and, per period index k, how many members bought in period k.
  const cohorts = new Map<number, { size: number; active: Map<number, number> }>();
  customers.forEach((customer, i) => {
    const acquired = parse(customer.acquiredAt, `customer ${i}: acquiredAt`);
    if (acquired >= asOf) return;
    const start = periodStart(acquired, granularity);
    const cohort = cohorts.get(start) ?? { size: 0, active: new Map<number, number>() };
    cohorts.set(start, cohort);
    cohort.size++;
    const periods = new Set<number>();
    for (const at of customer.purchasesAt) {
      const t = parse(at, `customer ${i}: purchase`);
      if (t >= asOf) continue;
      // A purchase before the acquisition (imports date acquisition at the first purchase, so this is rare) counts in period 0.
      periods.add(Math.max(0, periodIndex(start, t, granularity)));
    }
    for (const k of periods) cohort.active.set(k, (cohort.active.get(k) ?? 0) + 1);
  });
  return [...cohorts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, { size, active }]) => {
      const retention: number[] = [];
      for (let k = 0; addPeriods(start, k + 1, granularity) <= asOf; k++) retention.push((active.get(k) ?? 0) / size);
      return { cohort: periodLabel(start, granularity), size, retention };
    });
}

/** Index k of the period holding `t`, counted from the period starting at `start`. */
function periodIndex(start: number, t: number, granularity: Granularity): number {
  const s = new Date(start);
  const d = new Date(t);
  if (granularity === 'month') return (d.getUTCFullYear() - s.getUTCFullYear()) * 12 + (d.getUTCMonth() - s.getUTCMonth());
  return Math.floor((periodStart(t, 'week') - start) / (7 * 86_400_000));
}
