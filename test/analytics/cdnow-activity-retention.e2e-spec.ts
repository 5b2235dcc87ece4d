/**
 * Activity retention on purchase-only data: the CDNOW sample imported through the CLI
 * (`lifeline import`), then GET /analytics/retention?basis=activity compared with the same
 * figures computed straight from the raw file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../apps/cli/src/program';
import { startApi, type RunningApi } from '../support/api-harness';
import { projectionsCaughtUp } from './analytics-support';

const CDNOW_FILE = join(resolve(__dirname, '../../..'), 'shared/datasets/cdnow/CDNOW_sample.txt');
const present = existsSync(CDNOW_FILE);
const describeWithData = present ? describe : describe.skip;
const title = present
  ? 'CDNOW sample imported through the CLI: activity retention equals a direct computation from the raw file'
  : 'CDNOW activity retention skipped: ../shared/datasets/cdnow/CDNOW_sample.txt absent';

/** Straight from the file: cohort by the month of each customer's first purchase, share buying in month k. */
function activityRetentionFromFile(text: string, asOf: string): { cohort: string; size: number; retention: number[] }[] {
  const months = new Map<string, Set<number>>(); // sample id -> month indexes (year * 12 + month) with a purchase
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5) continue;
    // $0.00 rows are not purchases (import refuses them: a purchase amount must be > 0).
    if (Number(cols[4]) <= 0) continue;
    const month = Number(cols[2].slice(0, 4)) * 12 + Number(cols[2].slice(4, 6)) - 1;
    const set = months.get(cols[1]) ?? new Set<number>();
    set.add(month);
    months.set(cols[1], set);
  }
  const end = new Date(asOf);
  const lastComplete = end.getUTCFullYear() * 12 + end.getUTCMonth() - 1;
  const cohorts = new Map<number, Set<number>[]>();
  for (const set of months.values()) {
    const first = Math.min(...set);
    cohorts.set(first, [...(cohorts.get(first) ?? []), set]);
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([first, members]) => {
      const retention: number[] = [];
      for (let m = first; m <= lastComplete; m++) retention.push(members.filter((s) => s.has(m)).length / members.length);
      return { cohort: `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`, size: members.length, retention };
    });
}

describeWithData(title, () => {
  let dir: string;
  let api: RunningApi | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-cdnow-activity-'));
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    err.resume();
    const code = await runCli(
      ['--data-dir', dir, 'import', CDNOW_FILE, '--delimiter', 'whitespace', '--customer-column', '2', '--date-column', '3', '--amount-column', '5', '--date-format', 'YYYYMMDD'],
      { stdout: out, stderr: err, interactive: false, signal: new AbortController().signal, env: { LIFELINE_CURRENCY: 'USD' } },
    );
    // Exit 3: the eight $0.00 rows are rejected, everything else imported.
    expect({ code, stdout: Buffer.concat(chunks).toString('utf8') }).toEqual({
      code: 3,
      stdout: expect.stringContaining('6919 rows: 6911 imported'),
    });
    api = await startApi({ dataDir: dir, env: { LIFELINE_CURRENCY: 'USD', LIFELINE_DEMO: 'off' } });
    await projectionsCaughtUp(api);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('`lifeline clv fit` fits the published CDNOW parameters, prints them with their log-likelihoods, and the API serves that model', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    err.on('data', (c: Buffer) => errChunks.push(c));
    const code = await runCli(
      ['--data-dir', dir, 'clv', 'fit', '--calibration-end', '1997-09-30', '--time-unit', 'week', '--horizon', '39', '--discount-rate', '0'],
      { stdout: out, stderr: err, interactive: false, signal: new AbortController().signal, env: { LIFELINE_CURRENCY: 'USD' } },
    );
    const stdout = Buffer.concat(chunks).toString('utf8');
    expect({ code, stderr: Buffer.concat(errChunks).toString('utf8') }).toEqual({ code: 0, stderr: expect.stringMatching(/reading purchase histories: 2349\/2349 documents[\s\S]*fitting BG\/NBD/) });
    expect(stdout).toMatch(/2349 customers \(946 repeat\), 0 zeroed by a recorded churn/);
    expect(stdout).toMatch(/BG\/NBD\s+r = 0\.24\d+\s+alpha = 4\.4\d+\s+a = 0\.79\d+\s+b = 2\.4\d+\s+log-likelihood = -9578\.\d\d/);
    const gg = /Gamma-Gamma\s+p = 6\.2\d+\s+q = 3\.7\d+\s+gamma = 154\d\.\d+ USD minor units\s+log-likelihood = (-?\d+\.\d\d) \(of mean spends in minor units; (-?\d+\.\d\d) in major units\)/.exec(stdout);
    expect(gg).not.toBeNull();
    // Spends in cents: each repeat customer's density is a hundredth of the one in dollars.
    expect(Number(gg![2]) - Number(gg![1])).toBeCloseTo(946 * Math.log(100), 1);
    // In dollars it is the published −4055.92 (CLVTools; ../shared/datasets/reference_values.json).
    expect(Math.abs(Number(gg![2]) - -4055.92)).toBeLessThan(0.05);
    const model = await api!.http().get('/analytics/clv/model').expect(200);
    expect(model.body).toMatchObject({ calibrationEnd: '1997-09-30', timeUnit: 'week', horizon: 39, customers: 2349 });
    const both = await runCli(['--data-dir', dir, 'clv', 'fit', '--calibration-end', '1997-09-30', '--discount-rate', '0', '--annual-discount-rate', '0.1'], {
      stdout: new PassThrough(), stderr: new PassThrough().resume() as PassThrough, interactive: false, signal: new AbortController().signal, env: {},
    });
    expect(both).toBe(2);
  }, 120_000);

  it('every monthly cohort and period matches, and churn-based retention is the uninformative 100 %', async () => {
    const asOf = '1998-07-01T00:00:00.000Z';
    const expected = activityRetentionFromFile(readFileSync(CDNOW_FILE, 'utf8'), asOf);
    expect(expected.map((c) => c.cohort)).toEqual(['1997-01', '1997-02', '1997-03']);
    const res = await api!.http().get('/analytics/retention').query({ basis: 'activity', asOf }).expect(200);
    expect(res.body).toMatchObject({ basis: 'activity', customers: 2349 });
    expect(res.body.cohorts.map((c: { cohort: string; size: number }) => [c.cohort, c.size])).toEqual(expected.map((c) => [c.cohort, c.size]));
    res.body.cohorts.forEach((cohort: { retention: number[] }, i: number) => {
      expect(cohort.retention).toHaveLength(expected[i].retention.length);
      cohort.retention.forEach((share, k) => expect(share).toBeCloseTo(expected[i].retention[k], 12));
    });
    // Month 0 is everyone (acquisition is the first purchase); later months are far below.
    expect(res.body.cohorts[0].retention[0]).toBe(1);
    expect(res.body.cohorts[0].retention[6]).toBeLessThan(0.2);

    const status = await api!.http().get('/analytics/retention').query({ asOf }).expect(200);
    expect(status.body.basis).toBe('status');
    expect(status.body.cohorts.every((c: { retention: number[] }) => c.retention.every((r) => r === 1))).toBe(true);
  });
});
