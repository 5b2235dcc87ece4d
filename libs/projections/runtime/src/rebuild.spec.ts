import { join } from 'node:path';
import type { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import type { StoredDocument } from '@lifeline/read-store/port';
import type { DocumentProjection } from './projection';
import { toProjectedEvent } from './projected-event';
import { rebuild, rebuildAll, type RebuildPassProgress } from './rebuild';
import { RealStores } from './testing/real-stores';

/** One document per customer listing every position applied to it: duplicates and gaps show. */
interface Applied {
  positions: number[];
}
const counting = (name: string): DocumentProjection<Applied> => ({
  name,
  version: 1,
  indexes: [],
  keysOf: (event) => [event.data.customerId],
  evolve: (doc, event) => ({ positions: [...(doc?.positions ?? []), event.position] }),
});

/** A contact about "forget" deletes the customer's document; the next event starts a new one. */
const forgetful: DocumentProjection<Applied> = {
  ...counting('forgetful'),
  evolve: (doc, event) =>
    event.type === 'CustomerContacted' && event.data.topic === 'forget' ? undefined : { positions: [...(doc?.positions ?? []), event.position] },
};

let stores: RealStores;
let eventStore: SqliteEventStore;
let readStore: SqliteReadModelStore;
beforeEach(() => {
  stores = new RealStores('lifeline-rebuild-');
  ({ eventStore, readStore } = stores);
});
afterEach(() => {
  jest.restoreAllMocks(); // a spy on Date.now must not outlive a failed test
  return stores.close();
});
const append = (customerId: string, topic = 'hello') => stores.appendFor(customerId, topic);

/** Appends `count` events round-robin over `customers` customers; every 7th contact says "forget". */
async function appendHistory(customers: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await append(`c${String(i % customers).padStart(3, '0')}`, i % 7 === 6 ? 'forget' : 'hello');
}

/** What each projection must hold: the pure fold of the whole log. */
async function expected(projection: DocumentProjection<Applied>, { customersOnly = false } = {}): Promise<Map<string, Applied>> {
  const docs = new Map<string, Applied>();
  for (const event of (await eventStore.readAll(customersOnly ? { streamPrefix: 'customer-' } : {})).map(toProjectedEvent)) {
    for (const key of projection.keysOf(event)) {
      const after = projection.evolve(docs.get(key), event, key);
      if (after === undefined) docs.delete(key);
      else docs.set(key, after);
    }
  }
  return docs;
}

async function documents(name: string): Promise<Map<string, Applied>> {
  const docs = new Map<string, Applied>();
  for await (const { _id, ...doc } of readStore.scan<StoredDocument>(name)) docs.set(_id, doc as unknown as Applied);
  return docs;
}

describe('rebuildAll', () => {
  it('folds every projection in one pass, through a cache small enough to flush, evict and reload, deleting what was folded away', async () => {
    await appendHistory(12, 150);
    const reads = jest.spyOn(eventStore, 'readAll');
    const result = await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 8, maxCachedDocuments: 5 });

    expect(result).toMatchObject({ outcome: 'swapped', eventsRead: 150 });
    expect(result.projections).toEqual([
      { projection: 'applied', outcome: 'swapped', version: 2, checkpoint: 150, eventsApplied: 150 },
      { projection: 'forgetful', outcome: 'swapped', version: 2, checkpoint: 150, eventsApplied: 150 },
    ]);
    // One pass: each page read once for both projections.
    expect(reads).toHaveBeenCalledTimes(Math.ceil(150 / 8));
    expect(await documents('applied')).toEqual(await expected(counting('applied')));
    const forgotten = await expected(forgetful);
    expect(forgotten.size).toBeLessThan(12); // some customers end on "forget": their flushed document must be gone
    expect(await documents('forgetful')).toEqual(forgotten);
  });

  it('commits at most batchSize events at a time and leaves the live version untouched until the swap', async () => {
    await appendHistory(4, 30);
    await rebuildAll([counting('applied')], { eventStore, readStore });
    const live = await documents('applied');
    await appendHistory(4, 10);
    const commits = jest.spyOn(readStore, 'commitBatch');
    const controller = new AbortController();
    const swapping = jest.fn();
    const stopped = await rebuildAll([counting('applied')], {
      eventStore,
      readStore,
      batchSize: 6,
      onSwapping: swapping,
      signal: controller.signal,
      onProgress: (p) => p.processed >= 24 && controller.abort(),
    });
    expect(stopped.outcome).toBe('aborted');
    expect(await documents('applied')).toEqual(live);
    const swaps = jest.spyOn(readStore, 'swapIn');

    const resumed = await rebuildAll([counting('applied')], { eventStore, readStore, batchSize: 6, onSwapping: swapping });
    expect(resumed.projections[0]).toMatchObject({ outcome: 'swapped', version: 3, checkpoint: 40, eventsApplied: 16 });
    // Announced once, just before the swap (the aborted run swapped nothing and announced nothing).
    expect(swapping.mock.calls).toEqual([['applied', 3]]);
    expect(swapping.mock.invocationCallOrder[0]).toBeLessThan(swaps.mock.invocationCallOrder[0]);
    expect(commits.mock.calls.map(([, batch]) => batch.checkpoint)).toEqual([6, 12, 18, 24, 30, 36, 40]);
    expect(await documents('applied')).toEqual(await expected(counting('applied')));
  });

  it('an abort commits what was folded; the resumed pass starts at the lowest checkpoint and applies each event once per projection', async () => {
    await appendHistory(9, 120);
    const stopAt = (position: number) => {
      const controller = new AbortController();
      return { signal: controller.signal, onProgress: (p: RebuildPassProgress) => p.processed >= position && controller.abort() };
    };
    // "applied" gets to 80 alone; then both run and stop at 40 for "forgetful" (applied skips what it holds).
    const first = await rebuildAll([counting('applied')], { eventStore, readStore, pageSize: 10, ...stopAt(80) });
    expect(first.projections[0]).toMatchObject({ outcome: 'aborted', checkpoint: 80, eventsApplied: 80 });
    const second = await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 10, ...stopAt(40) });
    expect(second).toMatchObject({ outcome: 'aborted', eventsRead: 40 });
    expect(second.projections.map((p) => [p.projection, p.checkpoint, p.eventsApplied])).toEqual([
      ['applied', 80, 0],
      ['forgetful', 40, 40],
    ]);
    expect((await readStore.status()).collections.map((c) => [c.name, c.liveVersion, c.rebuild?.checkpoint])).toEqual([
      ['applied', 1, 80],
      ['forgetful', 1, 40],
    ]);

    const progress: number[] = [];
    const third = await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 10, onProgress: (p) => progress.push(p.processed) });
    expect(third).toMatchObject({ outcome: 'swapped', eventsRead: 80 });
    expect(third.projections.map((p) => [p.projection, p.version, p.checkpoint, p.eventsApplied])).toEqual([
      ['applied', 2, 120, 40],
      ['forgetful', 2, 120, 80],
    ]);
    expect(progress[0]).toBe(50);
    expect(progress.at(-1)).toBe(120);
    expect(await documents('applied')).toEqual(await expected(counting('applied')));
    expect(await documents('forgetful')).toEqual(await expected(forgetful));
  });

  it('folds only the customer streams: records of other streams in the log (idempotency) are no documents', async () => {
    await appendHistory(3, 9);
    await stores.appendOtherStream('idempotency-k1');
    await appendHistory(3, 3);
    // The log may end with other streams too: the pass reads no customer event after 13, and stops there.
    await stores.appendOtherStream('idempotency-k2');
    const result = await rebuildAll([counting('applied')], { eventStore, readStore, pageSize: 1, maxCachedDocuments: 1 });
    expect(result.projections[0]).toMatchObject({ outcome: 'swapped', checkpoint: 13, eventsApplied: 12 });
    expect(await documents('applied')).toEqual(await expected(counting('applied'), { customersOnly: true }));
  });

  it('reports progress as events read per second of this run, with the version each projection is rebuilt into', async () => {
    await appendHistory(4, 40);
    // The clock moves half a second per page read, so the rate must be 10 events per half second.
    let now = 1_700_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const read = eventStore.readAll.bind(eventStore);
    jest.spyOn(eventStore, 'readAll').mockImplementation(async (options) => {
      now += 500;
      return read(options);
    });
    const reports: { processed: number; eventsPerSecond: number; versions: [string, number][] }[] = [];
    await rebuildAll([counting('applied'), forgetful], {
      eventStore,
      readStore,
      pageSize: 10,
      onProgress: (p) => reports.push({ processed: p.processed, eventsPerSecond: p.eventsPerSecond, versions: [...p.versions] }),
    });
    expect(reports.map((r) => r.processed)).toEqual([10, 20, 30, 40, 40]);
    for (const report of reports) {
      expect(report.eventsPerSecond).toBeCloseTo(20, 9);
      expect(report.versions).toEqual([
        ['applied', 2],
        ['forgetful', 2],
      ]);
    }
  });

  it('keeps at most maxCachedDocuments documents between pages: a full cache is written out before the log ends, and its batches stay whole', async () => {
    await appendHistory(12, 60);
    const commits = jest.spyOn(readStore, 'commitBatch');
    // 12 customers in two projections, 5 documents allowed: the cache must be flushed and halved as the pass goes.
    await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 6, maxCachedDocuments: 5 });
    const early = commits.mock.calls.filter(([, batch]) => batch.checkpoint < 60);
    expect(early.length).toBeGreaterThan(0);
    expect(await documents('applied')).toEqual(await expected(counting('applied')));
    commits.mockClear();
    // With room for every document, nothing is written before the end: one commit per projection.
    await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 6, maxCachedDocuments: 24 });
    expect(commits.mock.calls.map(([name, batch]) => [name, batch.checkpoint])).toEqual([
      ['applied', 60],
      ['forgetful', 60],
    ]);
    commits.mockClear();
    // Pages smaller than the batch: commits come every batchSize events, not every page.
    await rebuildAll([counting('applied')], { eventStore, readStore, pageSize: 2, batchSize: 20 });
    expect(commits.mock.calls.map(([, batch]) => batch.checkpoint)).toEqual([20, 40, 60]);
  });

  it('refuses a projection named twice and sizes that are not positive whole numbers, before touching the store', async () => {
    await appendHistory(2, 5);
    await expect(rebuildAll([counting('applied'), counting('applied')], { eventStore, readStore })).rejects.toThrow('projection applied is named twice');
    await expect(rebuildAll([forgetful], { eventStore, readStore, maxCachedDocuments: 0 })).rejects.toThrow('maxCachedDocuments must be a positive whole number');
    await expect(rebuild(forgetful, { eventStore, readStore, batchSize: 1.5 })).rejects.toThrow('batchSize must be a positive whole number');
    await expect(rebuild(forgetful, { eventStore, readStore, pageSize: 0 })).rejects.toThrow('pageSize must be a positive whole number');
    for (const backgroundFromEvents of [-1, 0.5, Number.NaN]) {
      await expect(rebuild(forgetful, { eventStore, readStore, backgroundFromEvents })).rejects.toThrow('backgroundFromEvents must be a whole number >= 0');
    }
    expect((await readStore.status()).collections).toEqual([]);
  });

  it('a projection that throws fails the pass with its name and position; nothing of the failing page is committed', async () => {
    await appendHistory(3, 20);
    const fragile: DocumentProjection<Applied> = {
      ...counting('fragile'),
      evolve: (doc, event) => {
        if (event.position === 13) throw new Error('cannot digest');
        return { positions: [...(doc?.positions ?? []), event.position] };
      },
    };
    await expect(rebuildAll([counting('applied'), fragile], { eventStore, readStore, batchSize: 5 })).rejects.toThrow(
      /projection fragile failed on CustomerContacted at position 13 .*cannot digest/,
    );
    expect((await readStore.status()).collections.map((c) => [c.name, c.liveVersion, c.rebuild?.checkpoint])).toEqual([
      ['applied', 1, 15],
      ['fragile', 1, 10],
    ]);
  });

  describe('through the background writer of the read store (a thread with its own connection)', () => {
    it('gives the same documents as the pure fold, through flushes, evictions and reloads of what the thread wrote', async () => {
      await appendHistory(12, 150);
      const opened = jest.spyOn(readStore, 'openBackgroundWriter');
      const inThisThread = jest.spyOn(readStore, 'commitBatch');
      const result = await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 8, maxCachedDocuments: 5, backgroundFromEvents: 0 });

      expect(opened).toHaveBeenCalledTimes(1);
      expect(inThisThread).not.toHaveBeenCalled();
      expect(result.projections.map((p) => [p.projection, p.outcome, p.checkpoint, p.eventsApplied])).toEqual([
        ['applied', 'swapped', 150, 150],
        ['forgetful', 'swapped', 150, 150],
      ]);
      expect(await documents('applied')).toEqual(await expected(counting('applied')));
      expect(await documents('forgetful')).toEqual(await expected(forgetful));
    });

    it('an abort waits for the batches handed over: the stored checkpoint is where the pass stopped, and the resumed pass applies each event once', async () => {
      await appendHistory(9, 120);
      const controller = new AbortController();
      const first = await rebuildAll([counting('applied'), forgetful], {
        eventStore,
        readStore,
        pageSize: 10,
        batchSize: 20,
        backgroundFromEvents: 0,
        signal: controller.signal,
        onProgress: (p) => p.processed >= 70 && controller.abort(),
      });
      expect(first.projections.map((p) => [p.projection, p.outcome, p.checkpoint])).toEqual([
        ['applied', 'aborted', 70],
        ['forgetful', 'aborted', 70],
      ]);
      expect((await readStore.status()).collections.map((c) => [c.name, c.liveVersion, c.rebuild?.checkpoint])).toEqual([
        ['applied', 1, 70],
        ['forgetful', 1, 70],
      ]);
      const second = await rebuildAll([counting('applied'), forgetful], { eventStore, readStore, pageSize: 10, backgroundFromEvents: 0 });
      expect(second.projections.map((p) => [p.projection, p.checkpoint, p.eventsApplied])).toEqual([
        ['applied', 120, 50],
        ['forgetful', 120, 50],
      ]);
      expect(await documents('applied')).toEqual(await expected(counting('applied')));
      expect(await documents('forgetful')).toEqual(await expected(forgetful));
    });

    it('a commit the thread refuses fails the pass and nothing after it is committed', async () => {
      await appendHistory(4, 40);
      await readStore.ensureCollection('applied', []);
      const version = await readStore.beginRebuild('applied', []);
      // Another writer moves the rebuild's checkpoint under the pass: its next commit must be refused.
      const intruder = SqliteReadModelStore.open(join(stores.dir, 'read.db'));
      let moved = false;
      await expect(
        rebuildAll([counting('applied')], {
          eventStore,
          readStore,
          pageSize: 5,
          batchSize: 10,
          backgroundFromEvents: 0,
          onProgress: (p) => {
            if (p.processed < 20 || moved) return;
            moved = true;
            void intruder.commitBatch('applied', { version, checkpoint: 999, upserts: [], deletes: [] });
          },
        }),
      ).rejects.toThrow(/checkpoint expected \d+, actual 999/);
      await intruder.close();
      expect((await readStore.getCheckpoint('applied', { version })).position).toBe(999);
    });

    it('releases the thread when the pass ends, swapped or failed', async () => {
      await appendHistory(4, 40);
      const closes: jest.Mock[] = [];
      const open = readStore.openBackgroundWriter.bind(readStore);
      jest.spyOn(readStore, 'openBackgroundWriter').mockImplementation(() => {
        const writer = open();
        if (!writer) return undefined;
        const close = jest.fn(() => writer.close());
        closes.push(close);
        return { commitBatch: (collection, batch) => writer.commitBatch(collection, batch), close };
      });
      await rebuildAll([counting('applied')], { eventStore, readStore, pageSize: 10, backgroundFromEvents: 0 });
      const failing: DocumentProjection<Applied> = {
        ...counting('failing'),
        evolve: (doc, event) => {
          if (event.position === 25) throw new Error('cannot digest');
          return { positions: [...(doc?.positions ?? []), event.position] };
        },
      };
      await expect(rebuildAll([failing], { eventStore, readStore, pageSize: 10, batchSize: 10, backgroundFromEvents: 0 })).rejects.toThrow(/cannot digest/);
      expect(closes.map((close) => close.mock.calls.length)).toEqual([1, 1]);
    });

    it('is not used for a short log (starting the thread would cost more than it saves) nor for a store in memory', async () => {
      await appendHistory(3, 30);
      const opened = jest.spyOn(readStore, 'openBackgroundWriter');
      await rebuildAll([counting('applied')], { eventStore, readStore, backgroundFromEvents: 31 });
      expect(opened).not.toHaveBeenCalled();
      await rebuildAll([counting('applied')], { eventStore, readStore, backgroundFromEvents: 30 });
      expect(opened).toHaveBeenCalledTimes(1);
      // What is left to fold decides, not the log's length: a pass resumed 5 events from the end folds them here.
      const controller = new AbortController();
      const stopped = { pageSize: 5, signal: controller.signal, onProgress: (p: RebuildPassProgress) => p.processed >= 25 && controller.abort() };
      await rebuildAll([counting('applied')], { eventStore, readStore, backgroundFromEvents: 31, ...stopped });
      await rebuildAll([counting('applied')], { eventStore, readStore, backgroundFromEvents: 10 });
      expect(opened).toHaveBeenCalledTimes(1);
      // A store without a writer thread (the MongoDB adapter has none) commits in this thread.
      const withoutThread: SqliteReadModelStore = Object.create(readStore, { openBackgroundWriter: { value: undefined } });
      await expect(rebuildAll([counting('applied')], { eventStore, readStore: withoutThread, backgroundFromEvents: 0 })).resolves.toMatchObject({ outcome: 'swapped' });
      const inMemory = SqliteReadModelStore.open(':memory:');
      expect(inMemory.openBackgroundWriter()).toBeUndefined();
      await inMemory.close();
    });
  });
});
