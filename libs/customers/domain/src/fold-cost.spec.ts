import type { CustomerEvent } from './events';
import { evolve, initialCustomerState } from './state';

/** One customer's history of `n` events: acquisition, then contacts, purchases and complaints (filed, resolved). */
function longHistory(n: number): CustomerEvent[] {
  const customerId = 'key-account';
  const occurredAt = '2025-01-10T09:00:00.000Z';
  const events: CustomerEvent[] = [
    { type: 'CustomerAcquired', schemaVersion: 1, occurredAt, data: { customerId, name: 'Key Account', acquisitionChannel: 'sales', keyAccount: true } },
  ];
  for (let i = 1; events.length < n; i++) {
    switch (i % 4) {
      case 0:
        events.push({ type: 'CustomerContacted', schemaVersion: 1, occurredAt, data: { customerId, contactId: `ct-${i}`, channel: 'phone', direction: 'inbound', topic: 'order' } });
        break;
      case 1:
        events.push({ type: 'PurchaseRecorded', schemaVersion: 1, occurredAt, data: { customerId, orderId: `o-${i}`, amount: 1000, currency: 'EUR' } });
        break;
      case 2:
        events.push({ type: 'ComplaintFiled', schemaVersion: 1, occurredAt, data: { customerId, complaintId: `k-${i}`, category: 'billing', severity: 'low', channel: 'email', description: 'late invoice' } });
        break;
      default:
        events.push({ type: 'ComplaintResolved', schemaVersion: 1, occurredAt, data: { customerId, complaintId: `k-${i - 1}`, resolution: 'explained' } });
    }
  }
  return events;
}

/**
 * Wraps a value so that every property read, write, key listing and descriptor lookup made on
 * it — and on every object or array reached through it — adds one to `counter.operations`.
 * Maps and Sets are left bare (their methods refuse a proxy as `this`); their lookups are
 * O(1) and copying one would still show up as the property reads that lead to it.
 */
function counted<T>(value: T, counter: { operations: number }, seen = new WeakMap<object, object>(), proxies = new WeakSet<object>()): T {
  if (typeof value !== 'object' || value === null || value instanceof Map || value instanceof Set) return value;
  if (proxies.has(value)) return value; // the state's fields came out of the last step's proxies: don't wrap twice
  const known = seen.get(value);
  if (known) return known as T;
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      counter.operations++;
      return counted(Reflect.get(target, key, receiver), counter, seen, proxies);
    },
    set(target, key, newValue, receiver) {
      counter.operations++;
      return Reflect.set(target, key, newValue, receiver);
    },
    ownKeys(target) {
      counter.operations++;
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      counter.operations++;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  seen.set(value, proxy);
  proxies.add(proxy);
  return proxy as T;
}

/** Operations `evolve` performs on the state (and everything in it) while folding `events`. */
function foldOperations(events: readonly CustomerEvent[]): number {
  const counter = { operations: 0 };
  const seen = new WeakMap<object, object>();
  const proxies = new WeakSet<object>();
  let state = initialCustomerState();
  for (const event of events) state = evolve(counted(state, counter, seen, proxies), event);
  expect(state.contactIds.size).toBe(events.filter((event) => event.type === 'CustomerContacted').length);
  return counter.operations;
}

describe('folding a long history', () => {
  /*
   * Guards against a quadratic fold coming back: evolve copied the growing id collections on
   * every event, so folding 20,000 events cost ~100x what 2,000 cost. Speed targets belong in
   * the benchmark, and a ratio of two wall-clock times is not a reliable bound here: on a
   * shared 2-core machine GC, cache misses (a 20,000-entry hash table no longer fits in cache)
   * and other jobs push even a plain Map's 20k/2k time ratio past 20. So this counts work
   * instead of timing it: every property read, write and key listing evolve makes on the state
   * and what it holds, through a counting proxy. The count is deterministic; copying a record
   * of n ids costs n reads, so O(n²) shows as ~100x and O(n) as ~10x. The wall-clock figures
   * are in `npm run bench` (long-history).
   */
  it('folds 20,000 events of one customer within a linear bound of folding 2,000 (ratio < 15)', () => {
    const small = foldOperations(longHistory(2_000));
    const large = foldOperations(longHistory(20_000));
    expect(large / small).toBeLessThan(15);
  });

  it('answers the same state as before for the long history', () => {
    const large = longHistory(20_000);
    const state = large.reduce(evolve, initialCustomerState());
    const count = (type: CustomerEvent['type']) => large.filter((event) => event.type === type).length;
    expect([state.contactIds.size, state.orderIds.size, state.complaints.size]).toEqual([count('CustomerContacted'), count('PurchaseRecorded'), count('ComplaintFiled')]);
    expect([...state.complaints.entries()].every(([, complaint]) => !complaint.open)).toBe(true);
  });
});
