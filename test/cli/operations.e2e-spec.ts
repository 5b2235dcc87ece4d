import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { CLV_MODELS } from '@lifeline/analytics/clv';
import type { StoredStatus } from '@lifeline/projections/runtime';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { runCli } from '../../apps/cli/src/program';

const ROOT = resolve(__dirname, '../..');
const ENV = { LIFELINE_CURRENCY: 'EUR' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `lifeline <args>` would, with captured output. */
async function cli(args: string[], signal: AbortSignal = new AbortController().signal, onStderr?: (text: string) => void): Promise<Run> {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = capture();
  const err = capture();
  if (onStderr) err.stream.on('data', (chunk: Buffer) => onStderr(chunk.toString()));
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, interactive: false, signal, env: ENV });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A direct connection to the read store's file, as an operator with sqlite3 would have. */
function readDb(dataDir: string) {
  const db = new Database(join(dataDir, 'read.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

interface VersionRow {
  collection: string;
  version: number;
  live: number;
  checkpoint: number;
}

const versions = (dataDir: string, collection: string): VersionRow[] => {
  const db = readDb(dataDir);
  try {
    return db.prepare('SELECT collection, version, live, checkpoint FROM rm_versions WHERE collection = ? ORDER BY version').all(collection) as VersionRow[];
  } finally {
    db.close();
  }
};

const liveDocs = (dataDir: string, collection: string) => {
  const live = versions(dataDir, collection).find((v) => v.live === 1)!;
  const db = readDb(dataDir);
  try {
    return { ...live, docs: db.prepare(`SELECT id, doc FROM "rm_${collection}__v${live.version}" ORDER BY id`).all() as { id: string; doc: string }[] };
  } finally {
    db.close();
  }
};

const status = async (dataDir: string) => {
  const run = await cli(['--data-dir', dataDir, 'status', '--json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as StoredStatus;
};

describe('lifeline status, rebuild, verify', () => {
  let dir: string;
  /** 200 seeded customers, no read model yet; each test works on its own copy. */
  let seeded: string;
  let head: number;
  let events: number;
  let testCount = 0;
  const copy = () => {
    const target = join(dir, `t${++testCount}`);
    cpSync(seeded, target, { recursive: true });
    return target;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-ops-'));
    seeded = join(dir, 'seeded');
    const seed = await cli(['--data-dir', seeded, 'seed', '--customers', '200', '--seed', '5', '--end-date', '2025-06-01']);
    expect(seed.code).toBe(0);
    events = Number(/(\d+) events written/.exec(seed.stdout)![1]);
    // The customer events follow the store's currency pin (position 1).
    head = events + 1;
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('status shows a fitted lifetime-value model as fitted at its position, not as a reader that is behind', async () => {
    const data = copy();
    const readStore = SqliteReadModelStore.open(join(data, 'read.db'));
    try {
      await readStore.ensureCollection(CLV_MODELS, []);
      await readStore.commitBatch(CLV_MODELS, { checkpoint: head - 10, upserts: [{ _id: 'model-1', fittedAt: '2025-06-01T00:00:00.000Z' }], deletes: [] });
      await readStore.ensureCollection('publisher-kafka', []);
      await readStore.commitBatch('publisher-kafka', { checkpoint: head - 10, upserts: [], deletes: [] });
    } finally {
      await readStore.close();
    }
    const run = await cli(['--data-dir', data, 'status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^clv-models\\s+fitted\\s+${head - 10}\\s+10\\s`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^publisher-kafka\\s+behind\\s+${head - 10}\\s+10\\s`, 'm'));
  });

  it('status shows the lag, rebuild --all catches every projection up, verify finds them equal', async () => {
    const data = copy();
    const before = await status(data);
    expect(before.headPosition).toBe(head);
    for (const projection of before.projections) {
      expect(projection).toMatchObject({ state: 'not_started', checkpoint: 0, lag: { events } }); // customer events to apply (the currency pin is not one)
      expect(projection.lag.seconds).toBeGreaterThanOrEqual(0);
    }

    const rebuilt = await cli(['--data-dir', data, 'rebuild', '--all', '--batch-size', '250']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout.trim().split('\n')).toEqual(
      ['customer-profiles', 'customer-timelines', 'complaints', 'purchase-histories', 'satisfaction-answers'].map(
        (name) => `${name}: v2 is live at position ${head} (${events} events applied in this run)`,
      ),
    );
    // One pass over the log for all five, with one progress line.
    expect(rebuilt.stderr).toMatch(new RegExp(`rebuild customer-profiles, customer-timelines, complaints, purchase-histories, satisfaction-answers: ${head}/${head} events \\(100%\\), \\d+/s`));
    // The swaps build indexes and take a while on a big log: each one is announced, after the bar.
    const swapLines = rebuilt.stderr.split('\n').filter((line) => line.includes('swapping it in'));
    expect(swapLines).toEqual(
      ['customer-profiles', 'customer-timelines', 'complaints', 'purchase-histories', 'satisfaction-answers'].map((name) => `rebuild ${name}: building the indexes of v2 and swapping it in`),
    );
    expect(rebuilt.stderr.lastIndexOf('(100%)')).toBeLessThan(rebuilt.stderr.indexOf('swapping it in'));

    const after = await status(data);
    for (const projection of after.projections) {
      expect(projection).toMatchObject({ state: 'up_to_date', checkpoint: head, liveVersion: 2, lag: { events: 0, seconds: 0 } });
      expect(projection.rebuild).toBeUndefined();
    }
    expect(after.projections.find((p) => p.name === 'customer-profiles')!.documents).toBe(200);
    expect(after.projections.find((p) => p.name === 'customer-timelines')!.documents).toBe(events);

    const table = await cli(['--data-dir', data, 'status']);
    expect(table.stdout).toMatch(new RegExp(`^head position ${head}\\nNAME +STATE +CHECKPOINT +LAG `));
    expect(table.stdout).toMatch(new RegExp(`\\ncustomer-profiles +up to date +${head} +0 +0s +v2 +200 +-\\n`));

    const verified = await cli(['--data-dir', data, 'verify', '--all']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`^customer-profiles: equal \\(200 documents, v2 at position ${head}\\)$`, 'm'));
    expect(verified.stdout.trim().split('\n')).toHaveLength(5);
  }, 20_000);

  it('verify reports documents changed, removed or added behind the projector, field by field, and exits 1', async () => {
    const data = copy();
    expect((await cli(['--data-dir', data, 'rebuild', 'customer-profiles'])).code).toBe(0);
    const { version, docs } = liveDocs(data, 'customer-profiles');
    const [changed, removed] = docs;
    const db = readDb(data);
    const table = `"rm_customer-profiles__v${version}"`;
    const doc = JSON.parse(changed.doc) as { purchases: number; complaints: { open: number } };
    db.prepare(`UPDATE ${table} SET doc = ? WHERE id = ?`).run(
      JSON.stringify({ ...doc, purchases: doc.purchases + 1, complaints: { ...doc.complaints, open: doc.complaints.open + 2 } }),
      changed.id,
    );
    db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(removed.id);
    db.prepare(`INSERT INTO ${table} (id, doc) VALUES ('zz-ghost', '{"customerId":"zz-ghost"}')`).run();
    db.close();

    const run = await cli(['--data-dir', data, 'verify', 'customer-profiles']);
    expect(run.code).toBe(1);
    const [summary, ...details] = run.stdout.trimEnd().split('\n');
    expect(summary).toBe(`customer-profiles: 3 documents differ (1 missing, 1 extra, 1 differing; v${version} at position ${head})`);
    // Ordered by id; each differing document lists its differing fields below it.
    expect(changed.id < removed.id && removed.id < 'zz-ghost').toBe(true);
    expect(details[0]).toBe(`  differing ${changed.id}`);
    expect(details.slice(1, 3).sort()).toEqual([
      `    complaints.open: stored ${doc.complaints.open + 2}, expected ${doc.complaints.open}`,
      `    purchases: stored ${doc.purchases + 1}, expected ${doc.purchases}`,
    ]);
    expect(details.slice(3)).toEqual([`  missing ${removed.id}`, '  extra zz-ghost']);

    const json = JSON.parse((await cli(['--data-dir', data, 'verify', 'customer-profiles', '--json', '--show', '1'])).stdout);
    expect(json).toMatchObject({ equal: false, projections: [{ projection: 'customer-profiles', missing: 1, extra: 1, differing: 1, examples: [expect.any(Object)] }] });

    // A rebuild repairs it.
    expect((await cli(['--data-dir', data, 'rebuild', 'customer-profiles'])).code).toBe(0);
    expect((await cli(['--data-dir', data, 'verify', 'customer-profiles'])).code).toBe(0);
  }, 20_000);

  describe('wrong arguments: one line, exit 2, nothing touched', () => {
    const known = 'known projections: customer-profiles, customer-timelines, complaints, purchase-histories, satisfaction-answers';
    it.each([
      [['rebuild', 'profiles'], `error: unknown projection "profiles"; ${known}\n`],
      [['verify', 'customer-profiles', 'nope'], `error: unknown projection "nope"; ${known}\n`],
      [['rebuild'], `error: name at least one projection or pass --all; ${known}\n`],
      [['verify', '--all', 'complaints'], 'error: name projections or pass --all, not both\n'],
      [['rebuild', '--all', '--batch-size', '0'], "error: option '--batch-size <n>' argument '0' is invalid. batch size must be a whole number from 1 to 100000.\n"],
    ])('%j', async (args, message) => {
      const data = join(dir, 'untouched');
      const run = await cli(['--data-dir', data, ...args]);
      expect(run).toEqual({ code: 2, stdout: '', stderr: message });
      expect(existsSync(data)).toBe(false);
    });

    it.each([['status'], ['rebuild', '--all'], ['verify', '--all']])('%s on a directory without an event store: one line, exit 1, nothing created', async (...args) => {
      const data = join(dir, 'empty');
      const run = await cli(['--data-dir', data, ...args]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: no event store at .*events\.db \(check --data-dir or LIFELINE_DATA_DIR\)\n$/);
      expect(existsSync(data)).toBe(false);
    });
  });

  it('Ctrl-C during a rebuild exits 130 and says how to resume; the live version keeps serving unchanged', async () => {
    const data = copy();
    expect((await cli(['--data-dir', data, 'rebuild', 'complaints'])).code).toBe(0);
    const live = liveDocs(data, 'complaints');
    const ctrlC = new AbortController();
    const stopped = await cli(['--data-dir', data, 'rebuild', 'complaints', '--batch-size', '10'], ctrlC.signal, () => ctrlC.abort());
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/^interrupted: complaints rebuild \(v3\) stopped at position \d+; the live version is untouched; run the same command again to resume$/m);
    expect(liveDocs(data, 'complaints')).toEqual(live);
    const resumed = await cli(['--data-dir', data, 'rebuild', 'complaints']);
    expect(resumed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^complaints: v3 is live at position \d+/) });
  }, 20_000);

  it('a rebuild killed with SIGKILL leaves the live model untouched, and the re-run resumes from its own checkpoint', async () => {
    const data = copy();
    expect((await cli(['--data-dir', data, 'rebuild', 'customer-timelines'])).code).toBe(0);
    // Mark the live model, so any write a rebuild made to it would show.
    const marked = liveDocs(data, 'customer-timelines');
    const db = readDb(data);
    db.prepare(`UPDATE "rm_customer-timelines__v${marked.version}" SET doc = json_set(doc, '$.summary', 'marker') WHERE id = ?`).run(marked.docs[0].id);
    db.close();
    const live = liveDocs(data, 'customer-timelines');

    // The compiled CLI, as an operator runs it (same compiler and config as `npm run build`).
    const build = join(dir, 'dist');
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['apps/cli', 'libs', '-d', build, '--config-file', '.swcrc', '-q'], { cwd: ROOT });
    const child = spawn(process.execPath, [join(build, 'apps/cli/src/main.js'), '--data-dir', data, 'rebuild', 'customer-timelines', '--batch-size', '1'], {
      env: { ...process.env, ...ENV, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    // Kill it once the new version has committed some batches, well before the end.
    const deadline = Date.now() + 15_000;
    let building: VersionRow | undefined;
    while (Date.now() < deadline) {
      if (stderr.includes('rebuild customer-timelines: building a new version')) {
        building = versions(data, 'customer-timelines').find((v) => v.live === 0 && v.checkpoint >= 20);
        if (building) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(building).toBeDefined();

    const afterKill = versions(data, 'customer-timelines');
    const unfinished = afterKill.find((v) => v.live === 0)!;
    expect(unfinished.checkpoint).toBeGreaterThan(0);
    expect(unfinished.checkpoint).toBeLessThan(head);
    expect(liveDocs(data, 'customer-timelines')).toEqual(live);

    const during = (await status(data)).projections.find((p) => p.name === 'customer-timelines')!;
    expect(during).toMatchObject({ state: 'rebuilding', liveVersion: live.version, checkpoint: head, rebuild: { version: unfinished.version, checkpoint: unfinished.checkpoint } });

    const resumed = await cli(['--data-dir', data, 'rebuild', 'customer-timelines']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^rebuild customer-timelines: resuming the unfinished rebuild at position ${unfinished.checkpoint} of ${head}$`, 'm'));
    expect(resumed.stdout).toBe(`customer-timelines: v${unfinished.version} is live at position ${head} (${head - unfinished.checkpoint} events applied in this run)\n`);
    expect(versions(data, 'customer-timelines')).toEqual([{ collection: 'customer-timelines', version: unfinished.version, live: 1, checkpoint: head }]);
    expect((await cli(['--data-dir', data, 'verify', 'customer-timelines'])).code).toBe(0);
  }, 30_000);
});
