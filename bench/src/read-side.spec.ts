import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { PROJECTION_NAMES } from '@lifeline/projections/catalog';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { benchQueryLatency, percentile } from './query-latency';
import { benchRebuildAtScale } from './rebuild-at-scale';
import { eventsPerCustomer, seedEventLog, SeedEventLogError } from './seed-event-log';

describe('read-side benchmarks at a tiny scale', () => {
  let dir: string;
  let eventsFile: string;
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadModelStore;
  let readFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-read-'));
    eventsFile = join(dir, 'events.db');
    eventStore = SqliteEventStore.open(eventsFile);
    readFile = join(dir, 'read.db');
    readStore = SqliteReadModelStore.open(readFile);
  });
  afterEach(async () => {
    await readStore.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds exactly the asked events over exactly the asked customers, each stream a valid history', async () => {
    const report = await seedEventLog(eventStore, { events: 1_500, customers: 120 });
    expect(report.events).toBe(1_500);
    expect(await eventStore.headPosition()).toBe(1_500);
    expect(new Set(report.customerIds).size).toBe(120);
    for (const customerId of report.customerIds.slice(0, 20)) {
      const stream = await eventStore.readStream(`customer-${customerId}`);
      expect(stream[0]?.type).toBe('CustomerAcquired');
      const times = stream.map((event) => event.occurredAt);
      expect(times).toEqual([...times].sort());
    }
    // Business time interleaves customers, as in a live log, rather than one customer after another.
    const log = await eventStore.readAll();
    const switches = log.filter((event, i) => i > 0 && event.streamId !== log[i - 1]!.streamId).length;
    expect(switches).toBeGreaterThan(5 * 120);
  });

  it('refuses a non-empty store and fewer events than customers', async () => {
    await expect(seedEventLog(eventStore, { events: 5, customers: 10 })).rejects.toThrow(SeedEventLogError);
    await seedEventLog(eventStore, { events: 20, customers: 2 });
    await expect(seedEventLog(eventStore, { events: 20, customers: 2 })).rejects.toThrow('must be empty');
  });

  it('rebuilds every read model in one pass and reports its rate, the raw floor and memory', async () => {
    await seedEventLog(eventStore, { events: 1_000, customers: 100 });
    const report = await benchRebuildAtScale({ eventStore, eventsFile, readStore, readFile });
    expect(report.events).toBe(1_000);
    expect(report.raw.eventsPerSecond).toBeGreaterThan(0);
    expect(report.perProjection).toEqual(PROJECTION_NAMES.map((name) => ({ name, eventsApplied: 1_000 })));
    expect(report.allModels.eventsPerSecond).toBeGreaterThan(0);
    expect(report.ratioToRaw).toBeCloseTo(report.allModels.eventsPerSecond / report.raw.eventsPerSecond, 2);
    // Measured in the rebuild's own process: its CPU and swaps are part of its wall time.
    expect(report.allModels.cpuSeconds).toBeGreaterThan(0);
    expect(report.allModels.swapSeconds).toBeGreaterThan(0);
    expect(report.allModels.swapSeconds).toBeLessThan(report.allModels.seconds);
    expect(report.peakRssMb).toBeGreaterThan(0);
    expect(report.maxRssMb).toBeGreaterThanOrEqual(report.peakRssMb * 0.9);
    expect(await readStore.count('customer-profiles')).toBe(100);
    expect(await readStore.count('customer-timelines')).toBe(1_000);
  });

  it('measures a write floor of as many documents as the rebuild wrote, and the best ratio any rebuild writing them could reach', async () => {
    await seedEventLog(eventStore, { events: 1_000, customers: 100 });
    const report = await benchRebuildAtScale({ eventStore, eventsFile, readStore, readFile });
    let documents = 0;
    for (const name of PROJECTION_NAMES) documents += await readStore.count(name);
    expect(report.writeFloor.documents).toBe(documents);
    expect(report.writeFloor.megabytes).toBeGreaterThan(documents * 100e-6); // every document is over 100 bytes of JSON
    expect(report.writeFloor.seconds).toBeGreaterThan(0);
    // The time and the rate are one measurement: the rate is the documents over the reported time (3 significant figures).
    expect(report.writeFloor.documentsPerSecond * report.writeFloor.seconds).toBeGreaterThan(documents * 0.99);
    expect(report.writeFloor.documentsPerSecond * report.writeFloor.seconds).toBeLessThan(documents * 1.01);
    // Reading and writing cannot be faster than reading alone.
    expect(report.readPlusWriteFloor.eventsPerSecond).toBeLessThan(report.raw.eventsPerSecond);
    expect(report.readPlusWriteFloor.ratioToRaw).toBeLessThan(1);
    expect(report.ratioToReadPlusWriteFloor).toBeCloseTo(report.allModels.eventsPerSecond / report.readPlusWriteFloor.eventsPerSecond, 1);
    // The same ratio by CPU seconds (reported to 3 significant figures, so recomputed only closely).
    const byCpu = (report.raw.cpuSeconds + report.writeFloor.cpuSeconds) / report.allModels.cpuSeconds;
    expect(byCpu).toBeGreaterThan(0);
    expect(Math.abs(report.cpuRatioToReadPlusWriteFloor / byCpu - 1)).toBeLessThan(0.05);
    expect(readdirSync(dir).filter((name) => name.includes('write-floor'))).toEqual([]); // its scratch file is gone
  });

  it('measures the fold and index floors on the same work the rebuild did, and leaves the rebuilt indexes as they were', async () => {
    await seedEventLog(eventStore, { events: 1_000, customers: 100 });
    const indexesOf = () => {
      const db = new Database(readFile, { readonly: true });
      try {
        return db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; tbl_name: string; sql: string }[];
      } finally {
        db.close();
      }
    };
    const report = await benchRebuildAtScale({ eventStore, eventsFile, readStore, readFile });
    const after = indexesOf();
    // The fold floor makes every document the rebuild stored (the seeded log has no erasure to skip).
    let documents = 0;
    for (const name of PROJECTION_NAMES) documents += await readStore.count(name);
    expect(report.foldFloor.documents).toBe(documents);
    expect(report.foldFloor.seconds).toBeGreaterThan(0);
    // The index floor rebuilt the indexes of the rebuilt collections, and only those, as they were.
    const rebuilt = indexesOf().filter((index) => /__v\d+$/.test(index.tbl_name) && !index.name.startsWith('sqlite_autoindex'));
    expect(report.indexFloor.indexes).toBe(after.filter((index) => rebuilt.some((r) => r.tbl_name === index.tbl_name)).length);
    expect(report.indexFloor.indexes).toBeGreaterThan(PROJECTION_NAMES.length);
    expect(report.indexFloor.seconds).toBeGreaterThan(0);
    // One after the other: fold + write + index. Overlapped: the writes beside the fold, then the indexes.
    // (Each floor is timed once, so how they compare with the read + write floor is a measurement, not a rule.)
    const { foldFloor, writeFloor, indexFloor } = report;
    // All are reported to 3 significant figures: equal within 1 %.
    expect(Math.abs(report.workFloor.seconds / (foldFloor.seconds + writeFloor.seconds + indexFloor.seconds) - 1)).toBeLessThan(0.01);
    expect(Math.abs(report.workFloor.overlappedSeconds / (Math.max(foldFloor.seconds, writeFloor.seconds) + indexFloor.seconds) - 1)).toBeLessThan(0.01);
    expect(report.workFloor.seconds).toBeGreaterThanOrEqual(report.workFloor.overlappedSeconds);
    expect(report.ratioToOverlappedWorkFloor).toBeCloseTo(report.allModels.eventsPerSecond / report.workFloor.overlappedEventsPerSecond, 1);
  });

  it('times the queries on the rebuilt models, and they find what they look for', async () => {
    const { customerIds } = await seedEventLog(eventStore, { events: 600, customers: 60 });
    await benchRebuildAtScale({ eventStore, eventsFile, readStore, readFile });
    const report = await benchQueryLatency({ readStore, customerIds, samples: 200, warmup: 10 });
    for (const figures of Object.values(report)) {
      expect(figures.samples).toBe(200);
      expect(figures.p50Ms).toBeGreaterThan(0);
      expect(figures.p50Ms).toBeLessThanOrEqual(figures.p99Ms);
      expect(figures.p99Ms).toBeLessThanOrEqual(figures.maxMs);
    }
    expect(report.profileById.itemsReturned).toBe(200); // every sampled id exists
    expect(report.timelineFirstPage.itemsReturned).toBeGreaterThanOrEqual(200);
    expect(report.profileList.itemsReturned).toBeGreaterThan(0);
  });
});

describe('eventsPerCustomer', () => {
  it('cuts only the longest histories when there are too many events', () => {
    expect(eventsPerCustomer([3, 12, 5, 20, 9], 30)).toEqual([3, 8, 5, 7, 7]);
    expect(eventsPerCustomer([3, 12, 5, 20, 9], 49)).toEqual([3, 12, 5, 20, 9]);
  });

  it('spreads missing events evenly when there are too few, and always sums to the target', () => {
    expect(eventsPerCustomer([1, 2, 3], 12)).toEqual([3, 4, 5]);
    const lengths = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 40));
    for (const events of [1000, 5000, 20_000, 40_000]) {
      const quota = eventsPerCustomer(lengths, events);
      expect(quota.reduce((a, b) => a + b, 0)).toBe(events);
      expect(Math.min(...quota)).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('percentile', () => {
  it('is the nearest rank of sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow(RangeError);
  });
});
