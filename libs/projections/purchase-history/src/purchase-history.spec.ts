import fc from 'fast-check';
import { summarizeRfm } from '@lifeline/analytics/clv';
import type { CustomerEvent } from '@lifeline/customers/domain';
import type { ProjectedEvent } from '@lifeline/projections/runtime';
import { customerHistoryArbitrary, foldProjection, foldProjectionInBatches, projectedStream } from '@lifeline/projections/testing';
import {
  purchaseHistoryProjection as projection,
  PurchaseHistoryCurrencyMismatchError,
  purchaseDays,
  toCustomerTransactions,
  type PurchaseHistory,
} from './purchase-history';

const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2024-01-10T09:00:00.000Z',
  data: { customerId: 'c-1', name: 'Acme', acquisitionChannel: 'web', keyAccount: false },
};
const purchase = (orderId: string, amount: number, occurredAt: string, currency = 'EUR'): CustomerEvent => ({
  type: 'PurchaseRecorded',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', orderId, amount, currency },
});
const contacted: CustomerEvent = {
  type: 'CustomerContacted',
  schemaVersion: 1,
  occurredAt: '2024-01-11T00:00:00.000Z',
  data: { customerId: 'c-1', contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'hello' },
};

const historyAfter = (events: CustomerEvent[]) => foldProjection(projection, projectedStream(events)).get('c-1');

describe('purchase history projection', () => {
  it('CustomerAcquired starts an empty history', () => {
    expect(historyAfter([acquired])).toStrictEqual({
      customerId: 'c-1',
      acquiredAt: '2024-01-10T09:00:00.000Z',
      currency: null,
      days: [],
      purchases: 0,
      revenueTotal: '0',
      revision: 0,
    } satisfies PurchaseHistory);
  });

  it('PurchaseRecorded adds to the UTC day: same-day purchases make one transaction day, late reports are sorted in', () => {
    const history = historyAfter([
      acquired,
      purchase('o-1', 1000, '2024-02-03T10:00:00.000Z'),
      purchase('o-2', 250, '2024-02-03T23:59:59.999Z'), // same UTC day
      purchase('o-3', 99, '2024-02-04T00:00:00.000Z'), // next UTC day
      contacted,
      purchase('o-4', 5000, '2024-01-20T12:00:00.000Z'), // reported late
      purchase('o-5', 1, '2024-02-04T00:30:00+01:00'), // 2024-02-03T23:30Z
    ]);
    expect(history).toStrictEqual({
      customerId: 'c-1',
      acquiredAt: '2024-01-10T09:00:00.000Z',
      currency: 'EUR',
      days: [
        { day: '2024-01-20', amountMinor: '5000', count: 1 },
        { day: '2024-02-03', amountMinor: '1251', count: 3 },
        { day: '2024-02-04', amountMinor: '99', count: 1 },
      ],
      purchases: 5,
      revenueTotal: '6350',
      revision: 6,
    });
  });

  it('reads the days of a history stored before version 2 (tuples of numbers) as version 2 writes them', () => {
    const legacy = { days: [['2024-01-20', 5000, 1], ['2024-02-03', 1251, 3]] } as unknown as PurchaseHistory;
    expect(purchaseDays(legacy)).toEqual([
      { day: '2024-01-20', amountMinor: '5000', count: 1 },
      { day: '2024-02-03', amountMinor: '1251', count: 3 },
    ]);
    expect(toCustomerTransactions({ ...legacy, customerId: 'c-1' })).toEqual({ customerId: 'c-1', transactions: [{ day: '2024-01-20', amountMinor: 5000 }, { day: '2024-02-03', amountMinor: 1251 }] });
  });

  it('adds day totals and the revenue total exactly past 2^53 minor units, also onto a history stored before they were strings', () => {
    const max = 99_999_999_999; // the largest purchase
    const many = Array.from({ length: 3 }, (_, i) => purchase(`o-${i}`, max, '2024-02-03T10:00:00.000Z'));
    const events = projectedStream([acquired, ...many]);
    // A version-1 document: numbers, already near 2^53 (the day and the total alike).
    const near = 2 ** 53 - 1;
    const stored = { ...foldProjection(projection, events.slice(0, 1)).get('c-1')!, days: [['2024-02-03', near, 1]], revenueTotal: near } as unknown as PurchaseHistory;
    const after = events.slice(1).reduce<PurchaseHistory | undefined>((h, e) => projection.evolve(h, e, 'c-1'), stored)!;
    const exact = (2n ** 53n - 1n + 3n * BigInt(max)).toString();
    expect(after.days).toEqual([{ day: '2024-02-03', amountMinor: exact, count: 4 }]);
    expect(after.revenueTotal).toBe(exact);
  });

  it('only acquisitions and purchases touch it, and purchases of an unknown customer are dropped', () => {
    expect(projection.keysOf(projectedStream([contacted])[0]!)).toEqual([]);
    expect(historyAfter([purchase('o-1', 100, '2024-02-01T00:00:00.000Z')])).toBeUndefined();
  });

  it('refuses a purchase in another currency with a clear error', () => {
    const events = projectedStream([acquired, purchase('o-1', 100, '2024-02-01T00:00:00.000Z'), purchase('o-2', 100, '2024-02-02T00:00:00.000Z', 'USD')]);
    const before = foldProjection(projection, events.slice(0, 2)).get('c-1')!;
    expect(() => projection.evolve(before, events[2]!, 'c-1')).toThrow(PurchaseHistoryCurrencyMismatchError);
    expect(() => projection.evolve(before, events[2]!, 'c-1')).toThrow(/purchase in USD, but the purchase history is in EUR/);
  });

  it('feeds the RFM summary of the lifetime-value models', () => {
    const history = historyAfter([
      acquired,
      purchase('o-1', 1000, '2024-02-01T10:00:00.000Z'),
      purchase('o-2', 3000, '2024-02-08T10:00:00.000Z'),
      purchase('o-3', 1000, '2024-02-08T11:00:00.000Z'),
    ])!;
    expect(summarizeRfm([toCustomerTransactions(history)], { calibrationEnd: '2024-02-15', timeUnit: 'days' })).toEqual([
      { customerId: 'c-1', firstPurchaseDay: '2024-02-01', frequency: 1, recency: 7, age: 14, meanRepeatSpendMinor: 4000 },
    ]);
  });
});

