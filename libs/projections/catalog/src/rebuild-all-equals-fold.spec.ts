import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { StoredDocument } from '@lifeline/read-store/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { rebuildAll, type ProjectedEvent } from '@lifeline/projections/runtime';
import { customerHistoryArbitrary, foldProjection, throughJson } from '@lifeline/projections/testing';
import { ALL_PROJECTIONS } from './catalog';

async function appendAll(store: SqliteEventStore, events: readonly ProjectedEvent[]): Promise<void> {
  for (const event of events) {
    await store.appendToStream(
      event.streamId,
      [{ eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, data: { ...event.data }, metadata: {} }],
      { expectedRevision: event.revision === 0 ? 'no_stream' : event.revision - 1 },
    );
  }
}

async function documents(store: SqliteReadModelStore, collection: string): Promise<Map<string, object>> {
  const docs = new Map<string, object>();
  for await (const { _id, ...doc } of store.scan<StoredDocument>(collection)) docs.set(_id, doc);
  return docs;
}

/**
 * The single-pass rebuild keeps documents in a write-back cache, flushes, evicts and reloads
 * them, and may be stopped and resumed: whatever the page size, cache bound, commit interval
 * and stopping point, every read model must equal the pure fold of the log.
 */
describe('rebuildAll of every read model equals the pure fold of the log', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-rebuild-all-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const property = (background: boolean, numRuns: number) => async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        customerHistoryArbitrary({ maxCustomers: 6, maxStepsPerCustomer: 15 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.nat(),
        async (events, pageSize, maxCachedDocuments, batchSize, stopAfterPages) => {
          const base = join(dir, `${background ? 'bg' : 'fg'}-${run++}`);
          const eventStore = SqliteEventStore.open(`${base}-events.db`);
          const readStore = SqliteReadModelStore.open(`${base}-read.db`);
          try {
            await appendAll(eventStore, events);
            const options = { eventStore, readStore, pageSize, maxCachedDocuments, batchSize, backgroundFromEvents: background ? 0 : Number.MAX_SAFE_INTEGER };
            const stop = new AbortController();
            let pages = 0;
            const first = await rebuildAll(ALL_PROJECTIONS, { ...options, signal: stop.signal, onProgress: () => ++pages > stopAfterPages % 5 && stop.abort() });
            const final = first.outcome === 'aborted' ? await rebuildAll(ALL_PROJECTIONS, options) : first;
            expect(final.outcome).toBe('swapped');

            const runs = first === final ? [final] : [first, final];
            for (const projection of ALL_PROJECTIONS) {
              // Every event folded exactly once per projection, across the stop.
              const applied = runs.reduce((sum, r) => sum + r.projections.find((p) => p.projection === projection.name)!.eventsApplied, 0);
              expect(applied).toBe(events.length);
              expect(await documents(readStore, projection.name)).toEqual(throughJson(foldProjection(projection, events)));
            }
          } finally {
            await readStore.close();
            await eventStore.close();
          }
        },
      ),
      { numRuns },
    );
  };

  it('for random histories, page sizes, cache bounds and commit intervals, stopped once and resumed', property(false, 25), 120_000);
  // Fewer runs: each pass starts a writer thread (compiled from the sources under jest).
  it('the same with every commit made by the read store\'s writer thread', property(true, 6), 120_000);
});
