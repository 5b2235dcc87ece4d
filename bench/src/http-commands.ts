/**
 * `http-commands` and `live-projection` (issue 13): the built API as `npm start` runs it
 * (projector in the process, embedded SQLite, default log level, an API key as a deployment
 * uses one) under `POST /customers/{id}/contacts` over 1,000 customers from autocannon's 16
 * connections, against a NestJS hello-world POST controller on the same platform under the
 * same load in the same run. While the API is loaded, `/projections` is sampled for the read
 * models' lag behind the log (events, and the age of the oldest event not applied yet).
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_ROOT, postJson, startBenchApi, startBenchProcess, waitUntilReady, type BenchApi } from './spawned-api';

export const HTTP_CONNECTIONS = 16;
export const HTTP_CUSTOMERS = 1_000;
/** The rate limit per caller at its maximum (16,666/s), so the limiter still runs on every request but refuses none. */
const RATE_LIMIT_PER_MINUTE = '1000000';

export interface HttpCommandsOptions {
  readonly dir: string;
  /** Seconds each load lasts (after a warm-up of a fifth of it, at least 2 s). */
  readonly seconds: number;
  readonly onProgress?: (line: string) => void;
  /** Node flags for the API process, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] (BENCH_API_NODE_ARGS). */
  readonly apiNodeArgs?: readonly string[];
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers other than 2xx, and connection errors/timeouts: must both be 0. */
  readonly non2xx: number;
  readonly errors: number;
}

export interface LagSamples {
  readonly samples: number;
  /** The largest lag over the read models at each sample: events appended but not applied yet. */
  readonly lagEvents: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Age of the oldest event not applied yet (0 when caught up), in milliseconds. */
  readonly lagMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** After the load stopped: how long until every read model had applied the whole log. */
  readonly caughtUpAfterLoadMs: number;
}

export interface HttpCommandsReport {
  readonly connections: number;
  readonly customers: number;
  readonly seconds: number;
  readonly helloWorld: LoadFigures;
  readonly api: LoadFigures;
  /** The API with LIFELINE_RUN_PROJECTOR=false (the read models not fed): the projector's share. */
  readonly apiWithoutProjector: LoadFigures;
  /** api.requestsPerSecond / helloWorld.requestsPerSecond. */
  readonly ratio: number;
  readonly ratioWithoutProjector: number;
  /** The lag while the API was loaded (the `api` figures), its projector running. */
  readonly liveProjection: LagSamples & { readonly appendsPerSecond: number };
}

export async function benchHttpCommands(opts: HttpCommandsOptions): Promise<HttpCommandsReport> {
  const log = opts.onProgress ?? (() => undefined);
  const warmup = Math.max(2, Math.round(opts.seconds / 5));

  log(`http-commands: NestJS hello-world, ${HTTP_CONNECTIONS} connections, ${opts.seconds} s`);
  const hello = await startBenchProcess(join(DIST_ROOT, 'bench/src/hello-world-api.js'), /hello-world listening on (\S+)/, { env: { PORT: '0' } });
  let helloWorld: LoadFigures;
  try {
    await load(hello.url, {}, warmup);
    helloWorld = await load(hello.url, {}, opts.seconds);
  } finally {
    await hello.stop();
  }

  const withProjector = await loadApi(opts, 'api', { LIFELINE_RUN_PROJECTOR: 'true' }, warmup, log);
  const withoutProjector = await loadApi(opts, 'api-no-projector', { LIFELINE_RUN_PROJECTOR: 'false' }, warmup, log);
  const round2 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    connections: HTTP_CONNECTIONS,
    customers: HTTP_CUSTOMERS,
    seconds: opts.seconds,
    helloWorld,
    api: withProjector.figures,
    apiWithoutProjector: withoutProjector.figures,
    ratio: round2(withProjector.figures.requestsPerSecond / helloWorld.requestsPerSecond),
    ratioWithoutProjector: round2(withoutProjector.figures.requestsPerSecond / helloWorld.requestsPerSecond),
    liveProjection: { ...withProjector.lag!, appendsPerSecond: withProjector.figures.requestsPerSecond },
  };
}

