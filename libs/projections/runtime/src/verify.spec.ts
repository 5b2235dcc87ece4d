import type { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { ReadModelStore, StoredDocument } from '@lifeline/read-store/port';
import type { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { documentDifferences } from './document-diff';
import type { DocumentProjection } from './projection';
import { rebuild } from './rebuild';
import { recordProjectionFailure } from './projection-failures';
import { readStoredStatus } from './stored-status';
import { RealStores } from './testing/real-stores';
import { verifyProjection, VerifyUnsettledError } from './verify';

/** One document per customer with every position applied to it, so any skipped event shows. */
interface Applied {
  positions: number[];
  contacts: { count: number };
}
const counting: DocumentProjection<Applied> = {
  name: 'applied',
  version: 1,
  indexes: [{ field: 'contacts.count' }],
  keysOf: (event) => [event.data.customerId],
  evolve: (doc, event) => ({
    positions: [...(doc?.positions ?? []), event.position],
    contacts: { count: (doc?.contacts.count ?? 0) + (event.type === 'CustomerContacted' ? 1 : 0) },
  }),
};

let stores: RealStores;
let eventStore: SqliteEventStore;
let readStore: SqliteReadModelStore;
beforeEach(() => {
  stores = new RealStores('lifeline-verify-');
  ({ eventStore, readStore } = stores);
});
afterEach(() => stores.close());
const append = (customerId: string) => stores.appendFor(customerId);

async function appendHistory(customers: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await append(`c${i % customers}`);
}

const build = () => rebuild(counting, { eventStore, readStore, batchSize: 7 });
/** What the log folds `id` into, from the events stored for it. */
async function foldedDocument(id: string): Promise<Applied> {
  let doc: Applied | undefined;
  for (const event of await eventStore.readAll()) if ((event.data as { customerId: string }).customerId === id) doc = counting.evolve(doc, event as never, id);
  return doc!;
}
const live = async () => (await readStore.getCheckpoint('applied')).version;


/**
 * The read store as verify sees it while a projector commits: the scan hands out one document at
 * a time, and `commit` runs once, right after the first one.
 */
function committingAfterFirstDocument(commit: (collection: string) => Promise<void>): { store: ReadModelStore; moved: () => boolean } {
  let moved = false;
  const store: ReadModelStore = Object.create(readStore, {
    scan: {
      value: async function* (collection: string) {
        for await (const doc of readStore.scan(collection, { batchSize: 1 })) {
          yield doc;
          if (moved) continue;
          moved = true;
          await commit(collection);
        }
      },
    },
  });
  return { store, moved: () => moved };
}
describe('verifyProjection', () => {
  it('finds a model built from the log equal to the fold of the log', async () => {
    await appendHistory(6, 40);
    await build();
    await expect(verifyProjection(counting, { eventStore, readStore })).resolves.toMatchObject({
      projection: 'applied',
      position: 40,
      expectedDocuments: 6,
      missing: 0,
      extra: 0,
      differing: 0,
      examples: [],
      equal: true,
    });
  });

  it('compares at the stored checkpoint: events the projector has not applied yet are no difference', async () => {
    await appendHistory(3, 12);
    await build();
    await appendHistory(3, 9);
    await expect(verifyProjection(counting, { eventStore, readStore })).resolves.toMatchObject({ position: 12, equal: true });
  });

  it('reports missing, extra and differing documents by id with the differing fields; counts stay complete past maxExamples', async () => {
    await appendHistory(5, 30);
    await build();
    const version = await live();
    const [c0, c1] = (await readStore.getMany<StoredDocument & Applied>('applied', ['c0', 'c1'])).sort((a, b) => (a._id < b._id ? -1 : 1));
    await readStore.commitBatch('applied', {
      version,
      checkpoint: 30,
      upserts: [
        { ...c0, contacts: { count: 99 } },
        { ...c1, positions: c1.positions.slice(1) },
        { _id: 'ghost', positions: [], contacts: { count: 0 } },
      ],
      deletes: ['c2', 'c3'],
    });

    const report = await verifyProjection(counting, { eventStore, readStore, maxExamples: 4 });
    expect(report).toMatchObject({ missing: 2, extra: 1, differing: 2, equal: false });
    expect(report.examples).toEqual([
      { id: 'c0', kind: 'differing', fields: [{ path: 'contacts.count', stored: 99, expected: c0.contacts.count }] },
      { id: 'c1', kind: 'differing', fields: [{ path: 'positions', stored: c1.positions.slice(1), expected: c1.positions }] },
      { id: 'c2', kind: 'missing' },
      { id: 'c3', kind: 'missing' },
    ]);
  });

  it('the verdict is "not equal" for any mix of mismatches, and extra documents are listed too', async () => {
    await appendHistory(2, 4);
    await build();
    const version = await live();
    const [c0] = await readStore.getMany<StoredDocument & Applied>('applied', ['c0']);
    // One extra and one missing: the counts must not cancel out.
    await readStore.commitBatch('applied', { version, checkpoint: 4, upserts: [{ _id: 'ghost', positions: [], contacts: { count: 0 } }], deletes: ['c1'] });
    expect(await verifyProjection(counting, { eventStore, readStore })).toMatchObject({
      missing: 1,
      extra: 1,
      differing: 0,
      equal: false,
      examples: [
        { id: 'c1', kind: 'missing' },
        { id: 'ghost', kind: 'extra' },
      ],
    });
    // One extra and one differing.
    await readStore.commitBatch('applied', { version, checkpoint: 4, upserts: [{ ...c0, contacts: { count: 99 } }, { _id: 'c1', ...(await foldedDocument('c1')) }], deletes: [] });
    expect(await verifyProjection(counting, { eventStore, readStore })).toMatchObject({ missing: 0, extra: 1, differing: 1, equal: false });
  });

  it('compares more documents than one read fetches (500), each once', async () => {
    await appendHistory(501, 501);
    await build();
    const ids = [...Array(501).keys()].map((i) => `c${i}`);
    await readStore.commitBatch('applied', { version: await live(), checkpoint: 501, upserts: [], deletes: ids });
    expect(await verifyProjection(counting, { eventStore, readStore })).toMatchObject({ expectedDocuments: 501, missing: 501, equal: false });
  });

  it('a projector committing while verify reads gives no false differences: the fold follows the checkpoint', async () => {
    await appendHistory(4, 20);
    await build();
    const version = await live();
    // The read store as verify sees it, with a projector committing events for c0 (already
    // compared) and c3 (not yet read) in the middle of the scan, after the first document.
    const racing = committingAfterFirstDocument(async (collection) => {
      const added = { c0: [await append('c0')], c3: [await append('c3')] };
      const docs = await readStore.getMany<StoredDocument & Applied>(collection, ['c0', 'c3']);
      await readStore.commitBatch(collection, {
        version,
        expectedCheckpoint: 20,
        checkpoint: added.c3[0],
        upserts: docs.map((d) => ({ ...d, positions: [...d.positions, ...added[d._id as 'c0' | 'c3']], contacts: { count: d.contacts.count + 1 } })),
        deletes: [],
      });
    });
    const report = await verifyProjection(counting, { eventStore, readStore: racing.store });
    expect(racing.moved()).toBe(true);
    expect(report).toMatchObject({ position: 22, equal: true });
  });

  it('a document the projector deletes while verify reads is no difference: it is gone on both sides', async () => {
    // A contact about "forget" deletes the customer's document (as an erasure can).
    const forgetting: DocumentProjection<Applied> = {
      ...counting,
      evolve: (doc, event, key) => (event.type === 'CustomerContacted' && event.data.topic === 'forget' ? undefined : counting.evolve(doc, event, key)),
    };
    await appendHistory(4, 20);
    await rebuild(forgetting, { eventStore, readStore, batchSize: 7 });
    const version = await live();
    const racing = committingAfterFirstDocument(async (collection) => {
      // The projector applies the "forget" of c3 (not read yet) and deletes its document.
      const position = await stores.appendFor('c3', 'forget');
      await readStore.commitBatch(collection, { version, expectedCheckpoint: 20, checkpoint: position, upserts: [], deletes: ['c3'] });
    });
    const report = await verifyProjection(forgetting, { eventStore, readStore: racing.store });
    expect(racing.moved()).toBe(true);
    expect(report).toMatchObject({ position: 21, expectedDocuments: 3, missing: 0, extra: 0, differing: 0, examples: [], equal: true });
  });

  it('stops when its signal is aborted in the middle of reading the stored documents (Ctrl-C on a large model)', async () => {
    await appendHistory(6, 30);
    await build();
    const controller = new AbortController();
    let read = 0;
    const watched: ReadModelStore = Object.create(readStore, {
      scan: {
        value: async function* (collection: string) {
          for await (const doc of readStore.scan(collection, { batchSize: 1 })) {
            read++;
            yield doc;
            controller.abort();
          }
        },
      },
    });
    await expect(verifyProjection(counting, { eventStore, readStore: watched, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(read).toBeLessThan(6);
  });

  it('folds only the customer streams: records of other streams in the log (idempotency) are no documents', async () => {
    await appendHistory(3, 9);
    await stores.appendOtherStream('idempotency-k1');
    await appendHistory(3, 3);
    await build();
    await expect(verifyProjection(counting, { eventStore, readStore })).resolves.toMatchObject({ position: 13, expectedDocuments: 3, equal: true });
  });

  it('a rebuild swapped in while verify reads is compared from the start: a document already read in the old version is read again in the new one', async () => {
    await appendHistory(4, 20);
    await build();
    let swapped = false;
    const racing: ReadModelStore = Object.create(readStore, {
      scan: {
        value: async function* (collection: string) {
          for await (const doc of readStore.scan(collection, { batchSize: 1 })) {
            yield doc;
            if (swapped) continue;
            swapped = true;
            // c0 has been read (equal); the new version gets a wrong c0.
            await build();
            const [c0] = await readStore.getMany<StoredDocument & Applied>(collection, ['c0']);
            await readStore.commitBatch(collection, { version: await live(), checkpoint: 20, upserts: [{ ...c0, contacts: { count: 99 } }], deletes: [] });
          }
        },
      },
    });
    const report = await verifyProjection(counting, { eventStore, readStore: racing });
    expect(swapped).toBe(true);
    expect(report).toMatchObject({ storeVersion: await live(), differing: 1, equal: false, examples: [{ id: 'c0', kind: 'differing' }] });
  });

  it('a model that never holds still while compared is reported as unsettled (run again), not given a verdict', async () => {
    await appendHistory(2, 6);
    await build();
    // Every look at the checkpoint finds it moved on, as under a writer faster than the comparison.
    let looks = 0;
    const restless: ReadModelStore = Object.create(readStore, {
      getCheckpoint: {
        value: async (collection: string) => {
          const checkpoint = await readStore.getCheckpoint(collection);
          return { ...checkpoint, position: checkpoint.position + looks++ };
        },
      },
    });
    const outcome = await verifyProjection(counting, { eventStore, readStore: restless }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(VerifyUnsettledError);
    expect(outcome).toMatchObject({ name: 'VerifyUnsettledError', projection: 'applied', message: expect.stringMatching(/kept changing.*run verify again/) });
  });

  it('a model without a stored collection is an error, not an empty success', async () => {
    await appendHistory(1, 2);
    await expect(verifyProjection(counting, { eventStore, readStore })).rejects.toThrow('unknown read-model collection applied');
  });
});

describe('readStoredStatus', () => {
  it('reports lag in events and age, a rebuild in progress, and checkpoints of other readers', async () => {
    await appendHistory(2, 10);
    const before = await readStoredStatus(eventStore, readStore, [counting], { now: Date.now() + 60_000 });
    expect(before.projections[0]).toMatchObject({ state: 'not_started', checkpoint: 0, lag: { events: 10 }, liveVersion: 0 });
    expect(before.projections[0].lag.seconds).toBeGreaterThanOrEqual(60);

    await build();
    await appendHistory(2, 3);
    await readStore.ensureCollection('publisher-events', []);
    await readStore.commitBatch('publisher-events', { checkpoint: 12, upserts: [], deletes: [] });
    const aborted = new AbortController();
    await rebuild(counting, { eventStore, readStore, batchSize: 4, onProgress: () => aborted.abort(), signal: aborted.signal });

    const status = await readStoredStatus(eventStore, readStore, [counting]);
    expect(status.headPosition).toBe(13);
    expect(status.projections[0]).toMatchObject({
      state: 'rebuilding',
      checkpoint: 10,
      lag: { events: 3 },
      documents: 2,
      rebuild: { checkpoint: 4, percent: 30 },
    });
    expect(status.others).toEqual([{ name: 'publisher-events', checkpoint: 12, headPosition: 13, lag: { events: 1, seconds: expect.any(Number) }, updatedAt: expect.any(String) }]);
  });
});

describe('readStoredStatus, states', () => {
  it('a caught-up model is up to date and one with events waiting is behind, with its code and live versions; a rebuild of an empty log is complete', async () => {
    const v3 = { ...counting, version: 3 };
    const empty = await readStoredStatus(eventStore, readStore, [v3]);
    expect(empty.projections[0]).toMatchObject({ state: 'not_started', codeVersion: 3, liveVersion: 0, documents: 0, lag: { events: 0, seconds: 0 } });
    await readStore.ensureCollection('applied', []);
    await readStore.beginRebuild('applied', []);
    expect((await readStoredStatus(eventStore, readStore, [v3])).projections[0].rebuild).toMatchObject({ checkpoint: 0, percent: 100 });

    await appendHistory(2, 4);
    await build();
    const caughtUp = (await readStoredStatus(eventStore, readStore, [v3])).projections[0];
    expect(caughtUp).toMatchObject({ name: 'applied', state: 'up_to_date', codeVersion: 3, liveVersion: await live(), checkpoint: 4, documents: 2, lag: { events: 0 } });
    expect(caughtUp.liveVersion).toBeGreaterThan(1);
    expect(caughtUp).not.toHaveProperty('rebuild');
    expect(caughtUp).not.toHaveProperty('failure');

    await appendHistory(2, 2);
    expect((await readStoredStatus(eventStore, readStore, [v3])).projections[0]).toMatchObject({ state: 'behind', checkpoint: 4, headPosition: 6, lag: { events: 2 } });
  });

  it('each projection is reported from its own collection', async () => {
    await appendHistory(2, 4);
    await build();
    const later = { ...counting, name: 'zz-not-built' };
    const status = await readStoredStatus(eventStore, readStore, [later, counting]);
    expect(status.projections.map((p) => [p.name, p.state, p.checkpoint, p.documents])).toEqual([
      ['zz-not-built', 'not_started', 0, 0],
      ['applied', 'up_to_date', 4, 2],
    ]);
  });

  it('a stored failure makes the model failed, whatever its lag; the failures record and rebuilds in progress are not other readers', async () => {
    await appendHistory(2, 4);
    await build();
    await recordProjectionFailure(readStore, { projection: 'applied', checkpoint: 3, reason: 'cannot digest poison', failedAt: '2025-06-01T00:00:00.000Z' });
    await readStore.ensureCollection('publisher-events', []);
    await readStore.commitBatch('publisher-events', { checkpoint: 4, upserts: [], deletes: [] });
    await readStore.beginRebuild('publisher-events', []);

    const status = await readStoredStatus(eventStore, readStore, [counting]);
    expect(status.projections[0]).toMatchObject({ state: 'failed', failure: { checkpoint: 3, reason: 'cannot digest poison', failedAt: '2025-06-01T00:00:00.000Z' } });
    expect(status.others.map((other) => [other.name, other.checkpoint])).toEqual([['publisher-events', 4]]);
  });
});

describe('readStoredStatus, a failing read store', () => {
  it('a read store that cannot be read is an error, not "no projection failed"', async () => {
    await appendHistory(1, 2);
    await build();
    const broken: ReadModelStore = Object.create(readStore, {
      getCheckpoint: { value: async () => Promise.reject(new Error('disk I/O error')) },
    });
    await expect(readStoredStatus(eventStore, broken, [counting])).rejects.toThrow('disk I/O error');
  });
});

describe('documentDifferences', () => {
  it('names nested paths and array elements, reports absent fields, and stops at the limit', () => {
    expect(documentDifferences({ a: { b: 1 }, d: [1, [2, 3]] }, { a: { b: 2 }, c: 'x', d: [1, [2, 4]] })).toEqual([
      { path: 'a.b', stored: 1, expected: 2 },
      { path: 'c', stored: undefined, expected: 'x' },
      { path: 'd[1][1]', stored: 3, expected: 4 },
    ]);
    expect(documentDifferences({ a: 1, b: 1 }, { a: 2, b: 2 }, 1)).toHaveLength(1);
    expect(documentDifferences({ a: [1] }, { a: [1, 2] })).toEqual([{ path: 'a', stored: [1], expected: [1, 2] }]);
    expect(documentDifferences({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toEqual([]);
  });

  it('a field of another shape (null, an array, a scalar where an object is due) is one difference with both values', () => {
    expect(documentDifferences({ a: null, b: { x: 1 } }, { a: { x: 1 }, b: null })).toEqual([
      { path: 'a', stored: null, expected: { x: 1 } },
      { path: 'b', stored: { x: 1 }, expected: null },
    ]);
    expect(documentDifferences({ tags: ['vip'], n: 'one' }, { n: { count: 1 } })).toEqual([
      { path: 'n', stored: 'one', expected: { count: 1 } },
      { path: 'tags', stored: ['vip'], expected: undefined },
    ]);
    expect(documentDifferences([], { a: 1 })).toEqual([{ path: '(document)', stored: [], expected: { a: 1 } }]);
  });
});
