import { formatMinorUnits } from '@lifeline/customers/domain';
import { addPeriods, periodLabel, periodStart, type Granularity } from '@lifeline/analytics/retention';
import { purchaseDays, type PurchaseHistory } from '@lifeline/projections/purchase-history';
import type { CustomerFacts } from '../shared/customer-facts';
import { NO_SEGMENT } from '../shared/lifecycle-filter';

/**
 * Sums are added up exactly (BigInt) and answered twice: `revenueAmount`, the exact decimal string of
 * the currency, and `revenueMinor`, integer minor units as a number (exact below 2^53, kept for
 * existing readers). Averages are unrounded doubles of minor units: estimates, not sums.
 */
export interface RevenuePeriod {
  readonly period: string;
  /** False for the period asOf falls in: it is still filling up. */
  readonly complete: boolean;
  readonly purchases: number;
  readonly revenueMinor: number;
  readonly revenueAmount: string;
  /** Customers acquired before the period ended (the base the revenue is spread over). */
  readonly customers: number;
  readonly revenuePerCustomerMinor: number | null;
}

export interface RevenueGroup {
  /** Acquisition cohort ('2025-03', '2025-W10') or segment. */
  readonly group: string;
  readonly customers: number;
  readonly buyers: number;
  readonly purchases: number;
  readonly revenueMinor: number;
  readonly revenueAmount: string;
  readonly revenuePerCustomerMinor: number;
}

export interface RevenueReport {
  readonly currency: string | null;
  readonly totals: Omit<RevenueGroup, 'group'>;
  readonly periods: readonly RevenuePeriod[];
  readonly groups: readonly RevenueGroup[];
}

/**
 * Historical value: revenue and purchases to date (UTC-day resolution: every purchase on a day
 * up to and including asOf's day counts), per calendar period and per acquisition cohort or segment.
 */
export function revenueReport(
  customers: readonly CustomerFacts[],
  histories: readonly PurchaseHistory[],
  options: { asOf: string; granularity: Granularity; by: 'cohort' | 'segment' },
): RevenueReport {
  const asOf = Date.parse(options.asOf);
  const lastDay = new Date(asOf).toISOString().slice(0, 10);
  const historyOf = new Map(histories.map((h) => [h.customerId, h]));
  const periodRevenue = new Map<number, { purchases: number; revenueMinor: bigint }>();
  const acquisitions: number[] = [];
  const groups = new Map<string, { customers: number; buyers: number; purchases: number; revenueMinor: bigint }>();
  let currency: string | null = null;
  let first = Infinity;

  for (const customer of customers) {
    const acquired = Date.parse(customer.acquiredAt);
    if (acquired > asOf) continue;
    acquisitions.push(acquired);
    first = Math.min(first, acquired);
    const label = options.by === 'cohort' ? periodLabel(periodStart(acquired, options.granularity), options.granularity) : (customer.segment ?? NO_SEGMENT);
    const group = groups.get(label) ?? { customers: 0, buyers: 0, purchases: 0, revenueMinor: 0n };
    groups.set(label, group);
    group.customers++;
    const history = historyOf.get(customer.customerId);
    if (history === undefined) continue;
    currency ??= history.currency;
    let bought = false;
    for (const { day, amountMinor: dayTotal, count } of purchaseDays(history)) {
      if (day > lastDay) break; // days are sorted
      const dayMs = Date.parse(`${day}T00:00:00Z`);
      first = Math.min(first, dayMs);
      const start = periodStart(dayMs, options.granularity);
      const period = periodRevenue.get(start) ?? { purchases: 0, revenueMinor: 0n };
      periodRevenue.set(start, period);
      const amountMinor = BigInt(dayTotal);
      period.purchases += count;
      period.revenueMinor += amountMinor;
      group.purchases += count;
      group.revenueMinor += amountMinor;
      bought = true;
    }
    if (bought) group.buyers++;
  }

  acquisitions.sort((a, b) => a - b);
  const periods: RevenuePeriod[] = [];
  if (first !== Infinity) {
    let acquiredSoFar = 0;
    for (let start = periodStart(first, options.granularity); start <= asOf; start = addPeriods(start, 1, options.granularity)) {
      const end = addPeriods(start, 1, options.granularity);
      while (acquiredSoFar < acquisitions.length && acquisitions[acquiredSoFar] < end) acquiredSoFar++;
      const { purchases, revenueMinor } = periodRevenue.get(start) ?? { purchases: 0, revenueMinor: 0n };
      periods.push({
        period: periodLabel(start, options.granularity),
        complete: end <= asOf,
        purchases,
        revenueMinor: Number(revenueMinor),
        revenueAmount: formatMinorUnits(revenueMinor),
        customers: acquiredSoFar,
        revenuePerCustomerMinor: acquiredSoFar === 0 ? null : Number(revenueMinor) / acquiredSoFar,
      });
    }
  }

  const sortedGroups = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const groupList: RevenueGroup[] = sortedGroups.map(([group, g]) => ({
    group,
    customers: g.customers,
    buyers: g.buyers,
    purchases: g.purchases,
    revenueMinor: Number(g.revenueMinor),
    revenueAmount: formatMinorUnits(g.revenueMinor),
    revenuePerCustomerMinor: Number(g.revenueMinor) / g.customers,
  }));
  const sum = (f: (g: RevenueGroup) => number) => groupList.reduce((s, g) => s + f(g), 0);
  const totalCustomers = sum((g) => g.customers);
  const totalRevenue = sortedGroups.reduce((s, [, g]) => s + g.revenueMinor, 0n);
  return {
    currency,
    totals: {
      customers: totalCustomers,
      buyers: sum((g) => g.buyers),
      purchases: sum((g) => g.purchases),
      revenueMinor: Number(totalRevenue),
      revenueAmount: formatMinorUnits(totalRevenue),
      revenuePerCustomerMinor: totalCustomers === 0 ? 0 : Number(totalRevenue) / totalCustomers,
    },
    periods,
    groups: groupList,
  };
}
