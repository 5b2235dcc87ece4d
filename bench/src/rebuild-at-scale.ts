/**
 * Read-side rebuild at scale (issue 3): every read model rebuilt from zero out of a seeded
 * SQLite log, against a raw floor measured in the same run on the same file — iterate the
 * events table with plain better-sqlite3 and JSON.parse each row's data and metadata.
 *
 * Every read model is rebuilt in one pass over the log (`rebuildAll`), so the comparison with
 * the raw floor is the all-models rate: log events per second of wall time to rebuild every
 * read model. Per-projection rates would need a pass per projection (four times the work), so
 * they are not measured here; each projection's events applied are reported.
 *
 * A second floor puts the target in proportion: a rebuild has to write what it builds, so it
 * can never beat reading the log plus writing that many documents of that size (the write
 * floor: plain better-sqlite3 inserts in id order into a table keyed by id, nothing else).
 *
 * Two more floors (rebuild-work-floors.ts) measure what that leaves out but the rebuild must also
 * do: fold the events into the projections' documents (the projections' own cost), and build the
 * indexes the queries need after the last write. They explain how far the read + write floor is.
 *
 * The rebuild itself runs in a process of its own (rebuild-pass-process.ts), as `lifeline
 * rebuild` does, so its memory is its own and not what seeding left in this process.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { RUN_TYPESCRIPT_ENTRY } from '@lifeline/typescript-entries';
import type { RebuildPassFigures, RebuildPassMessage, RebuildPassRequest } from './rebuild-pass-process';
import { measureFoldFloor, measureIndexFloor, type FoldFloor, type IndexFloor } from './rebuild-work-floors';

export interface RebuildAtScaleOptions {
  /** An already seeded store; its file is also what the raw floor reads. */
  readonly eventStore: SqliteEventStore;
  readonly eventsFile: string;
  /** An empty read store the models are rebuilt into (by a process of its own, on its file). */
  readonly readStore: SqliteReadModelStore;
  /** The read store's file: the write floor reads the rebuilt documents' count and size there. */
  readonly readFile: string;
  readonly onProgress?: (line: string) => void;
}

export interface ProjectionRebuildFigures {
  readonly name: string;
  readonly eventsApplied: number;
}

