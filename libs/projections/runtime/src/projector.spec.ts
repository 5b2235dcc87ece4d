import type { CustomerEvent } from '@lifeline/customers/domain';
import type { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { createHook } from 'node:async_hooks';
import { join } from 'node:path';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { CheckpointConflictError, type StoredDocument } from '@lifeline/read-store/port';
import { applyBatch, ProjectionFailedError } from './apply-batch';
import type { DocumentProjection } from './projection';
import { Projector, type ProjectorLogger } from './projector';
import { toProjectedEvent } from './projected-event';
import { rebuild, rebuildAll } from './rebuild';
import { readStoredStatus } from './stored-status';
import { acquired, contacted, RealStores } from './testing/real-stores';

/** One document per customer listing every position applied to it: duplicates and gaps show. */
interface Applied {
  positions: number[];
  contacts: number;
}
const counting = (name = 'applied'): DocumentProjection<Applied> => ({
  name,
  version: 1,
  indexes: [{ field: 'contacts' }],
  keysOf: (event) => [event.data.customerId],
  evolve: (doc, event) => ({
    positions: [...(doc?.positions ?? []), event.position],
    contacts: (doc?.contacts ?? 0) + (event.type === 'CustomerContacted' ? 1 : 0),
  }),
});

/** Fails on the contact whose topic is "poison". */
const failing: DocumentProjection<{ n: number }> = {
  name: 'fragile',
  version: 1,
  indexes: [],
  keysOf: (event) => [event.data.customerId],
  evolve: (doc, event) => {
    if (event.type === 'CustomerContacted' && event.data.topic === 'poison') throw new Error('cannot digest poison');
    return { n: (doc?.n ?? 0) + 1 };
  },
};

const quietLogger = (): ProjectorLogger & { errors: string[]; warnings: string[] } => {
  const errors: string[] = [];
  const warnings: string[] = [];
  return { info: () => undefined, warn: (fields) => warnings.push(JSON.stringify(fields)), error: (fields) => errors.push(JSON.stringify(fields)), errors, warnings };
};

/** The promise's value, or `still waiting` if it has not settled within `ms` (for what must happen promptly, not eventually). */
function within<T>(ms: number, promise: Promise<T>): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Polls until `done()` holds, for at most 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !done(); ) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let stores: RealStores;
let eventStore: SqliteEventStore;
let readStore: SqliteReadModelStore;
beforeEach(() => {
  stores = new RealStores('lifeline-projector-', { pollIntervalMs: 20 });
  ({ eventStore, readStore } = stores);
});
afterEach(() => stores.close());
const append = (event: CustomerEvent) => stores.append(event);

/** Appends `count` events over `customers` customers; returns every position per customer. */
async function appendHistory(customers: number, count: number, prefix = 'c'): Promise<Map<string, number[]>> {
  const positions = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const id = `${prefix}${i % customers}`;
    const position = await append(positions.has(id) ? contacted(id) : acquired(id));
    positions.set(id, [...(positions.get(id) ?? []), position]);
  }
  return positions;
}

async function documents(name: string): Promise<Map<string, StoredDocument>> {
  const docs = new Map<string, StoredDocument>();
  for await (const doc of readStore.scan(name)) docs.set(doc._id, doc);
  return docs;
}

function expectExactlyOnce(docs: Map<string, StoredDocument>, expected: Map<string, number[]>): void {
  expect(new Map([...docs].map(([id, doc]) => [id, (doc as unknown as Applied).positions]))).toEqual(expected);
}

