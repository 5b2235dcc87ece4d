import type { StoredDocument } from '@lifeline/read-store/port';
import { foldInto } from './fold';
import type { DocumentProjection, ProjectedEvent } from './projection';
import { toProjectedEvent } from './projected-event';
import { RebuildCommits } from './rebuild-commits';
import { RebuildWriter } from './rebuild-writer';
import { RealStores } from './testing/real-stores';

/** One document per customer listing the positions folded into it. */
interface Applied {
  positions: number[];
}
const perCustomer: DocumentProjection<Applied> = {
  name: 'applied',
  version: 1,
  indexes: [],
  keysOf: (event) => [event.data.customerId],
  evolve: (doc, event) => ({ positions: [...(doc?.positions ?? []), event.position] }),
};

/**
 * A timeline: a document per event, written once. A contact about "forget" also names the
 * customer's earlier entries (the test knows them: `earlier`), which it marks as forgotten.
 */
interface Entry {
  customerId: string;
  position: number;
  forgotten?: boolean;
}
const entryKey = (event: ProjectedEvent) => `${event.data.customerId}@${event.position}`;
const isForget = (event: ProjectedEvent) => event.type === 'CustomerContacted' && event.data.topic === 'forget';
function timeline(earlier: (event: ProjectedEvent) => string[]): DocumentProjection<Entry> {
  return {
    name: 'timeline',
    version: 1,
    indexes: [],
    documentPerEvent: true,
    rewritesEarlierDocuments: isForget,
    keysOf: (event) => (isForget(event) ? [...earlier(event), entryKey(event)] : [entryKey(event)]),
    evolve: (doc, event, key) =>
      key === entryKey(event) ? { customerId: event.data.customerId, position: event.position } : doc && { ...doc, forgotten: true },
  };
}

let stores: RealStores;
beforeEach(() => (stores = new RealStores('lifeline-rebuild-writer-')));
afterEach(() => {
  jest.restoreAllMocks();
  return stores.close();
});

/** Appends contacts for the customers in order (each customer's first event is its acquisition); returns the log. */
async function log(customers: string[], topicOf: (i: number) => string = () => 'hello'): Promise<ProjectedEvent[]> {
  for (const [i, customer] of customers.entries()) await stores.appendFor(customer, topicOf(i));
  return (await stores.eventStore.readAll({})).map(toProjectedEvent);
}

/** A writer into a fresh rebuild version of the projection, committing in this thread. */
async function writerFor<Doc extends object>(projection: DocumentProjection<Doc>): Promise<RebuildWriter<Doc>> {
  const { readStore } = stores;
  await readStore.ensureCollection(projection.name, projection.indexes);
  const version = await readStore.beginRebuild(projection.name, projection.indexes);
  return resumed(projection, version, 0);
}

/** A writer taking over a rebuild version at its stored checkpoint, as a resumed pass does. */
function resumed<Doc extends object>(projection: DocumentProjection<Doc>, version: number, checkpoint: number): RebuildWriter<Doc> {
  const { readStore } = stores;
  return new RebuildWriter(readStore, new RebuildCommits(readStore, undefined, 0), projection, version, checkpoint);
}

/** What the writer's version holds, read once it is swapped in (as the rebuild's end does). */
async function stored(writer: RebuildWriter<object>): Promise<Map<string, object>> {
  await stores.readStore.swapIn(writer.projection.name, writer.version);
  const docs = new Map<string, object>();
  for await (const { _id, ...doc } of stores.readStore.scan<StoredDocument>(writer.projection.name)) docs.set(_id, doc);
  return docs;
}

/** The pure fold of these events (what the writer must have stored). */
function fold<Doc extends object>(projection: DocumentProjection<Doc>, events: readonly ProjectedEvent[]): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  foldInto(projection, docs, events);
  return docs;
}

