/**
 * `lifeline import` at scale (issue 13): a transactions file of `rows` rows over `customers`
 * customers, interleaved (not grouped by customer), imported by the built CLI in its own
 * process; wall time and the process's peak RSS come from /usr/bin/time. Then the same file
 * again (all duplicates: the idempotent re-run), one customer's 10,000 purchases (issue 18),
 * and the floor: the very events the import wrote, inserted with plain better-sqlite3 into an
 * empty events table of the same schema, with the best settings measured for it (50,000 per
 * transaction, a 64 MB page cache, a checkpoint per 50,000 WAL pages — the import's own).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';

const CLI = resolve(__dirname, '../../apps/cli/src/main.js');

export interface ImportAtScaleOptions {
  readonly dir: string;
  readonly rows: number;
  readonly customers: number;
  readonly onProgress?: (line: string) => void;
}

interface CliRun {
  readonly seconds: number;
  /** User + system CPU seconds of the CLI process: less sensitive than wall time to other jobs on a shared machine. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly report: { rows: number; imported: number; duplicates: number; rejected: unknown[]; customers: number; newCustomers: number };
}

export interface ImportAtScaleReport {
  readonly rows: number;
  readonly customers: number;
  readonly firstRun: CliRun['report'] & { readonly seconds: number; readonly cpuSeconds: number; readonly rowsPerSecond: number; readonly peakRssMb: number };
  readonly reRun: { readonly seconds: number; readonly cpuSeconds: number; readonly peakRssMb: number; readonly imported: number; readonly duplicates: number };
  readonly eventsWritten: number;
  readonly rawBatchedInsert: { readonly events: number; readonly seconds: number; readonly cpuSeconds: number; readonly eventsPerSecond: number; readonly eventsPerTransaction: number };
  /** Events written per second by the import over the raw insert's. */
  readonly ratioToRaw: number;
  /** The same by CPU seconds (raw / import): less sensitive to other jobs on a shared machine. */
  readonly cpuRatioToRaw: number;
  readonly oneCustomer10000Purchases: { readonly seconds: number; readonly cpuSeconds: number; readonly imported: number; readonly peakRssMb: number };
}

async function writeFile(path: string, lines: (i: number) => string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('customer_id,date,amount\n');
  for (let i = 0; i < count; i++) {
    if (!out.write(`${lines(i)}\n`)) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
}

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + (i % 1_800) * 86_400_000).toISOString().slice(0, 10);

function importWithCli(dataDir: string, file: string): CliRun {
  // GNU time prints "<wall s> <user s> <system s> <max RSS KiB>" as the last line of stderr; the CLI's --json report is stdout.
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, CLI, '--data-dir', dataDir, 'import', file, '--date-format', 'YYYY-MM-DD', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, LIFELINE_CURRENCY: 'EUR' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const timing = /(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)\s*$/.exec(run.stderr);
  if (run.status !== 0 || !timing) throw new Error(`lifeline import failed (exit ${run.status}): ${run.stderr.slice(-2_000)}`);
  return {
    seconds: Number(timing[1]),
    cpuSeconds: round(Number(timing[2]) + Number(timing[3])),
    peakRssMb: Math.round(Number(timing[4]) / 1024),
    report: JSON.parse(run.stdout) as CliRun['report'],
  };
}

/** Per transaction in the floor; with the page cache and checkpoint interval below, the fastest plain insert measured here (20,000 with SQLite's defaults took twice as long). */
const RAW_EVENTS_PER_TRANSACTION = 50_000;

/** The floor: the events the import wrote, inserted again with plain better-sqlite3 and the import's SQLite settings. */
function rawBatchedInsert(sourceFile: string, targetFile: string): ImportAtScaleReport['rawBatchedInsert'] {
  SqliteEventStore.open(targetFile).close(); // the same schema, indexes and pragmas as the store
  const source = new Database(sourceFile, { readonly: true });
  const target = new Database(targetFile);
  target.pragma('journal_mode = WAL');
  target.pragma('synchronous = NORMAL');
  target.pragma('cache_size = -65536');
  target.pragma('wal_autocheckpoint = 50000');
  const insert = target.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  type Row = [string, number, string, string, number, string, string, string, string];
  const writeBatch = target.transaction((rows: Row[]) => {
    for (const row of rows) insert.run(...row);
  });
  const read = source.prepare('SELECT stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, data, metadata FROM events ORDER BY position').raw(true);
  let events = 0;
  let batch: Row[] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (const row of read.iterate() as IterableIterator<Row>) {
    batch.push(row);
    if (batch.length === RAW_EVENTS_PER_TRANSACTION) {
      writeBatch(batch);
      events += batch.length;
      batch = [];
    }
  }
  writeBatch(batch);
  events += batch.length;
  target.pragma('wal_checkpoint(TRUNCATE)'); // as the import ends
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  source.close();
  target.close();
  return {
    events,
    seconds: round(seconds),
    // Reading the source rows is in it too (a few seconds): the floor is, if anything, generous.
    cpuSeconds: round((cpu.user + cpu.system) / 1e6),
    eventsPerSecond: Math.round(events / seconds),
    eventsPerTransaction: RAW_EVENTS_PER_TRANSACTION,
  };
}

export async function benchImportAtScale(opts: ImportAtScaleOptions): Promise<ImportAtScaleReport> {
  const log = opts.onProgress ?? (() => undefined);
  const work = join(opts.dir, `import-${randomUUID()}`);
  mkdirSync(work);
  const file = join(work, 'transactions.csv');
  // Row i belongs to customer i mod customers: the file is not grouped by customer.
  await writeFile(file, (i) => `cust-${i % opts.customers},${day(Math.floor(i / opts.customers) * 37 + (i % 101))},${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`, opts.rows);

  log(`import: ${opts.rows} rows over ${opts.customers} customers through lifeline import`);
  const dataDir = join(work, 'data');
  const first = importWithCli(dataDir, file);
  log(`import: again (every row a duplicate)`);
  const again = importWithCli(dataDir, file);
  const eventsWritten = first.report.imported + first.report.newCustomers;

  log('import: the raw batched insert of the same events');
  const raw = rawBatchedInsert(join(dataDir, 'events.db'), join(work, 'raw.db'));

  log('import: 10,000 purchases of one customer');
  const single = join(work, 'one-customer.csv');
  await writeFile(single, (i) => `key-account,${day(i)},${(i % 500) + 1}.00`, 10_000);
  const one = importWithCli(join(work, 'one-customer-data'), single);

  return {
    rows: opts.rows,
    customers: opts.customers,
    firstRun: { ...first.report, seconds: first.seconds, cpuSeconds: first.cpuSeconds, rowsPerSecond: Math.round(opts.rows / first.seconds), peakRssMb: first.peakRssMb },
    reRun: { seconds: again.seconds, cpuSeconds: again.cpuSeconds, peakRssMb: again.peakRssMb, imported: again.report.imported, duplicates: again.report.duplicates },
    eventsWritten,
    rawBatchedInsert: raw,
    ratioToRaw: round(eventsWritten / first.seconds / raw.eventsPerSecond),
    cpuRatioToRaw: round(raw.cpuSeconds / first.cpuSeconds),
    oneCustomer10000Purchases: { seconds: one.seconds, cpuSeconds: one.cpuSeconds, imported: one.report.imported, peakRssMb: one.peakRssMb },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