async function loadApi(
  opts: HttpCommandsOptions,
  name: string,
  env: Record<string, string>,
  warmup: number,
  log: (line: string) => void,
): Promise<{ figures: LoadFigures; lag?: LagSamples }> {
  const dataDir = join(opts.dir, `${name}-${randomUUID()}`);
  mkdirSync(dataDir);
  // A deployment authenticates with a key (the first key also ends protected mode).
  const key = execFileSync(process.execPath, [join(DIST_ROOT, 'apps/cli/src/main.js'), 'keys', 'create', '--role', 'admin', '--name', 'bench'], {
    env: { ...process.env, LIFELINE_DATA_DIR: dataDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const headers = { authorization: `Bearer ${key}` };
  const projector = env['LIFELINE_RUN_PROJECTOR'] !== 'false';
  const api: BenchApi = await startBenchApi(dataDir, {
    env: { LOG_LEVEL: 'info', LIFELINE_RATE_LIMIT_PER_MINUTE: RATE_LIMIT_PER_MINUTE, ...env },
    ...(opts.apiNodeArgs && { nodeArgs: opts.apiNodeArgs }),
  });
  try {
    log(`http-commands: ${name}: acquiring ${HTTP_CUSTOMERS} customers`);
    const ids = Array.from({ length: HTTP_CUSTOMERS }, (_, i) => `c-${i}`);
    for (let start = 0; start < ids.length; start += 16) {
      await Promise.all(
        ids.slice(start, start + 16).map(async (customerId) => {
          const init = postJson({ customerId, name: customerId, acquisitionChannel: 'web', occurredAt: '2025-01-10T09:00:00.000Z' });
          const response = await fetch(`${api.url}/customers`, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
          if (response.status !== 201) throw new Error(`acquiring ${customerId} answered ${response.status}: ${await response.text()}`);
        }),
      );
    }
    if (projector) await waitUntilCaughtUp(api.url, headers);
    await load(api.url, headers, warmup, ids);
    if (projector) await waitUntilCaughtUp(api.url, headers);
    log(`http-commands: ${name}: ${HTTP_CONNECTIONS} connections, ${opts.seconds} s${projector ? ', /projections sampled' : ''}`);
    const sampler = projector ? sampleLag(api.url, headers) : undefined;
    const figures = await load(api.url, headers, opts.seconds, ids);
    const samples = await sampler?.stop();
    if (!projector || !samples) return { figures };
    const stopped = performance.now();
    await waitUntilCaughtUp(api.url, headers);
    const caughtUpAfterLoadMs = Math.round(performance.now() - stopped);
    return { figures, lag: { ...samples, caughtUpAfterLoadMs } };
  } finally {
    await api.stop();
  }
}

/** autocannon at HTTP_CONNECTIONS for `seconds`: a new contact for a random one of `customerIds` per request. */
async function load(url: string, headers: Record<string, string>, seconds: number, customerIds: readonly string[] = ['c-0']): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections: HTTP_CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          path: `/customers/${customerIds[Math.floor(Math.random() * customerIds.length)]}/contacts`,
          body: JSON.stringify({ contactId: randomUUID(), channel: 'phone', direction: 'inbound', topic: 'bench' }),
        }),
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.total / seconds),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

interface ProjectionsBody {
  readonly projections: ReadonlyArray<{ readonly lag: number; readonly lagSeconds: number; readonly state: string }>;
}

async function readLag(url: string, headers: Record<string, string>): Promise<{ events: number; ms: number }> {
  const response = await fetch(`${url}/projections`, { headers });
  if (response.status !== 200) throw new Error(`/projections answered ${response.status}`);
  const body = (await response.json()) as ProjectionsBody;
  const failed = body.projections.find((p) => p.state === 'failed');
  if (failed) throw new Error(`a projection failed under load: ${JSON.stringify(failed)}`);
  return {
    events: Math.max(0, ...body.projections.map((p) => p.lag)),
    ms: Math.round(Math.max(0, ...body.projections.map((p) => p.lagSeconds)) * 1000),
  };
}

/** /projections every 100 ms (one request at a time) until stopped. */
function sampleLag(url: string, headers: Record<string, string>): { stop(): Promise<Omit<LagSamples, 'caughtUpAfterLoadMs'>> } {
  const events: number[] = [];
  const ms: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const lag = await readLag(url, headers);
      events.push(lag.events);
      ms.push(lag.ms);
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { samples: events.length, lagEvents: spread(events), lagMs: spread(ms) };
    },
  };
}

async function waitUntilCaughtUp(url: string, headers: Record<string, string>, timeoutMs = 120_000): Promise<void> {
  await waitUntilReady(url, timeoutMs, headers);
  const deadline = Date.now() + timeoutMs;
  while ((await readLag(url, headers)).events > 0) {
    if (Date.now() > deadline) throw new Error('the read models did not catch up');
    await new Promise((done) => setTimeout(done, 20));
  }
}

function spread(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}