describe('RebuildWriter (one projection’s write-back cache in a rebuild pass)', () => {
  it('folds only events after its checkpoint, also when a page starts at or before it', async () => {
    const events = await log(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    const interrupted = await writerFor(perCustomer);
    await interrupted.apply(events.slice(0, 5));
    await interrupted.flush(); // an earlier pass stopped at 5
    const writer = resumed(perCustomer, interrupted.version, 5);
    await writer.apply(events.slice(0, 10)); // positions 1–10: 6–10 are new
    await writer.apply(events.slice(9, 12)); // 10–12, starting at the position reached: 11 and 12 are new
    await writer.apply(events.slice(11, 12)); // a page starting exactly at the position reached: nothing new
    await writer.flush();
    expect(writer.eventsApplied).toBe(7);
    expect(writer.checkpoint).toBe(12);
    expect(await stored(writer)).toEqual(fold(perCustomer, events));
  });

  it('refuses a key that is not a non-empty string, and a keysOf that throws, naming the projection and the event', async () => {
    const events = await log(['a', 'a']);
    for (const [keysOf, message] of [
      [() => [''], 'keysOf returned "", not a non-empty string'],
      [() => [42], 'keysOf returned 42, not a non-empty string'],
      [
        () => {
          throw new Error('no key for this');
        },
        'no key for this',
      ],
    ] as [() => string[], string][]) {
      const writer = await writerFor({ ...perCustomer, name: 'broken', keysOf });
      await expect(writer.apply(events)).rejects.toThrow(`projection broken failed on CustomerAcquired at position 1 (customer-a): ${message}`);
    }
  });

  it('reads nothing back on a pass from zero until something was evicted, and then only what is not cached', async () => {
    const events = await log(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
    const reads = jest.spyOn(stores.readStore, 'getMany');
    const writer = await writerFor(perCustomer);
    await writer.apply(events.slice(0, 4));
    await writer.apply(events.slice(4, 6)); // a, b folded again: least recently used are now c, d, a, b
    expect(reads).not.toHaveBeenCalled();
    await writer.evictHalf();
    expect(writer.cachedDocuments).toBe(2); // c and d went: the least recently used half
    await writer.apply(events.slice(6, 8)); // c, d: read back
    expect(reads.mock.calls.map(([, ids]) => ids)).toEqual([['c', 'd']]);
    await writer.apply(events.slice(8, 10)); // a, b: still cached, no read
    expect(reads).toHaveBeenCalledTimes(1);
    await writer.apply(events.slice(10));
    await writer.flush();
    expect(await stored(writer)).toEqual(fold(perCustomer, events));
  });

  it('evicting halves the cache, rounding the dropped half up', async () => {
    const events = await log(['a', 'b', 'c', 'd', 'e']);
    const writer = await writerFor(perCustomer);
    await writer.apply(events);
    await writer.evictHalf();
    expect(writer.cachedDocuments).toBe(2);
    await writer.evictHalf();
    expect(writer.cachedDocuments).toBe(1);
    await writer.evictHalf();
    expect(writer.cachedDocuments).toBe(0);
    expect(await stored(writer)).toEqual(fold(perCustomer, events));
  });

  it('commits the checkpoint even when no document changed (a projection that ignores the events), so a resumed pass does not fold them again', async () => {
    const events = await log(['a', 'b', 'c']);
    const ignoring: DocumentProjection<Applied> = { ...perCustomer, name: 'ignoring', keysOf: () => [] };
    const writer = await writerFor(ignoring);
    await writer.apply(events);
    await writer.flush();
    expect(writer.checkpoint).toBe(3);
    expect((await stores.readStore.getCheckpoint('ignoring', { version: writer.version })).position).toBe(3);
  });

  describe('a document per event (a timeline)', () => {
    it('writes each document once, keeps none cached after a flush, and never reads the store', async () => {
      const events = await log(['a', 'b', 'a', 'b', 'a', 'b']);
      const projection = timeline(() => []);
      const reads = jest.spyOn(stores.readStore, 'getMany');
      const writer = await writerFor(projection);
      await writer.apply(events.slice(0, 3));
      await writer.evictHalf(); // as a full cache in rebuildAll does: the store may now hold documents
      expect(writer.cachedDocuments).toBe(0);
      await writer.apply(events.slice(3));
      expect(writer.cachedDocuments).toBe(3);
      await writer.flush();
      expect(writer.cachedDocuments).toBe(0);
      expect(reads).not.toHaveBeenCalled();
      expect(await stored(writer)).toEqual(fold(projection, events));
    });

    it('an event that rewrites earlier documents reads back those already written, also in a page mixed with ordinary events', async () => {
      // a, b, a, b, then a "forget" for a, then b again.
      const events = await log(['a', 'b', 'a', 'b', 'a', 'b'], (i) => (i === 4 ? 'forget' : 'hello'));
      const earlier = (event: ProjectedEvent) => events.filter((e) => e.data.customerId === event.data.customerId && e.position < event.position).map(entryKey);
      const projection = timeline(earlier);
      const reads = jest.spyOn(stores.readStore, 'getMany');
      const writer = await writerFor(projection);
      await writer.apply(events.slice(0, 3)); // a@1, b@2, a@3
      await writer.flush(); // written and dropped from the cache
      await writer.apply(events.slice(3)); // b@4 (ordinary), a@5 forgets a@1 and a@3, b@6
      // The forgetting event's keys are looked up (its own new entry among them), the ordinary ones' are not.
      expect(reads.mock.calls.map(([, ids]) => ids)).toEqual([['a@1', 'a@3', 'a@5']]);
      await writer.flush();
      const docs = await stored(writer);
      expect(docs).toEqual(fold(projection, events));
      expect(docs.get('a@1')).toEqual({ customerId: 'a', position: 1, forgotten: true });
    });

    it('an event whose document cannot be made fails with the projection and the event', async () => {
      const events = await log(['a']);
      const writer = await writerFor<Entry>({
        ...timeline(() => []),
        evolve: () => {
          throw new Error('bad entry');
        },
      });
      await expect(writer.apply(events)).rejects.toThrow('projection timeline failed on CustomerAcquired at position 1 (customer-a): bad entry');
    });
  });
});
