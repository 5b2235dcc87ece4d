import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { pinStoreCurrency } from '@lifeline/customers/application';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { runCli } from '../../apps/cli/src/program';

const ROOT = resolve(__dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `lifeline <args>` would, with captured output. */
async function cli(args: string[], signal: AbortSignal = new AbortController().signal): Promise<Run> {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = capture();
  const err = capture();
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, interactive: false, signal, env: { LIFELINE_CURRENCY: 'EUR' } });
  return { code, stdout: out.text(), stderr: err.text() };
}

const parseNdjson = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as RecordedEvent);
const withoutRecordedAt = (events: RecordedEvent[]) => events.map(({ recordedAt: _, ...rest }) => rest);

describe('lifeline CLI (in-process)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = (name = 'data') => ['--data-dir', join(dir, name)];

  it('seed then export: one NDJSON line per event, and exporting a copy of those events gives the same lines', async () => {
    const seeded = await cli([...dataDir(), 'seed', '--customers', '30', '--seed', '9', '--end-date', '2025-06-01']);
    expect(seeded).toMatchObject({ code: 0, stdout: expect.stringMatching(/^seeded 30 customers, \d+ events written, 0 already there/) });
    const exported = await cli([...dataDir(), 'export']);
    expect(exported.code).toBe(0);
    const events = parseNdjson(exported.stdout);
    expect(events.length).toBe(Number(/(\d+) events written/.exec(seeded.stdout)![1]));
    // Position 1 is the store's currency pin, which is not a customer event.
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 2));

    // Load the export into a fresh store, event by event in position order, and export that.
    mkdirSync(join(dir, 'copy'));
    const copy = SqliteEventStore.open(join(dir, 'copy', 'events.db'));
    await pinStoreCurrency(copy, 'EUR');
    for (const { streamId, revision, position: _p, recordedAt: _r, ...event } of events) {
      await copy.appendToStream(streamId, [event], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    }
    await copy.close();
    const again = await cli([...dataDir('copy'), 'export']);
    expect(withoutRecordedAt(parseNdjson(again.stdout))).toEqual(withoutRecordedAt(events));
  });

  it("exports one customer's events after a position", async () => {
    await cli([...dataDir(), 'seed', '--customers', '5', '--seed', '2', '--end-date', '2025-06-01']);
    const all = parseNdjson((await cli([...dataDir(), 'export'])).stdout);
    const customer = all[all.length - 1].data.customerId as string;
    const from = all.find((e) => e.data.customerId === customer)!.position;
    const { code, stdout } = await cli([...dataDir(), 'export', '--customer', customer, '--from', String(from)]);
    expect(code).toBe(0);
    expect(parseNdjson(stdout)).toEqual(all.filter((e) => e.data.customerId === customer && e.position > from));
  });

  it('remembers the end date of a seed, so a re-run on another day continues the same data', async () => {
    await cli([...dataDir(), 'seed', '--customers', '8', '--seed', '4', '--end-date', '2024-01-01']);
    const again = await cli([...dataDir(), 'seed', '--customers', '12', '--seed', '4']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/seeded 12 customers, \d+ events written, [1-9]\d* already there .*up to 2024-01-01T00:00:00.000Z/);
  });

  it('a seed stopped by Ctrl-C exits 130, says how to continue, and the same command then completes', async () => {
    const controller = new AbortController();
    controller.abort();
    const stopped = await cli([...dataDir(), 'seed', '--customers', '10', '--end-date', '2025-06-01'], controller.signal);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted .*run the same command again to continue/);
    const resumed = await cli([...dataDir(), 'seed', '--customers', '10', '--end-date', '2025-06-01']);
    expect(resumed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^seeded 10 customers/) });
  });

  describe('import', () => {
    const csv = 'customer_id,date,amount\na,2024-01-05,10.00\na,2024-01-05,10.00\nb,2024-01-06,oops\nc,2024-01-07,3.50\n';
    const file = () => {
      const path = join(dir, 'tx.csv');
      writeFileSync(path, csv);
      return path;
    };
    const countEvents = async () => parseNdjson((await cli([...dataDir(), 'export'])).stdout).length;

    it('imports the good rows, lists rejected rows with line numbers, exits 3; a re-import writes nothing new', async () => {
      const first = await cli([...dataDir(), 'import', file(), '--date-format', 'YYYY-MM-DD']);
      expect(first.code).toBe(3);
      expect(first.stderr).toMatch(/^line 4: amount must be a positive decimal/m);
      expect(first.stdout).toBe('4 rows: 3 imported, 0 already imported, 1 rejected; 2 customers (2 new)\n');
      const events = await countEvents();
      expect(events).toBe(5);
      const second = await cli([...dataDir(), 'import', file(), '--date-format', 'YYYY-MM-DD', '--json']);
      expect(JSON.parse(second.stdout)).toEqual({ rows: 4, imported: 0, duplicates: 3, rejected: [{ line: 4, reason: expect.any(String) }], customers: 2, newCustomers: 0 });
      expect(await countEvents()).toBe(events);
    });

    it('with --strict refuses the file, exits 1 and writes nothing', async () => {
      const strict = await cli([...dataDir(), 'import', file(), '--date-format', 'YYYY-MM-DD', '--strict']);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(/strict import refused: 1 bad rows, nothing written/);
      const exported = await cli([...dataDir(), 'export']);
      expect(exported.stdout).toBe('');
    });

    it('reads CDNOW-style whitespace files by column position', async () => {
      const path = join(dir, 'cdnow.txt');
      writeFileSync(path, ' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n 00021 0002 19970101  3   63.34\r\n');
      const run = await cli([...dataDir(), 'import', path, '--delimiter', 'whitespace', '--customer-column', '1', '--date-column', '3', '--amount-column', '5', '--date-format', 'YYYYMMDD']);
      expect(run).toMatchObject({ code: 0, stdout: '3 rows: 3 imported, 0 already imported, 0 rejected; 2 customers (2 new)\n' });
    });
  });

  describe('wrong arguments: one line on stderr, non-zero exit, nothing written', () => {
    it.each([
      [['seed'], /^error: required option '--customers <n>' not specified\n$/],
      [['seed', '--customers', 'ten'], /^error: option '--customers <n>' argument 'ten' is invalid\. .*\n$/],
      [['seed', '--customers', '3', '--seed', '-1'], /^error: .*\n$/],
      [['frobnicate'], /^error: unknown command 'frobnicate'\n$/],
      [['import'], /^error: missing required argument 'file'\n$/],
      [['import', 'x.csv', '--date-format', 'DDMMYY'], /^error: option '--date-format <format>' argument 'DDMMYY' is invalid\. .*\n$/],
      [['import', 'x.csv', '--delimiter', '::'], /^error: delimiter must be one character or "whitespace" .*\n$/],
      [['import', 'x.csv', '--currency', 'USD'], /^error: the store books purchases in EUR, not USD.*\n$/],
      [['export', '--from', 'yesterday'], /^error: option '--from <position>' argument 'yesterday' is invalid\. .*\n$/],
    ])('%j', async (args, message) => {
      const run = await cli([...dataDir(), ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    });

    it('export of a data directory without an event store fails with a hint and does not create one', async () => {
      const run = await cli([...dataDir(), 'export']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: no event store at .*events\.db \(check --data-dir or LIFELINE_DATA_DIR\)\n$/);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    });
  });
});

