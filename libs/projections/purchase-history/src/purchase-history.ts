import { toMinorUnits } from '@lifeline/customers/domain';
import type { DocumentProjection, ProjectedEvent } from '@lifeline/projections/runtime';

/**
 * One UTC day with purchases: its exact total in integer minor units as a decimal string (JSON has
 * no BigInt; read it with BigInt() or toMinorUnits) and how many purchases. An object, not a tuple:
 * FerretDB, the MongoDB-wire server CI runs, refuses nested arrays.
 */
export interface PurchaseDay {
  /** 'YYYY-MM-DD' (UTC). */
  readonly day: string;
  readonly amountMinor: string;
  readonly count: number;
}

/** A day as histories before version 2 stored it: [day, total in minor units as a number, purchases]. */
type LegacyPurchaseDay = readonly [day: string, amountMinor: number | string, count: number];

/**
 * What the lifetime-value models need of one customer, compactly: purchases folded into
 * transaction days (several purchases on one UTC day are one transaction), sorted by day.
 */
export interface PurchaseHistory {
  readonly customerId: string;
  readonly acquiredAt: string;
  /** Currency of the amounts; null before the first purchase. */
  readonly currency: string | null;
  /** Sorted by day. Read them with purchaseDays(), which also reads histories stored before version 2. */
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

/**
 * The history's days, also of a history stored before version 2 (tuples of numbers), until
 * `lifeline rebuild purchase-histories` has rewritten it.
 */
export function purchaseDays(history: Pick<PurchaseHistory, 'days'>): readonly PurchaseDay[] {
  const days = history.days as readonly (PurchaseDay | LegacyPurchaseDay)[];
  if (days.length === 0 || !Array.isArray(days[0])) return history.days;
  return days.map((d) => (Array.isArray(d) ? { day: d[0], amountMinor: String(d[1]), count: d[2] } : (d as PurchaseDay)));
}

/** Where `day` goes in the sorted days: its index if present, else where to insert it. Purchases mostly arrive in time order, so look from the end. */
function dayIndex(days: readonly PurchaseDay[], day: string): number {
  let at = days.length;
  while (at > 0 && days[at - 1]!.day >= day) at--;
  return at;
}

function addedTo(found: PurchaseDay, amount: number): PurchaseDay {
  return { day: found.day, amountMinor: (toMinorUnits(found.amountMinor) + toMinorUnits(amount)).toString(), count: found.count + 1 };
}

function addToDays(days: readonly PurchaseDay[], day: string, amount: number): PurchaseDay[] {
  const at = dayIndex(days, day);
  const found = days[at];
  if (found !== undefined && found.day === day) return days.map((d, i) => (i === at ? addedTo(found, amount) : d));
  return [...days.slice(0, at), { day, amountMinor: String(amount), count: 1 }, ...days.slice(at)];
}

/** addToDays on a days array the caller owns: changed in place, no copy. */
function addToOwnedDays(days: PurchaseDay[], day: string, amount: number): void {
  const at = dayIndex(days, day);
  const found = days[at];
  if (found !== undefined && found.day === day) days[at] = addedTo(found, amount);
  else if (at === days.length) days.push({ day, amountMinor: String(amount), count: 1 });
  else days.splice(at, 0, { day, amountMinor: String(amount), count: 1 });
}

function acquired(event: ProjectedEvent & { type: 'CustomerAcquired' }): PurchaseHistory {
  return { customerId: event.data.customerId, acquiredAt: event.occurredAt, currency: null, days: [], purchases: 0, revenueTotal: '0', revision: event.revision };
}

function checkCurrency(history: PurchaseHistory, customerId: string, currency: string): void {
  if (history.currency !== null && history.currency !== currency) {
    throw new PurchaseHistoryCurrencyMismatchError(customerId, history.currency, currency);
  }
}

type MutableHistory = { -readonly [K in keyof PurchaseHistory]: PurchaseHistory[K] } & { days: PurchaseDay[] };

export const purchaseHistoryProjection: DocumentProjection<PurchaseHistory> = {
  name: PURCHASE_HISTORIES,
  // 2: day totals and revenueTotal as exact decimal strings of minor units (issue 12).
  version: 2,
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
      days: addToDays(purchaseDays(history), utcDay(event.occurredAt), amount),
      purchases: history.purchases + 1,
      revenueTotal: (toMinorUnits(history.revenueTotal) + toMinorUnits(amount)).toString(),
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
    // A history stored before version 2 holds tuples: read into objects once, then changed in place.
    if (owned.days.length > 0 && Array.isArray(owned.days[0])) owned.days = [...purchaseDays(owned)];
    addToOwnedDays(owned.days, utcDay(event.occurredAt), amount);
    owned.currency = currency;
    owned.purchases += 1;
    owned.revenueTotal = (toMinorUnits(owned.revenueTotal) + toMinorUnits(amount)).toString();
    owned.revision = event.revision;
    return owned;
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
  return { customerId: history.customerId, transactions: purchaseDays(history).map(({ day, amountMinor }) => ({ day, amountMinor: Number(amountMinor) })) };
}
