/**
 * Availability under heavy requests (issue 12): GET /health latency, sampled back to back
 * while one heavy request (or one burst) runs against the real API on loopback. A heavy
 * request that holds the event loop shows up here as a /health p99 of seconds.
 */
import { loadConfig } from '@lifeline/config';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHttpApp } from '../../apps/api/src/http/create-http-app';
import { seedEventLog } from './seed-event-log';

export interface HealthUnderLoadOptions {
  readonly dir: string;
  readonly events: number;
  readonly customers: number;
  /** SSE clients replaying from position 0 at once. */
  readonly sseClients: number;
  /** Events each SSE client reads before it disconnects (bounds the run). */
  readonly sseEventsPerClient: number;
  readonly onProgress?: (line: string) => void;
}

export interface HealthLatency {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** When the slowest /health request started, in ms after the heavy work started. */
  readonly maxAtMs: number;
  /** How long the heavy work took, while /health was sampled. */
  readonly heavyMs: number;
  /** The machine's 1-minute load average when the scenario started (other processes' load shows here). */
  readonly loadAverage1m: number;
  /** How the heavy requests were answered: HTTP status -> count. */
  readonly heavyStatuses: Readonly<Record<string, number>>;
}

export type HealthUnderLoadReport = Readonly<Record<string, HealthLatency>>;

interface Answer {
  readonly status: number;
  readonly body: string;
}

function call(base: URL, method: string, path: string, body?: object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Reads an SSE replay from 0 until `events` events arrived, then disconnects; resolves to the status. */
function replay(base: URL, events: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const req = httpRequest(new URL('/feed/events/stream?after=0', base), (res) => {
      status = res.statusCode ?? 0;
      let seen = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        seen += chunk.split('\nid: ').length - 1 + (chunk.startsWith('id: ') ? 1 : 0);
        if (seen >= events) {
          req.destroy();
          resolve(status);
        }
      });
      res.on('end', () => resolve(status));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(status) : reject(error)));
    req.end();
  });
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number) => Number(value.toFixed(1));

/** Samples GET /health back to back until `heavy` settles. */
async function whileRunning(base: URL, heavy: () => Promise<readonly number[]>): Promise<HealthLatency> {
  const loadAverage1m = Number(loadavg()[0]!.toFixed(1));
  const latencies: number[] = [];
  let done = false;
  let maxAtMs = 0;
  let worst = 0;
  const started = performance.now();
  const work = heavy().finally(() => (done = true));
  while (!done) {
    const t0 = performance.now();
    const answer = await call(base, 'GET', '/health');
    if (answer.status !== 200) throw new Error(`/health answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const latency = performance.now() - t0;
    if (latency > worst) {
      worst = latency;
      maxAtMs = Math.round(t0 - started);
    }
    latencies.push(latency);
  }
  const statuses = await work;
  const heavyMs = performance.now() - started;
  const heavyStatuses: Record<string, number> = {};
  for (const status of statuses) heavyStatuses[status] = (heavyStatuses[status] ?? 0) + 1;
  latencies.sort((a, b) => a - b);
  return { samples: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), maxMs: round(latencies.at(-1) ?? 0), maxAtMs, heavyMs: Math.round(heavyMs), loadAverage1m, heavyStatuses };
}

/**
 * The heavy request's status, if it is one the scenario expects. A CLV fit may be 422 on the
 * seeded demo histories (at small scale the maximum-likelihood fit is degenerate: almost nobody
 * drops out), which still is the whole fit's work.
 */
async function expectAnswered(answer: Promise<Answer>, what: string, accepted: readonly number[] = [200, 201]): Promise<number> {
  const { status, body } = await answer;
  if (!accepted.includes(status)) throw new Error(`${what} answered ${status}: ${body.slice(0, 200)}`);
  return status;
}

export async function benchHealthUnderLoad(options: HealthUnderLoadOptions): Promise<HealthUnderLoadReport> {
  const log = options.onProgress ?? (() => undefined);
  const eventStore = SqliteEventStore.open(join(options.dir, 'events.db'));
  try {
    await seedEventLog(eventStore, { events: options.events, customers: options.customers });
  } finally {
    await eventStore.close();
  }
  const config = { ...loadConfig({ LIFELINE_DEMO: 'off', LOG_LEVEL: 'silent' }), dataDir: options.dir };
  const app = await createHttpApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = new URL(await app.getUrl());
  try {
    log(`health-under-load: waiting for the projector to apply ${options.events} events`);
    for (;;) {
      const { projections } = JSON.parse((await call(base, 'GET', '/projections')).body) as { projections: { lag: number }[] };
      if (projections.every((projection) => projection.lag === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const report: Record<string, HealthLatency> = {};
    const scenarios: [string, () => Promise<readonly number[]>][] = [
      // The baseline: /health with nothing heavy running, on the same (possibly loaded) machine.
      ['idle', async () => (await new Promise((resolve) => setTimeout(resolve, 3000)), [])],
      [
        'clvModelFit',
        async () => [await expectAnswered(call(base, 'POST', '/analytics/clv/model', { calibrationEnd: '2025-05-31', timeUnit: 'week', horizon: 52 }), 'POST /analytics/clv/model', [201, 422])],
      ],
      ['weeklyChurnX5', () => Promise.all(Array.from({ length: 5 }, () => expectAnswered(call(base, 'GET', '/analytics/churn?granularity=week'), 'GET /analytics/churn')))],
      ['retentionWeekly', async () => [await expectAnswered(call(base, 'GET', '/analytics/retention?granularity=week'), 'GET /analytics/retention')]],
      ['survivalBySegment', async () => [await expectAnswered(call(base, 'GET', '/analytics/survival?by=segment'), 'GET /analytics/survival')]],
      ['revenue', async () => [await expectAnswered(call(base, 'GET', '/analytics/revenue'), 'GET /analytics/revenue')]],
      ['rfmWithTransitions', async () => [await expectAnswered(call(base, 'GET', '/analytics/rfm?from=2025-01-01T00:00:00Z'), 'GET /analytics/rfm')]],
      [`sseReplayX${options.sseClients}`, () => Promise.all(Array.from({ length: options.sseClients }, () => replay(base, options.sseEventsPerClient)))],
    ];
    for (const [name, heavy] of scenarios) {
      log(`health-under-load: ${name}`);
      report[name] = await whileRunning(base, heavy);
    }
    return report;
  } finally {
    await app.close();
  }
}