describe('purchase history projection properties', () => {
  it('folding in batches stored as JSON equals folding in one go', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (events, cuts) => {
        expect(foldProjectionInBatches(projection, events, cuts)).toStrictEqual(foldProjection(projection, events));
      }),
      { numRuns: 100 },
    );
  });

  it('equals grouping each customer\'s purchases by UTC day, whatever order they were reported in', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        for (const history of foldProjection(projection, events).values()) {
          const byDay = new Map<string, [bigint, number]>();
          for (const e of events) {
            if (e.type !== 'PurchaseRecorded' || e.data.customerId !== history.customerId) continue;
            const [amount, count] = byDay.get(e.occurredAt.slice(0, 10)) ?? [0n, 0];
            byDay.set(e.occurredAt.slice(0, 10), [amount + BigInt(e.data.amount), count + 1]);
          }
          const expected = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, [amount, count]]) => ({ day, amountMinor: String(amount), count }));
          expect(history.days).toEqual(expected);
          expect(history.purchases).toBe(expected.reduce((n, d) => n + d.count, 0));
          expect(history.revenueTotal).toBe(String(expected.reduce((n, d) => n + BigInt(d.amountMinor), 0n)));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('purchase history in a rebuild: evolveOwned, the fold that owns its documents', () => {
  /** Folds as the rebuild's write-back cache does: each document handed back to evolveOwned, nobody else holding it. */
  const foldOwned = (events: readonly ProjectedEvent[]) => {
    const docs = new Map<string, PurchaseHistory>();
    for (const event of events) {
      for (const key of projection.keysOf(event)) {
        const after = projection.evolveOwned!(docs.get(key), event, key);
        if (after === undefined) docs.delete(key);
        else docs.set(key, after);
      }
    }
    return docs;
  };

  it('gives the very documents evolve gives, for any history (late reports and same-day purchases included)', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        expect(foldOwned(events)).toStrictEqual(foldProjection(projection, events));
      }),
      { numRuns: 200 },
    );
  });

  it('adds a purchase to the days in place (no copy per purchase), while evolve leaves its input untouched', () => {
    const days = 5_000;
    const events = projectedStream([
      acquired,
      ...Array.from({ length: days }, (_, i) => purchase(`o-${i}`, 100, new Date(Date.UTC(2024, 1, 1) + i * 86_400_000).toISOString())),
    ]);
    const history = foldOwned(events.slice(0, -1)).get('c-1')!;
    const daysBefore = history.days;
    const last = events.at(-1)!;

    const pure = projection.evolve(history, last, 'c-1')!;
    expect(history.days).toHaveLength(days - 1); // the input is unchanged
    expect(pure.days).not.toBe(daysBefore);

    const owned = projection.evolveOwned!(history, last, 'c-1')!;
    expect(owned.days).toBe(daysBefore); // the same array, grown
    expect(owned).toStrictEqual(pure);
  });
});
