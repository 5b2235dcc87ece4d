/**
 * Two more floors of the `rebuild` benchmark (issue 13), for the work the read + write floor
 * leaves out but every rebuild of these read models has to do:
 *
 * - the **fold floor**: read the log through the event store as the rebuild does, upcast each event, fold it
 *   into every projection's documents held in plain Maps (no store, no cache, no batches, no
 *   checkpoints), and serialise each resulting document once — the projections' own cost, on one
 *   thread, with nothing of the runtime around it;
 * - the **index floor**: the indexes the rebuilt collections carry (the ones the query-latency
 *   targets need), dropped and built again by SQLite alone, then ANALYZE — what the swaps must
 *   spend after the last document is written, one writer per file.
 */
import Database from 'better-sqlite3';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import { toProjectedEvent } from '@lifeline/projections/runtime';
import type { EventStore } from '@lifeline/event-store/port';

/** Events read per page: the rebuild's own page size. */
const FOLD_PAGE = 5_000;

export interface FoldFloor {
  /** Documents serialised: every document of every projection once, each timeline entry once. */
  readonly documents: number;
  readonly megabytes: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

export interface IndexFloor {
  readonly indexes: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/**
 * Reads, parses and folds the whole log into every projection, then serialises the documents.
 * A lower bound of the rebuild's fold: erasures' rewrites of earlier per-event documents are
 * skipped (the seeded log has none), and nothing is written.
 */
export async function measureFoldFloor(eventStore: EventStore, projections: readonly DocumentProjection<object>[]): Promise<FoldFloor> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const kept = projections.map(() => new Map<string, object>());
  let documents = 0;
  let bytes = 0;
  for (let after = 0; ; ) {
    const page = await eventStore.readAll({ after, maxCount: FOLD_PAGE });
    if (page.length === 0) break;
    after = page[page.length - 1].position;
    for (const recorded of page) {
      const event = toProjectedEvent(recorded);
      projections.forEach((projection, i) => {
        for (const key of projection.keysOf(event)) {
          if (projection.documentPerEvent) {
            if (projection.rewritesEarlierDocuments?.(event)) continue;
            const doc = projection.evolve(undefined, event, key);
            if (doc !== undefined) {
              bytes += JSON.stringify(doc).length;
              documents++;
            }
            continue;
          }
          const docs = kept[i];
          const evolved = (projection.evolveOwned ?? projection.evolve).call(projection, docs.get(key), event, key);
          if (evolved === undefined) docs.delete(key);
          else docs.set(key, evolved);
        }
      });
    }
  }
  for (const docs of kept) {
    for (const doc of docs.values()) bytes += JSON.stringify(doc).length;
    documents += docs.size;
  }
  return { documents, megabytes: bytes / 1e6, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu) };
}

/**
 * Drops the indexes of the given tables of a read store's file and has SQLite build them again,
 * then ANALYZE each table: the file ends with the same schema it started with.
 */
export function measureIndexFloor(readFile: string, tables: readonly string[]): IndexFloor {
  const db = new Database(readFile);
  try {
    db.pragma('synchronous = NORMAL');
    const definitions = tables.flatMap((table) =>
      (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { name: string; sql: string }[]).map(
        (index) => ({ table, ...index }),
      ),
    );
    db.transaction(() => {
      for (const { name } of definitions) db.exec(`DROP INDEX "${name}"`);
    })();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const table of tables) {
      db.transaction(() => {
        for (const index of definitions) if (index.table === table) db.exec(index.sql);
      }).immediate();
      db.exec(`ANALYZE "${table}"`);
    }
    return { indexes: definitions.length, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu) };
  } finally {
    db.close();
  }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