describe('Projector', () => {
  it('catches up from zero, then follows live appends; documents and checkpoint move together', async () => {
    const history = await appendHistory(5, 40);
    const projector = new Projector(eventStore, readStore, [counting()], { batchSize: 7, batchDelayMs: 5 });
    await projector.start();
    expect(await projector.waitForPosition(await eventStore.headPosition(), 5000)).toBe(true);
    expectExactlyOnce(await documents('applied'), history);
    expect((await readStore.getCheckpoint('applied')).position).toBe(40);

    const live = await append(contacted('c1'));
    history.set('c1', [...history.get('c1')!, live]);
    expect(await projector.waitForPosition(live, 5000)).toBe(true);
    expectExactlyOnce(await documents('applied'), history);
    const [status] = await projector.status();
    expect(status).toMatchObject({ name: 'applied', version: 1, checkpoint: live, headPosition: live, lag: 0, lagSeconds: 0, state: 'live' });
    await projector.stop();
    expect((await projector.status())[0].state).toBe('stopped');
  });

  it('reports lag while a projection is behind: events waiting and the age of the oldest, 0 s once caught up', async () => {
    const appendedFrom = Date.now();
    await appendHistory(2, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const projector = new Projector(eventStore, readStore, [counting()], { batchDelayMs: 5 });
    const [before] = await projector.status();
    expect(before).toMatchObject({ checkpoint: 0, headPosition: 10, lag: 10, state: 'stopped' });
    // The oldest waiting event is the first appended: at least the 50 ms slept, at most since appending began.
    expect(before.lagSeconds).toBeGreaterThanOrEqual(0.05);
    expect(before.lagSeconds).toBeLessThanOrEqual((Date.now() - appendedFrom) / 1000);

    await projector.start();
    expect(await projector.waitForPosition(10, 5000)).toBe(true);
    const [after] = await projector.status();
    expect(after).toMatchObject({ lag: 0, lagSeconds: 0 });
    await projector.stop();
  });

  it('stopped between batches and restarted, applies every event exactly once', async () => {
    const history = await appendHistory(4, 30);
    const first = new Projector(eventStore, readStore, [counting()], { batchSize: 4, batchDelayMs: 5 });
    await first.start();
    expect(await first.waitForPosition(30, 5000)).toBe(true);
    await first.stop();

    const more = await appendHistory(6, 25, 'd');
    const second = new Projector(eventStore, readStore, [counting()], { batchSize: 4, batchDelayMs: 5 });
    await second.start();
    expect(await second.waitForPosition(55, 5000)).toBe(true);
    await second.stop();
    expectExactlyOnce(await documents('applied'), new Map([...history, ...more]));
  });

  it('after a crash (stores closed under a running projector) resumes from the stored checkpoint, exactly once', async () => {
    const history = await appendHistory(5, 200);
    const logger = quietLogger();
    const crashing = new Projector(eventStore, readStore, [counting()], { batchSize: 3, batchDelayMs: 1, logger });
    await crashing.start();
    await crashing.waitForPosition(60, 5000);
    // No stop(): the read store goes away mid-run, then the event store.
    await readStore.close();
    await eventStore.close();
    await crashing.stop();

    stores.reopen();
    ({ eventStore, readStore } = stores);
    const checkpointAfterCrash = (await readStore.getCheckpoint('applied')).position;
    expect(checkpointAfterCrash).toBeGreaterThanOrEqual(60);
    expect(checkpointAfterCrash).toBeLessThan(200); // the crash really cut the run short
    const restarted = new Projector(eventStore, readStore, [counting()], { batchSize: 50, batchDelayMs: 5 });
    await restarted.start();
    expect(await restarted.waitForPosition(200, 5000)).toBe(true);
    await restarted.stop();
    expectExactlyOnce(await documents('applied'), history);
  });

  it('redelivered events already covered by the checkpoint change nothing', async () => {
    await appendHistory(3, 12);
    const projection = counting();
    await readStore.ensureCollection(projection.name, projection.indexes);
    const events = (await eventStore.readAll()).map(toProjectedEvent);
    const checkpoint = await applyBatch(readStore, projection, events.slice(0, 8), { version: 1, checkpoint: 0 });
    const before = await documents(projection.name);

    expect(await applyBatch(readStore, projection, events.slice(0, 8), { version: 1, checkpoint })).toBe(checkpoint);
    expect(await documents(projection.name)).toEqual(before);
    // an overlapping batch applies only what is new
    expect(await applyBatch(readStore, projection, events.slice(4), { version: 1, checkpoint })).toBe(12);
    const positions = [...(await documents(projection.name)).values()].flatMap((doc) => (doc as unknown as Applied).positions).sort((a, b) => a - b);
    expect(positions).toEqual(events.map((event) => event.position));
  });

  it('a projection whose evolve throws stops alone: failed, error logged, checkpoint before the bad batch', async () => {
    await appendHistory(3, 6);
    const poison = await append(contacted('c0', 'poison'));
    await appendHistory(3, 6, 'e');
    const logger = quietLogger();
    const projector = new Projector(eventStore, readStore, [failing, counting()], { batchSize: 1, batchDelayMs: 5, logger });
    await projector.start();
    expect(await projector.waitForPosition(await eventStore.headPosition(), 300)).toBe(false);
    // waitForPosition gave up because of the failure; the healthy projection carries on to the head.
    const head = await eventStore.headPosition();
    for (let tries = 0; tries < 500 && (await readStore.getCheckpoint('applied')).position < head; tries++) await new Promise((r) => setTimeout(r, 10));

    const status = await projector.status();
    const fragile = status.find((s) => s.name === 'fragile')!;
    expect(fragile).toMatchObject({ state: 'failed', checkpoint: poison - 1 });
    expect(fragile.lastError).toMatch(/cannot digest poison/);
    expect(fragile.lastError).toMatch(new RegExp(`position ${poison}`));
    expect(logger.errors.join()).toMatch(/fragile/);
    expect((await readStore.getCheckpoint('fragile')).position).toBe(poison - 1);
    expect(status.find((s) => s.name === 'applied')).toMatchObject({ state: 'live', checkpoint: poison + 6 });
    await projector.stop();
  });

  it('a failure is stored for every process to see (status, checkpoint, reason) and cleared once the projection starts again', async () => {
    await appendHistory(2, 3);
    const poison = await append(contacted('c0', 'poison'));
    const failed = new Projector(eventStore, readStore, [failing, counting()], { batchSize: 1, batchDelayMs: 5, logger: quietLogger() });
    await failed.start();
    expect(await failed.waitForPosition(poison, 5000)).toBe(false);
    await failed.stop();

    const seen = await readStoredStatus(eventStore, readStore, [failing, counting()]);
    const fragile = seen.projections.find((p) => p.name === 'fragile')!;
    expect(fragile).toMatchObject({ state: 'failed', failure: { checkpoint: poison - 1 } });
    expect(fragile.failure!.reason).toMatch(/cannot digest poison/);
    expect(seen.projections.find((p) => p.name === 'applied')!.state).not.toBe('failed');

    // The fix deployed: the same projection, now digesting the poison, starts again.
    const healed: DocumentProjection<{ n: number }> = { ...failing, evolve: (doc) => ({ n: (doc?.n ?? 0) + 1 }) };
    const restarted = new Projector(eventStore, readStore, [healed, counting()], { batchDelayMs: 5, logger: quietLogger() });
    await restarted.start();
    expect(await restarted.waitForPosition(poison, 5000)).toBe(true);
    await restarted.stop();
    const after = await readStoredStatus(eventStore, readStore, [healed, counting()]);
    expect(after.projections.map((p) => [p.name, p.state, p.failure])).toEqual([
      ['fragile', 'up_to_date', undefined],
      ['applied', 'up_to_date', undefined],
    ]);
  });

  it('waitForPosition answers a position already reached at once, and false on timeout when nothing reaches it', async () => {
    await appendHistory(1, 3);
    const projector = new Projector(eventStore, readStore, [counting()], { batchDelayMs: 5 });
    await projector.start();
    expect(await projector.waitForPosition(3, 5000)).toBe(true);
    // A position already applied is answered at once: no progress needs to happen, no time to wait.
    expect(await projector.waitForPosition(3, 0)).toBe(true);
    expect(await projector.waitForPosition(4, 50)).toBe(false);
    await projector.stop();
  });

  it('refuses two projections with the same name', () => {
    expect(() => new Projector(eventStore, readStore, [counting(), counting()])).toThrow(/two projections are named applied/);
  });
});

describe('Projector: states, stopping and what operators see', () => {
  it('is catching_up until it reaches the head it saw at start, commits whole batches, and is live at once when nothing is behind', async () => {
    await appendHistory(3, 12);
    const seen: string[] = [];
    // Batches of 5: two full ones, then the last 2 events once the batch delay has passed.
    const projector: Projector = new Projector(eventStore, readStore, [counting()], {
      batchSize: 5,
      batchDelayMs: 50,
      onProgress: () => seen.push(`${projector.progress()[0].checkpoint} ${projector.progress()[0].state}`),
    });
    await projector.start();
    expect(projector.progress()[0].state).toBe('catching_up');
    expect(await projector.waitForPosition(12, 5000)).toBe(true);
    expect(seen).toEqual(['5 catching_up', '10 catching_up', '12 live']);
    await projector.stop();
    expect(projector.progress()[0].state).toBe('stopped');

    // Nothing behind: live from the start. Stopping does not wait for the (long) batch delay.
    const again = new Projector(eventStore, readStore, [counting()], { batchDelayMs: 10_000 });
    await again.start();
    expect(again.progress()[0]).toMatchObject({ checkpoint: 12, state: 'live' });
    expect(await within(3000, again.stop())).toBeUndefined();
  });

  it('goes live once the subscription is idle when the log ends with records of other streams, which it does not apply', async () => {
    const history = await appendHistory(2, 4);
    await stores.appendOtherStream('idempotency-k1');
    const projector = new Projector(eventStore, readStore, [counting()], { batchDelayMs: 5 });
    await projector.start();
    expect(projector.progress()[0].state).toBe('catching_up'); // the head (5) is past what it follows
    await until(() => projector.progress()[0].state === 'live');
    expect(projector.progress()[0].checkpoint).toBe(4);
    expectExactlyOnce(await documents('applied'), history);
    await projector.stop();
  });

  it('a failed projection: waiters give up at once, progress and status name its error (only its), it stays failed when stopped, the log says so', async () => {
    await appendHistory(2, 3);
    const poison = await append(contacted('c0', 'poison'));
    const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const projector = new Projector(eventStore, readStore, [failing, counting()], { batchSize: 1, batchDelayMs: 5, logger });
    await projector.start();
    expect(logger.info).toHaveBeenCalledWith({ projections: ['fragile', 'applied'] }, 'projector started');
    // Not after the 60 s timeout: as soon as the projection it waits on has failed.
    expect(await within(3000, projector.waitForPosition(poison, 60_000))).toBe(false);
    expect(logger.error).toHaveBeenCalledWith(
      { projection: 'fragile', checkpoint: poison - 1, error: expect.stringMatching(/cannot digest poison/) },
      'projection stopped after an error',
    );
    await until(() => projector.progress()[1].checkpoint === poison);
    const [fragile, applied] = projector.progress();
    expect(fragile).toEqual({ name: 'fragile', version: 1, storeVersion: 1, checkpoint: poison - 1, state: 'failed', lastError: expect.stringMatching(/cannot digest poison/) });
    expect(applied).toEqual({ name: 'applied', version: 1, storeVersion: 1, checkpoint: poison, state: 'live' });
    expect(Object.keys(applied)).not.toContain('lastError');
    const status = await projector.status();
    expect(status[0].lastError).toMatch(/cannot digest poison/);
    expect(Object.keys(status[1])).not.toContain('lastError');
    await projector.stop();
    expect(projector.progress().map((p) => p.state)).toEqual(['failed', 'stopped']);
  });

  it('a store that fails while starting leaves the projection failed with the reason, without throwing from start', async () => {
    await appendHistory(1, 2);
    jest.spyOn(readStore, 'ensureCollection').mockRejectedValueOnce(new Error('disk full'));
    const projector = new Projector(eventStore, readStore, [counting()], { logger: quietLogger() });
    await expect(projector.start()).resolves.toBeUndefined();
    expect(projector.progress()[0]).toMatchObject({ state: 'failed', lastError: 'disk full' });
    await projector.stop();
    jest.restoreAllMocks();
  });

  it('started twice, follows the log with one subscription, and closes it when stopped', async () => {
    await appendHistory(2, 4);
    const subscribe = eventStore.subscribeToAll.bind(eventStore);
    const closed = jest.fn();
    const subscriptions = jest.spyOn(eventStore, 'subscribeToAll').mockImplementation((options) => {
      const subscription = subscribe(options);
      const close = subscription.close.bind(subscription);
      return Object.assign(subscription, { close: () => (closed(), close()) });
    });
    const projector = new Projector(eventStore, readStore, [counting()], { batchDelayMs: 5 });
    await projector.start();
    await projector.start();
    expect(await projector.waitForPosition(4, 5000)).toBe(true);
    await projector.stop();
    expect(subscriptions).toHaveBeenCalledTimes(1);
    expect(closed).toHaveBeenCalled();
    jest.restoreAllMocks();
  });

  it('rebuild: refuses a projection it does not run; restarts a running one on the new version at once, and leaves a stopped one stopped', async () => {
    await appendHistory(2, 6);
    const projector = new Projector(eventStore, readStore, [counting()], { batchDelayMs: 5 });
    await expect(projector.rebuild('nope')).rejects.toThrow('no projection named nope');
    await expect(projector.rebuild('applied')).resolves.toMatchObject({ outcome: 'swapped', version: 2 });
    expect(projector.progress()[0].state).toBe('stopped');

    await projector.start();
    expect(await projector.waitForPosition(6, 5000)).toBe(true);
    await projector.rebuild('applied');
    expect(projector.progress()[0]).toMatchObject({ storeVersion: 3, checkpoint: 6 });
    expect(projector.progress()[0].state).not.toBe('stopped');
    await projector.stop();
  });

  it('refuses a batch size that is not a positive whole number', () => {
    for (const batchSize of [0, 1.5, Number.NaN]) {
      expect(() => new Projector(eventStore, readStore, [counting()], { batchSize })).toThrow(new RangeError('batchSize must be a positive whole number'));
    }
  });
});

/**
 * Counts, per promise, the promises chained on it (`then`, and so every Promise.race it takes part
 * in). Each is memory held until that promise settles: one long-lived promise raced once per event
 * holds a reaction per event for the projector's whole life (with async hooks on, as APM agents
 * and AsyncLocalStorage turn them on, several kB each).
 */
function chainedPromises(): { mostOnOne: () => number; stop: () => void } {
  const chained = new Map<number, number>();
  const hook = createHook({
    init(_asyncId, type, triggerAsyncId) {
      if (type === 'PROMISE') chained.set(triggerAsyncId, (chained.get(triggerAsyncId) ?? 0) + 1);
    },
  });
  hook.enable();
  return { mostOnOne: () => Math.max(0, ...chained.values()), stop: () => hook.disable() };
}

describe('Projector: memory over a long life', () => {
  it('keeps no reaction per event on any one promise: live over 1,000 events, then idle, nothing piles up', async () => {
    await appendHistory(10, 20);
    const projector = new Projector(eventStore, readStore, [counting()], { batchSize: 20, batchDelayMs: 2 });
    await projector.start();
    expect(await projector.waitForPosition(await eventStore.headPosition(), 5000)).toBe(true);
    const chained = chainedPromises();
    try {
      let head = 0;
      for (let i = 0; i < 1_000; i++) head = await append(contacted(`c${i % 10}`));
      expect(await projector.waitForPosition(head, 10_000)).toBe(true);
      // Idle: no event for 300 ms, 150 times the batch delay.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      chained.stop();
    }
    // A batch's own deadline is raced once per event of that batch (20 here); nothing lives longer.
    expect(chained.mostOnOne()).toBeLessThan(50);
    await projector.stop();
    expect((await readStore.getCheckpoint('applied')).position).toBe(await eventStore.headPosition());
  });
});

describe('applyBatch', () => {
  const projected = async () => (await eventStore.readAll()).map(toProjectedEvent);
  const perCustomer = (name: string, evolve: DocumentProjection<{ n: number }>['evolve'], keysOf = (event: { data: { customerId: string } }): readonly string[] => [event.data.customerId]): DocumentProjection<{ n: number }> => ({
    name,
    version: 1,
    indexes: [],
    keysOf,
    evolve,
  });

  it('hands evolve the stored document as it was folded (without the store\'s _id), and deletes a document evolve drops', async () => {
    await appendHistory(2, 4); // c0, c1 acquired at 1 and 2, contacted at 3 and 4
    const given: unknown[] = [];
    const forgetting = perCustomer('forgetting', (doc, event, key) => {
      given.push(doc);
      return event.type === 'CustomerContacted' && key === 'c1' ? undefined : { n: (doc?.n ?? 0) + 1 };
    });
    await readStore.ensureCollection(forgetting.name, []);
    const events = await projected();
    await applyBatch(readStore, forgetting, events.slice(0, 2), { version: 1, checkpoint: 0 });
    expect(await applyBatch(readStore, forgetting, events.slice(2), { version: 1, checkpoint: 2 })).toBe(4);

    expect(given).toEqual([undefined, undefined, { n: 1 }, { n: 1 }]);
    expect([...(await documents('forgetting')).values()]).toEqual([{ _id: 'c0', n: 2 }]);
    expect((await readStore.getCheckpoint('forgetting')).position).toBe(4);
  });

  it.each([
    ['an empty key', '', /keysOf returned ""/],
    ['a key that is not a string', 42, /keysOf returned 42/],
  ])('%s fails the batch naming the projection and the event; nothing of the batch is committed', async (_case, badKey, reason) => {
    await appendHistory(2, 4);
    const projection = perCustomer('keyed', (doc) => ({ n: (doc?.n ?? 0) + 1 }), (event) => [(event as { position?: number }).position === 3 ? (badKey as string) : event.data.customerId]);
    await readStore.ensureCollection(projection.name, []);
    const events = await projected();
    const failure = await applyBatch(readStore, projection, events, { version: 1, checkpoint: 0 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProjectionFailedError);
    expect((failure as Error).message).toMatch(/^projection keyed failed on CustomerContacted at position 3 \(customer-c0\): /);
    expect((failure as Error).message).toMatch(reason);
    expect(await readStore.count('keyed')).toBe(0);
    expect((await readStore.getCheckpoint('keyed')).position).toBe(0);
  });

  it('an evolve that throws fails the batch naming the event and the cause; nothing of the batch is committed', async () => {
    await appendHistory(2, 4);
    const projection = perCustomer('throwing', (doc, event) => {
      if (event.position === 4) throw new Error('cannot fold this');
      return { n: (doc?.n ?? 0) + 1 };
    });
    await readStore.ensureCollection(projection.name, []);
    const failure = await applyBatch(readStore, projection, await projected(), { version: 1, checkpoint: 0 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProjectionFailedError);
    // By name too: a worker thread relays errors by structured clone, where instanceof no longer holds.
    expect(failure).toMatchObject({ name: 'ProjectionFailedError', projection: 'throwing', event: { position: 4, type: 'CustomerContacted', streamId: 'customer-c1' } });
    expect((failure as Error).message).toMatch(/cannot fold this/);
    expect(await readStore.count('throwing')).toBe(0);
  });

  it('one document per event: nothing is read back, except the documents an event rewrites', async () => {
    await append(acquired('c0'));
    await append(contacted('c0', 'hello'));
    await append(contacted('c0', 'rewrite'));
    const given: unknown[] = [];
    const entries: DocumentProjection<{ n: number }> = {
      ...perCustomer('entries-per-event', (doc) => {
        given.push(doc);
        return { n: (doc?.n ?? 0) + 1 };
      }),
      documentPerEvent: true,
      rewritesEarlierDocuments: (event) => event.type === 'CustomerContacted' && event.data.topic === 'rewrite',
    };
    await readStore.ensureCollection(entries.name, []);
    const events = await projected();
    for (const [i, event] of events.entries()) await applyBatch(readStore, entries, [event], { version: 1, checkpoint: i });

    // The same key on purpose: the second event's evolve is not given what the first wrote, the third's is.
    expect(given).toEqual([undefined, undefined, { n: 1 }]);
  });

  it('a read store that fails to load the documents fails the batch with its own error (no reload loop)', async () => {
    await appendHistory(1, 2);
    const projection = counting();
    await readStore.ensureCollection(projection.name, projection.indexes);
    const broken = Object.create(readStore, { getMany: { value: async () => Promise.reject(new Error('disk I/O error')) } }) as SqliteReadModelStore;
    const failure = await applyBatch(broken, projection, await projected(), { version: 1, checkpoint: 0 }).catch((error: unknown) => error);

    expect(failure).not.toBeInstanceOf(CheckpointConflictError);
    expect((failure as Error).message).toBe('disk I/O error');
  });

  it('writing to a version a rebuild has replaced is a checkpoint conflict (the projector then reloads), not an unknown collection', async () => {
    await appendHistory(1, 2);
    const projection = counting();
    await readStore.ensureCollection(projection.name, projection.indexes);
    const rebuilt = await readStore.beginRebuild(projection.name, projection.indexes);
    await readStore.swapIn(projection.name, rebuilt);
    const failure = await applyBatch(readStore, projection, await projected(), { version: 1, checkpoint: 0 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CheckpointConflictError);
    expect(failure).toMatchObject({ collection: 'applied', version: 1, expected: 0, actual: 'version_gone' });
  });
});

describe('rebuild', () => {
  // As `lifeline rebuild` does while the API runs: another connection swaps the new version in
  // and drops the one the live projector writes to. Seen stopping every projection that reads
  // its documents ("has no version 1") until the API was restarted.
  it('a rebuild swapped in by another process: the live projector moves to the new version and carries on', async () => {
    const perEvent: DocumentProjection<{ position: number }> = {
      name: 'entries',
      version: 1,
      indexes: [],
      documentPerEvent: true,
      keysOf: (event) => [`${event.data.customerId}:${event.position}`],
      evolve: (_doc, event) => ({ position: event.position }),
    };
    const history = await appendHistory(5, 30);
    const logger = quietLogger();
    const projector = new Projector(eventStore, readStore, [counting(), perEvent as DocumentProjection<object>], { batchSize: 5, batchDelayMs: 2, logger });
    await projector.start();
    expect(await projector.waitForPosition(30, 5000)).toBe(true);

    const operator = SqliteReadModelStore.open(join(stores.dir, 'read.db'));
    try {
      await rebuildAll([counting(), perEvent as DocumentProjection<object>], { eventStore, readStore: operator });
    } finally {
      await operator.close();
    }
    for (const id of ['c1', 'c2']) {
      const next = await append(contacted(id));
      history.set(id, [...history.get(id)!, next]);
    }
    const reached = await projector.waitForPosition(32, 5000);
    expect(logger.errors).toEqual([]);
    // Each projection says in the log that its version was replaced under it, and carries on.
    expect(logger.warnings.map((w) => JSON.parse(w).projection).sort()).toEqual(['applied', 'entries']);
    expect(logger.warnings.join()).toMatch(/checkpoint|version/);
    expect(reached).toBe(true);
    expectExactlyOnce(await documents('applied'), history);
    expect(await readStore.count('entries')).toBe(32);
    expect((await projector.status()).map((s) => [s.name, s.storeVersion, s.checkpoint])).toEqual([
      ['applied', 2, 32],
      ['entries', 2, 32],
    ]);
    await projector.stop();
  });

  it('from zero equals the incrementally built model, and the live projector continues on the new version', async () => {
    const history = await appendHistory(7, 60);
    const projector = new Projector(eventStore, readStore, [counting()], { batchSize: 5, batchDelayMs: 2 });
    await projector.start();
    expect(await projector.waitForPosition(60, 5000)).toBe(true);
    const incremental = await documents('applied');

    const progress: number[] = [];
    const result = await projector.rebuild('applied', { batchSize: 16, onProgress: (p) => progress.push(p.processed) });
    expect(result).toMatchObject({ outcome: 'swapped', version: 2, checkpoint: 60, eventsApplied: 60 });
    expect(progress.at(-1)).toBe(60);
    expect(await documents('applied')).toEqual(incremental);

    const next = await append(contacted('c3'));
    history.set('c3', [...history.get('c3')!, next]);
    expect(await projector.waitForPosition(next, 5000)).toBe(true);
    expectExactlyOnce(await documents('applied'), history);
    expect((await projector.status())[0]).toMatchObject({ storeVersion: 2, checkpoint: next });
    await projector.stop();
  });

  it('interrupted halfway leaves the live model untouched; the next run resumes and completes', async () => {
    const history = await appendHistory(4, 50);
    const projection = counting();
    const projector = new Projector(eventStore, readStore, [projection], { batchSize: 50, batchDelayMs: 2 });
    await projector.start();
    expect(await projector.waitForPosition(50, 5000)).toBe(true);
    await projector.stop();
    const live = await documents('applied');

    const controller = new AbortController();
    const first = await rebuild(projection, {
      eventStore,
      readStore,
      batchSize: 10,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.processed >= 20) controller.abort();
      },
    });
    expect(first).toMatchObject({ outcome: 'aborted', checkpoint: 20, eventsApplied: 20 });
    expect(await documents('applied')).toEqual(live);
    expect((await readStore.status()).collections.find((c) => c.name === 'applied')).toMatchObject({ liveVersion: 1, rebuild: { version: first.version, checkpoint: 20 } });

    const totals: number[] = [];
    const second = await rebuild(projection, { eventStore, readStore, batchSize: 10, onProgress: (p) => totals.push(p.total) });
    expect(second).toMatchObject({ outcome: 'swapped', version: first.version, checkpoint: 50, eventsApplied: 30 });
    expect(totals.every((total) => total === 50)).toBe(true);
    expectExactlyOnce(await documents('applied'), history);
    expect((await readStore.getCheckpoint('applied')).version).toBe(first.version);
  });
});
