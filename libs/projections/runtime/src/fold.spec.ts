import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import { foldLog } from './fold';
import type { DocumentProjection } from './projection';
import { RealStores } from './testing/real-stores';

/** Contacts per customer; a contact on topic "forget" removes the customer's document. */
const contacts: DocumentProjection<{ contacts: number }> = {
  name: 'contacts',
  version: 1,
  indexes: [],
  keysOf: (event) => [event.data.customerId],
  evolve: (doc, event) => {
    if (event.type === 'CustomerContacted' && event.data.topic === 'forget') return undefined;
    return { contacts: (doc?.contacts ?? 0) + (event.type === 'CustomerContacted' ? 1 : 0) };
  },
};

let stores: RealStores;
beforeEach(() => {
  stores = new RealStores('lifeline-fold-');
});
afterEach(() => stores.close());

describe('foldLog: the stored log folded page by page (rebuild and verify read it so)', () => {
  it('any page size folds the same documents as one read, up to and including upTo', async () => {
    for (const customer of ['a', 'b', 'a', 'c', 'a', 'b', 'c']) await stores.appendFor(customer); // positions 1–7
    const head = await stores.eventStore.headPosition();
    const fold = async (upTo: number, pageSize?: number) => {
      const docs = new Map<string, { contacts: number }>();
      const touched = await foldLog(contacts, stores.eventStore, docs, { after: 0, upTo }, { streamPrefix: CUSTOMER_STREAM_PREFIX, ...(pageSize && { pageSize }) });
      return { docs: Object.fromEntries(docs), touched: [...touched].sort() };
    };
    const whole = await fold(head);
    expect(whole).toEqual({ docs: { a: { contacts: 2 }, b: { contacts: 1 }, c: { contacts: 1 } }, touched: ['a', 'b', 'c'] });
    for (const pageSize of [1, 2, 3, 7]) expect(await fold(head, pageSize)).toEqual(whole);
    // Up to position 5 (a, b, a, c, a): the later b and c contacts are not applied.
    const partial = { docs: { a: { contacts: 2 }, b: { contacts: 0 }, c: { contacts: 0 } }, touched: ['a', 'b', 'c'] };
    expect(await fold(5)).toEqual(partial);
    expect(await fold(5, 2)).toEqual(partial);
  });

  it('a document whose evolve answers undefined is gone from the fold, not kept as undefined; other streams at the head end the fold', async () => {
    await stores.appendFor('a');
    await stores.appendFor('b');
    await stores.appendFor('a', 'forget');
    // The head is an event of another stream (an idempotency record): the fold ends at the log's end.
    await stores.eventStore.appendToStream('idempotency-x', [{ eventId: crypto.randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: {}, metadata: {} }], { expectedRevision: 'any' });
    const docs = new Map<string, { contacts: number }>();
    const touched = await foldLog(contacts, stores.eventStore, docs, { after: 0, upTo: await stores.eventStore.headPosition() }, { streamPrefix: CUSTOMER_STREAM_PREFIX });
    expect([...docs.keys()]).toEqual(['b']);
    expect([...touched].sort()).toEqual(['a', 'b']);
  });
});