describe('lifeline CLI (compiled, spawned)', () => {
  let dir: string;
  let main: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-cli-build-'));
    // The same compiler and config as `npm run build`, into a scratch directory.
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['apps/cli', 'libs', '-d', join(dir, 'dist'), '--config-file', '.swcrc', '-q'], { cwd: ROOT });
    main = join(dir, 'dist/apps/cli/src/main.js');
    // Laid out as installed: the package manifest above dist/.
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const node = (args: string[], script = main) =>
    spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LIFELINE_CURRENCY: 'EUR' } });

  it('seeds and exports from the command line', () => {
    const data = join(dir, 'data');
    const seed = node(['--data-dir', data, 'seed', '--customers', '3', '--seed', '1', '--end-date', '2025-06-01']);
    expect(seed.status).toBe(0);
    const exported = node(['--data-dir', data, 'export']);
    expect(exported.status).toBe(0);
    expect(parseNdjson(exported.stdout).length).toBe(Number(/(\d+) events written/.exec(seed.stdout)![1]));
  });

  it('--version prints the package version (from the build, as installed)', () => {
    const run = node(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('answers wrong arguments with one line and exit code 2, no stack trace', () => {
    const run = node(['seed', '--customers', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: option '--customers <n>' argument '0' is invalid/);
  });

  it('an import killed with SIGKILL mid-way is completed by running it again: every row exactly once', async () => {
    const data = join(dir, 'killed');
    const path = join(dir, 'big.csv');
    // 60,000 rows over 6,000 customers, interleaved (not grouped by customer): several batches.
    const lines = Array.from({ length: 60_000 }, (_, i) => `k-${i % 6_000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')},${(i % 90) + 1}.50`);
    writeFileSync(path, `customer_id,date,amount\n${lines.join('\n')}\n`);
    const args = ['--data-dir', data, 'import', path, '--date-format', 'YYYY-MM-DD', '--json'];
    const child = spawn(process.execPath, [main, ...args], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LIFELINE_CURRENCY: 'EUR' }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolvePromise) => child.on('exit', (_code, signal) => resolvePromise(signal)));
    const storedEvents = () => {
      if (!existsSync(join(data, 'events.db'))) return 0;
      const db = new Database(join(data, 'events.db'), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'").get() as { n: number }).n === 0
          ? 0
          : // Customer events only: the store's currency pin comes first and is not an imported row.
            (db.prepare("SELECT count(*) AS n FROM events WHERE stream_id LIKE 'customer-%'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    // Kill it once some batches are committed, before the end.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && storedEvents() === 0) await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = storedEvents();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(66_000);

    const resumed = node(args);
    expect(resumed.status).toBe(0);
    const report = JSON.parse(resumed.stdout) as { imported: number; duplicates: number; newCustomers: number };
    const db = new Database(join(data, 'events.db'), { readonly: true });
    const purchases = db.prepare("SELECT count(*) AS n, count(DISTINCT json_extract(data, '$.orderId')) AS distinctOrders FROM events WHERE type = 'PurchaseRecorded'").get();
    const acquisitions = (db.prepare("SELECT count(*) AS n FROM events WHERE type = 'CustomerAcquired'").get() as { n: number }).n;
    db.close();
    expect(purchases).toEqual({ n: 60_000, distinctOrders: 60_000 });
    expect(acquisitions).toBe(6_000);
    // What the killed run committed counts as already imported, the rest as imported now.
    expect(report.imported + report.duplicates).toBe(60_000);
    expect(report.duplicates).toBe(afterKill - (6_000 - report.newCustomers));
    expect(JSON.parse(node(args).stdout)).toMatchObject({ imported: 0, duplicates: 60_000, newCustomers: 0 });
  }, 120_000);

  it('an import whose writer thread cannot write stops with one line and exit 1, writes no part of a batch, and the same command then completes', () => {
    const data = join(dir, 'locked');
    const first = join(dir, 'first.csv');
    writeFileSync(first, 'customer_id,date,amount\nearlier,2024-01-02,5.00\n');
    expect(node(['--data-dir', data, 'import', first, '--date-format', 'YYYY-MM-DD']).status).toBe(0);
    const path = join(dir, 'locked.csv');
    const lines = Array.from({ length: 3_000 }, (_, i) => `l-${i % 300},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')},${(i % 90) + 1}.50`);
    writeFileSync(path, `customer_id,date,amount\n${lines.join('\n')}\n`);
    const args = ['--data-dir', data, 'import', path, '--date-format', 'YYYY-MM-DD', '--json'];
    const customerEvents = () => {
      const db = new Database(join(data, 'events.db'), { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM events WHERE stream_id LIKE 'customer-%'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    // Another process holds the event store's write lock past the writer's busy timeout (5 s): its batches cannot commit.
    const locker = new Database(join(data, 'events.db'));
    locker.exec('BEGIN IMMEDIATE');
    let locked: ReturnType<typeof node>;
    try {
      locked = node(args);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(locked.status).toBe(1);
    const errors = locked.stderr.split('\n').filter((line) => line.startsWith('error:') || /^\s+at /.test(line));
    expect(errors).toEqual([expect.stringMatching(/^error: import stopped: .*database is locked.*run the same command again to continue$/)]);
    expect(customerEvents()).toBe(2); // the earlier import's acquisition and purchase: nothing of the refused batches

    const resumed = node(args);
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ imported: 3_000, duplicates: 0, newCustomers: 300 });
    expect(customerEvents()).toBe(2 + 3_000 + 300);
  }, 60_000);

  it('bin/lifeline.js without a build prints a one-line hint to build and exits 1', () => {
    mkdirSync(join(dir, 'unbuilt/bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin/lifeline.js'), join(dir, 'unbuilt/bin/lifeline.js'));
    const run = node([], join(dir, 'unbuilt/bin/lifeline.js'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('lifeline: the CLI is not built yet; run `npm run build` first\n');
  });
});
