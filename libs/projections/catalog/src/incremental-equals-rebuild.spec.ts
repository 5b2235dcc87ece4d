import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { StoredDocument } from '@lifeline/read-store/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { Projector, rebuild, type ProjectedEvent } from '@lifeline/projections/runtime';
import { customerHistoryArbitrary } from '@lifeline/projections/testing';
import { ALL_PROJECTIONS } from './catalog';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function appendAll(store: SqliteEventStore, events: readonly ProjectedEvent[]): Promise<void> {
  for (const event of events) {
    await store.appendToStream(
      event.streamId,
      [{ eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, data: { ...event.data }, metadata: {} }],
      { expectedRevision: event.revision === 0 ? 'no_stream' : event.revision - 1 },
    );
  }
}

async function documents(store: SqliteReadModelStore, collection: string): Promise<StoredDocument[]> {
  const docs: StoredDocument[] = [];
  for await (const doc of store.scan(collection)) docs.push(doc);
  return docs.sort((a, b) => a._id.localeCompare(b._id));
}

/**
 * The runtime's promise to operators: whatever way a read model was built — caught up, then
 * live, stopped and restarted, in any batch size — it equals the model rebuilt from zero.
 */
describe('every read model, built incrementally by the projector, equals its rebuild from zero', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-incremental-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('for random valid histories over many customers, any split between catch-up and live, any batch size, with a restart', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        customerHistoryArbitrary({ maxCustomers: 6, maxStepsPerCustomer: 15 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 50 }),
        async (events, split, projectorBatch, rebuildBatch) => {
          const base = join(dir, String(run++));
          const eventStore = SqliteEventStore.open(`${base}-events.db`);
          const incremental = SqliteReadModelStore.open(`${base}-incremental.db`);
          const rebuilt = SqliteReadModelStore.open(`${base}-rebuilt.db`);
          try {
            const cut = Math.floor(split * events.length);
            await appendAll(eventStore, events.slice(0, cut));
            const options = { batchSize: projectorBatch, batchDelayMs: 1, logger: quiet };
            // Catch up on the first part, stop (checkpoint written), restart, follow the rest live.
            const first = new Projector(eventStore, incremental, ALL_PROJECTIONS, options);
            await first.start();
            expect(await first.waitForPosition(cut, 10_000)).toBe(true);
            await first.stop();
            const second = new Projector(eventStore, incremental, ALL_PROJECTIONS, options);
            await second.start();
            await appendAll(eventStore, events.slice(cut));
            expect(await second.waitForPosition(events.length, 10_000)).toBe(true);
            await second.stop();

            for (const projection of ALL_PROJECTIONS) {
              const result = await rebuild(projection, { eventStore, readStore: rebuilt, batchSize: rebuildBatch });
              expect(result).toMatchObject({ outcome: 'swapped', checkpoint: events.length });
              expect(await documents(incremental, projection.name)).toEqual(await documents(rebuilt, projection.name));
            }
          } finally {
            await rebuilt.close();
            await incremental.close();
            await eventStore.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
