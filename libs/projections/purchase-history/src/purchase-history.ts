import { toMinorUnits } from '@lifeline/customers/domain';
import type { DocumentProjection } from '@lifeline/projections/runtime';

/**
 * One UTC day with purchases: [day 'YYYY-MM-DD', exact total in integer minor units, purchases that day].
 * The total is a decimal string (JSON has no BigInt; read it with BigInt() or toMinorUnits); histories
 * written before version 2 hold a number there, which toMinorUnits reads as well.
 */
export type PurchaseDay = readonly [day: string, amountMinor: string, count: number];

/**
 * What the lifetime-value models need of one customer, compactly: purchases folded into
 * transaction days (several purchases on one UTC day are one transaction), sorted by day.
 */
export interface PurchaseHistory {
  readonly customerId: string;
  readonly acquiredAt: string;
  /** Currency of the amounts; null before the first purchase. */
  readonly currency: string | null;
  readonly days: readonly PurchaseDay[];
  readonly purchases: number;
  /** Exact sum of the days in integer minor units, a decimal string (a number before version 2). */
  readonly revenueTotal: string;
  /** Stream revision of the last purchase (or of the acquisition before any). */
  readonly revision: number;
}

export const PURCHASE_HISTORIES = 'purchase-histories';

export class PurchaseHistoryCurrencyMismatchError extends Error {
  constructor(customerId: string, booked: string, got: string) {
    super(
      `customer ${customerId}: purchase in ${got}, but the purchase history is in ${booked}; ` +
        'one deployment books one currency (LIFELINE_CURRENCY), so the event log mixes currencies',
    );
    this.name = 'PurchaseHistoryCurrencyMismatchError';
  }
}

/** The UTC calendar day of a business time. */
export function utcDay(occurredAt: string): string {
  return new Date(occurredAt).toISOString().slice(0, 10);
}

function addToDays(days: readonly PurchaseDay[], day: string, amount: number): PurchaseDay[] {
  const index = days.findIndex(([d]) => d >= day);
  const found = index === -1 ? undefined : days[index];
  if (found !== undefined && found[0] === day) {
    return days.map((d, i) => (i === index ? [day, (toMinorUnits(d[1]) + toMinorUnits(amount)).toString(), d[2] + 1] : d));
  }
  const at = index === -1 ? days.length : index;
  return [...days.slice(0, at), [day, String(amount), 1], ...days.slice(at)];
}

export const purchaseHistoryProjection: DocumentProjection<PurchaseHistory> = {
  name: PURCHASE_HISTORIES,
  // 2: day totals and revenueTotal as exact decimal strings of minor units (issue 12).
  version: 2,
  indexes: [{ field: 'acquiredAt' }],
  keysOf: (event) => (event.type === 'CustomerAcquired' || event.type === 'PurchaseRecorded' ? [event.data.customerId] : []),
  evolve(history, event) {
    if (event.type === 'CustomerAcquired') {
      // A second acquisition cannot pass the rules; keep what is there.
      return (
        history ?? {
          customerId: event.data.customerId,
          acquiredAt: event.occurredAt,
          currency: null,
          days: [],
          purchases: 0,
          revenueTotal: '0',
          revision: event.revision,
        }
      );
    }
    // Purchases need an acquired customer (the rules say so); nothing to add them to otherwise.
    if (event.type !== 'PurchaseRecorded' || history === undefined) return history;
    const { amount, currency, customerId } = event.data;
    if (history.currency !== null && history.currency !== currency) {
      throw new PurchaseHistoryCurrencyMismatchError(customerId, history.currency, currency);
    }
    return {
      ...history,
      currency,
      days: addToDays(history.days, utcDay(event.occurredAt), amount),
      purchases: history.purchases + 1,
      revenueTotal: (toMinorUnits(history.revenueTotal) + toMinorUnits(amount)).toString(),
      revision: event.revision,
    };
  },
};

/**
 * The history as the RFM summary (libs/analytics/clv `summarizeRfm`) takes it. The models fit in
 * floating point, so a day's total becomes a number here (exact below 2^53 minor units, an
 * estimate's input beyond): the boundary where exact sums end.
 */
export function toCustomerTransactions(history: PurchaseHistory): {
  customerId: string;
  transactions: { day: string; amountMinor: number }[];
} {
  return { customerId: history.customerId, transactions: history.days.map(([day, amountMinor]) => ({ day, amountMinor: Number(amountMinor) })) };
}
