import { v4 as uuid } from 'uuid';
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency-store';

/**
 * The behaviour every IdempotencyStore adapter must have. Every test uses fresh uuid keys
 * and scopes, so it can run against a shared database that is never wiped.
 */
export function idempotencyStoreContract(adapterName: string, openStore: () => Promise<IdempotencyStore>): void {
  describe(`IdempotencyStore contract: ${adapterName}`, () => {
    let store: IdempotencyStore;
    beforeAll(async () => {
      store = await openStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    const aRecord = (over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
      scope: `POST /customers/${uuid()}/purchases`,
      key: uuid(),
      requestHash: 'a'.repeat(64),
      status: 201,
      body: { customerId: 'c-1', revision: 3, position: 42, eventIds: ['e-1'] },
      createdAt: '2025-06-01T12:00:00.000Z',
      ...over,
    });

    it('finds nothing for a key never remembered', async () => {
      expect(await store.find(`scope-${uuid()}`, uuid())).toBeUndefined();
    });

    it('remembers a record and finds it again, with its body as it was', async () => {
      const record = aRecord({ body: { text: 'Zoë 🚀', list: [1, null, { deep: true }], amount: 19.99 } });
      expect(await store.remember(record)).toEqual(record);
      expect(await store.find(record.scope, record.key)).toEqual(record);
    });

    it('keeps the first record for a key: a later one is not stored and the first is returned', async () => {
      const first = aRecord();
      await store.remember(first);
      const second = { ...first, requestHash: 'b'.repeat(64), status: 409, body: { error: 'other' }, createdAt: '2025-06-02T00:00:00.000Z' };
      expect(await store.remember(second)).toEqual(first);
      expect(await store.find(first.scope, first.key)).toEqual(first);
    });

    it('lets exactly one of several concurrent remembers of one key win, and tells all of them which', async () => {
      const base = aRecord();
      const contenders = Array.from({ length: 5 }, (_, i) => ({ ...base, status: 200 + i, body: { attempt: i } }));
      const answers = await Promise.all(contenders.map((record) => store.remember(record)));
      const stored = await store.find(base.scope, base.key);
      expect(contenders).toContainEqual(stored);
      for (const answer of answers) expect(answer).toEqual(stored);
    });

    it('keeps keys apart per scope', async () => {
      const key = uuid();
      const a = aRecord({ key, scope: `scope-a-${uuid()}`, body: { which: 'a' } });
      const b = aRecord({ key, scope: `scope-b-${uuid()}`, body: { which: 'b' } });
      await store.remember(a);
      expect(await store.remember(b)).toEqual(b);
      expect(await store.find(a.scope, key)).toEqual(a);
      expect(await store.find(b.scope, key)).toEqual(b);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an empty requestHash', { requestHash: '' }, 'requestHash must be a non-empty string'],
      ['a scope that is not a string', { scope: ['POST /customers'] }, 'scope must be a non-empty string'],
      ['a status below 100', { status: 99 }, 'status must be an HTTP status code (100-599), got 99'],
      ['a status above 599', { status: 600 }, 'status must be an HTTP status code (100-599), got 600'],
      ['a createdAt that is a number', { createdAt: 2025 }, 'createdAt must be an ISO-8601 date-time, got 2025'],
    ])('refuses a record with %s (no retry could be matched against it) and keeps nothing', async (_, over, message) => {
      const bad = aRecord(over as Partial<IdempotencyRecord>);
      // The name is what the interceptor's warning shows when an answer is not remembered.
      await expect(store.remember(bad)).rejects.toMatchObject({ name: 'InvalidIdempotencyRecordError', message });
      if (typeof bad.scope === 'string') expect(await store.find(bad.scope, bad.key)).toBeUndefined();
    });

    it('accepts the edge statuses 100 and 599', async () => {
      for (const status of [100, 599]) {
        const record = aRecord({ status });
        expect(await store.remember(record)).toEqual(record);
      }
    });

    it('stores bodies that are not objects: null, a string, an empty array', async () => {
      for (const body of [null, 'accepted', []]) {
        const record = aRecord({ status: 202, body });
        await store.remember(record);
        expect(await store.find(record.scope, record.key)).toEqual(record);
      }
    });
  });
}
