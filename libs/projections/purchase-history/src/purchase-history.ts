import type { DocumentProjection, ProjectedEvent } from '@lifeline/projections/runtime';

/** One UTC day with purchases: [day 'YYYY-MM-DD', total in minor units, purchases that day]. */
export type PurchaseDay = readonly [day: string, amountMinor: number, count: number];

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
  /** Integer minor units. */
  readonly revenueTotal: number;
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

/** Where `day` goes in the sorted days: its index if present, else where to insert it. Purchases mostly arrive in time order, so look from the end. */
function dayIndex(days: readonly PurchaseDay[], day: string): number {
  let at = days.length;
  while (at > 0 && days[at - 1]![0] >= day) at--;
  return at;
}

function addToDays(days: readonly PurchaseDay[], day: string, amount: number): PurchaseDay[] {
  const at = dayIndex(days, day);
  const found = days[at];
  if (found !== undefined && found[0] === day) {
    return days.map((d, i) => (i === at ? [day, d[1] + amount, d[2] + 1] : d));
  }
  return [...days.slice(0, at), [day, amount, 1], ...days.slice(at)];
}

/** addToDays on a days array the caller owns: changed in place, no copy. */
function addToOwnedDays(days: PurchaseDay[], day: string, amount: number): void {
  const at = dayIndex(days, day);
  const found = days[at];
  if (found !== undefined && found[0] === day) days[at] = [day, found[1] + amount, found[2] + 1];
  else if (at === days.length) days.push([day, amount, 1]);
  else days.splice(at, 0, [day, amount, 1]);
}

function acquired(event: ProjectedEvent & { type: 'CustomerAcquired' }): PurchaseHistory {
  return { customerId: event.data.customerId, acquiredAt: event.occurredAt, currency: null, days: [], purchases: 0, revenueTotal: 0, revision: event.revision };
}

function checkCurrency(history: PurchaseHistory, customerId: string, currency: string): void {
  if (history.currency !== null && history.currency !== currency) {
    throw new PurchaseHistoryCurrencyMismatchError(customerId, history.currency, currency);
  }
}

type MutableHistory = { -readonly [K in keyof PurchaseHistory]: PurchaseHistory[K] } & { days: PurchaseDay[] };

export const purchaseHistoryProjection: DocumentProjection<PurchaseHistory> = {
  name: PURCHASE_HISTORIES,
  version: 1,
  indexes: [{ field: 'acquiredAt' }],
  keysOf: (event) => (event.type === 'CustomerAcquired' || event.type === 'PurchaseRecorded' ? [event.data.customerId] : []),
  evolve(history, event) {
    // A second acquisition cannot pass the rules; keep what is there.
    if (event.type === 'CustomerAcquired') return history ?? acquired(event);
    // Purchases need an acquired customer (the rules say so); nothing to add them to otherwise.
    if (event.type !== 'PurchaseRecorded' || history === undefined) return history;
    const { amount, currency, customerId } = event.data;
    checkCurrency(history, customerId, currency);
    return {
      ...history,
      currency,
      days: addToDays(history.days, utcDay(event.occurredAt), amount),
      purchases: history.purchases + 1,
      revenueTotal: history.revenueTotal + amount,
      revision: event.revision,
    };
  },
  // The rebuild's fold owns its documents: a purchase changes the history in place, O(1) for a purchase in time order.
  evolveOwned(history, event) {
    if (event.type === 'CustomerAcquired') return history ?? acquired(event);
    if (event.type !== 'PurchaseRecorded' || history === undefined) return history;
    const { amount, currency, customerId } = event.data;
    checkCurrency(history, customerId, currency);
    const owned = history as MutableHistory;
    addToOwnedDays(owned.days, utcDay(event.occurredAt), amount);
    owned.currency = currency;
    owned.purchases += 1;
    owned.revenueTotal += amount;
    owned.revision = event.revision;
    return owned;
  },
};

/** The history as the RFM summary (libs/analytics/clv `summarizeRfm`) takes it. */
export function toCustomerTransactions(history: PurchaseHistory): {
  customerId: string;
  transactions: { day: string; amountMinor: number }[];
} {
  return { customerId: history.customerId, transactions: history.days.map(([day, amountMinor]) => ({ day, amountMinor })) };
}