export interface RebuildAtScaleReport {
  readonly events: number;
  readonly raw: { readonly seconds: number; readonly cpuSeconds: number; readonly eventsPerSecond: number };
  readonly perProjection: readonly ProjectionRebuildFigures[];
  readonly allModels: {
    readonly seconds: number;
    /** CPU of the rebuild's process over those seconds, every thread (the writer thread too). */
    readonly cpuSeconds: number;
    /** Of `seconds`, the swaps after the pass (index builds, ANALYZE), which the floors do not include. */
    readonly swapSeconds: number;
    /** events / seconds: each event folded into every model. This is what is compared with raw. */
    readonly eventsPerSecond: number;
  };
  /** allModels.eventsPerSecond / raw.eventsPerSecond. */
  readonly ratioToRaw: number;
  /** Writing the rebuilt models' documents (same count, same total size) with nothing else. */
  readonly writeFloor: { readonly documents: number; readonly megabytes: number; readonly seconds: number; readonly cpuSeconds: number; readonly documentsPerSecond: number };
  /**
   * Read floor plus write floor: the fastest a rebuild that writes these documents could go on
   * this machine and storage. `ratioToRaw` here is the best ratio any such rebuild could reach.
   */
  readonly readPlusWriteFloor: { readonly eventsPerSecond: number; readonly ratioToRaw: number };
  /** allModels.eventsPerSecond / readPlusWriteFloor.eventsPerSecond. */
  readonly ratioToReadPlusWriteFloor: number;
  /** The floors' CPU seconds over the rebuild's: the same ratio by CPU, steadier on a loaded machine. */
  readonly cpuRatioToReadPlusWriteFloor: number;
  /** Read, parse, upcast and fold the log into every projection's documents in Maps, serialise each once. */
  readonly foldFloor: { readonly documents: number; readonly megabytes: number; readonly seconds: number; readonly cpuSeconds: number };
  /** The rebuilt collections' indexes built again by SQLite alone, and ANALYZE. */
  readonly indexFloor: { readonly indexes: number; readonly seconds: number; readonly cpuSeconds: number };
  /**
   * Fold floor + write floor + index floor, one after the other: every piece of work the rebuild
   * does, each with nothing around it. `overlappedSeconds` lets the writes run beside the fold (as
   * the rebuild's writer thread does, on a second core): max(fold, write) + index, the least wall
   * time these pieces allow with one folding thread and one writer per file.
   */
  readonly workFloor: { readonly seconds: number; readonly overlappedSeconds: number; readonly eventsPerSecond: number; readonly overlappedEventsPerSecond: number };
  /** allModels.eventsPerSecond / workFloor.overlappedEventsPerSecond: how close to what its work allows. */
  readonly ratioToOverlappedWorkFloor: number;
  /** Highest RSS of the rebuild's process, sampled after every page of the pass and before each swap. */
  readonly peakRssMb: number;
  /** process.resourceUsage().maxRSS of the rebuild's process at its end. */
  readonly maxRssMb: number;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

export async function benchRebuildAtScale(options: RebuildAtScaleOptions): Promise<RebuildAtScaleReport> {
  const events = await options.eventStore.headPosition();
  if (events === 0) throw new RangeError('the event store is empty: seed it first');

  options.onProgress?.(`raw: reading ${events} events with better-sqlite3 + JSON.parse`);
  const raw = rawReadAndParse(options.eventsFile);
  if (raw.events !== events) throw new Error(`raw read saw ${raw.events} events, the store reports ${events}`);

  const pass = await rebuildInOwnProcess({ eventsFile: options.eventsFile, readFile: options.readFile }, options.onProgress);
  if (pass.outcome !== 'swapped') throw new Error(`rebuild ended ${pass.outcome}`);
  const perProjection = pass.projections.map((p) => ({ name: p.projection, eventsApplied: p.eventsApplied }));

  options.onProgress?.('write floor: writing as many documents of the same size with plain better-sqlite3');
  const writeFloor = rawWriteDocuments(options.readFile, pass.projections.map((p) => ({ collection: p.projection, version: p.version })));

  options.onProgress?.('fold floor: the log folded into every projection in memory, each document serialised once');
  const foldFloor = await measureFoldFloor(options.eventStore, ALL_PROJECTIONS);
  options.onProgress?.('index floor: the rebuilt collections\' indexes built again by SQLite alone');
  const indexFloor = measureIndexFloor(options.readFile, pass.projections.map((p) => `rm_${p.projection}__v${p.version}`));
  const workFloor = workFloorOf(events, foldFloor, writeFloor, indexFloor);

  const allRate = events / pass.seconds;
  const rawRate = raw.events / raw.seconds;
  const floorRate = events / (raw.seconds + writeFloor.seconds);
  return {
    events,
    raw: { seconds: round(raw.seconds, 2), cpuSeconds: significant(raw.cpuSeconds, 3), eventsPerSecond: Math.round(raw.events / raw.seconds) },
    perProjection,
    allModels: { seconds: round(pass.seconds, 2), cpuSeconds: significant(pass.cpuSeconds, 3), swapSeconds: significant(pass.swapSeconds, 3), eventsPerSecond: Math.round(allRate) },
    ratioToRaw: round(allRate / rawRate, 3),
    writeFloor: {
      documents: writeFloor.documents,
      megabytes: round(writeFloor.bytes / 1e6, 1),
      // Significant figures, not decimals: on a small log the floor takes milliseconds, never "0 s".
      seconds: significant(writeFloor.seconds, 3),
      cpuSeconds: significant(writeFloor.cpuSeconds, 3),
      documentsPerSecond: Math.round(writeFloor.documents / writeFloor.seconds),
    },
    readPlusWriteFloor: { eventsPerSecond: Math.round(floorRate), ratioToRaw: round(floorRate / rawRate, 3) },
    ratioToReadPlusWriteFloor: round(allRate / floorRate, 3),
    cpuRatioToReadPlusWriteFloor: round((raw.cpuSeconds + writeFloor.cpuSeconds) / pass.cpuSeconds, 3),
    foldFloor: { documents: foldFloor.documents, megabytes: round(foldFloor.megabytes, 1), seconds: significant(foldFloor.seconds, 3), cpuSeconds: significant(foldFloor.cpuSeconds, 3) },
    indexFloor: { indexes: indexFloor.indexes, seconds: significant(indexFloor.seconds, 3), cpuSeconds: significant(indexFloor.cpuSeconds, 3) },
    workFloor,
    ratioToOverlappedWorkFloor: round(allRate / workFloor.overlappedEventsPerSecond, 3),
    peakRssMb: pass.peakRssMb,
    maxRssMb: pass.maxRssMb,
  };
}

function workFloorOf(events: number, fold: FoldFloor, write: { seconds: number }, index: IndexFloor): RebuildAtScaleReport['workFloor'] {
  const seconds = fold.seconds + write.seconds + index.seconds;
  const overlappedSeconds = Math.max(fold.seconds, write.seconds) + index.seconds;
  return {
    seconds: significant(seconds, 3),
    overlappedSeconds: significant(overlappedSeconds, 3),
    eventsPerSecond: Math.round(events / seconds),
    overlappedEventsPerSecond: Math.round(events / overlappedSeconds),
  };
}

/** From TypeScript sources (jest) the entry is compiled in the child by RUN_TYPESCRIPT_ENTRY. */
const PASS_ENTRY = join(__dirname, `rebuild-pass-process${__filename.endsWith('.ts') ? '.ts' : '.js'}`);

function rebuildInOwnProcess(request: RebuildPassRequest, onProgress?: (line: string) => void): Promise<RebuildPassFigures> {
  const typescript = PASS_ENTRY.endsWith('.ts');
  const child = typescript
    ? fork(RUN_TYPESCRIPT_ENTRY, [PASS_ENTRY], { execArgv: [] })
    : fork(PASS_ENTRY, [], { execArgv: ['--expose-gc'] });
  return new Promise<RebuildPassFigures>((resolve, reject) => {
    let figures: RebuildPassFigures | undefined;
    child.on('message', (message: RebuildPassMessage) => {
      if ('progress' in message) onProgress?.(message.progress);
      else if ('figures' in message) figures = message.figures;
      else reject(new Error(`the rebuild process failed: ${message.error}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => (figures ? resolve(figures) : reject(new Error(`the rebuild process ended (exit code ${code}) without its figures`))));
    child.send(request);
  });
}

/** The floor: every row of the events table, every column, data and metadata parsed. */
function rawReadAndParse(file: string): { events: number; seconds: number; cpuSeconds: number } {
  const db = new Database(file, { readonly: true });
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let events = 0;
    let check = 0; // consumed, so the parse cannot be optimised away
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as IterableIterator<EventRow>) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      if (data.customerId !== undefined && metadata !== null) check++;
      events++;
    }
    const seconds = (performance.now() - started) / 1000;
    if (check === 0) throw new Error('raw read parsed no customer event');
    return { events, seconds, cpuSeconds: cpuSecondsSince(cpu) };
  } finally {
    db.close();
  }
}

/** Commit size of the write floor (the rebuild commits at most every 100,000 events per model). */
const WRITE_FLOOR_COMMIT_ROWS = 100_000;

/**
 * Inserts as many documents as the rebuilt collections hold, each the collections' average size,
 * into a fresh file beside the read store with its settings (WAL, synchronous NORMAL), ids in
 * increasing order so the key index only appends: the cheapest way to store them findable by id.
 */
function rawWriteDocuments(
  readFile: string,
  versions: readonly { collection: string; version: number }[],
): { documents: number; bytes: number; seconds: number; cpuSeconds: number } {
  const read = new Database(readFile, { readonly: true });
  let documents = 0;
  let bytes = 0;
  try {
    for (const { collection, version } of versions) {
      const row = read.prepare(`SELECT count(*) AS n, coalesce(sum(length(doc)), 0) AS size FROM "rm_${collection}__v${version}"`).get() as { n: number; size: number };
      documents += row.n;
      bytes += row.size;
    }
  } finally {
    read.close();
  }
  const file = `${readFile}.write-floor`;
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO docs (id, doc) VALUES (?, ?)');
    const body = JSON.stringify({ text: 'x'.repeat(Math.max(Math.round(bytes / Math.max(documents, 1)) - 11, 0)) });
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let from = 0; from < documents; from += WRITE_FLOOR_COMMIT_ROWS) {
      const to = Math.min(from + WRITE_FLOOR_COMMIT_ROWS, documents);
      db.transaction(() => {
        for (let i = from; i < to; i++) insert.run(String(i).padStart(12, '0'), body);
      })();
    }
    return { documents, bytes, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu) };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function significant(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}
