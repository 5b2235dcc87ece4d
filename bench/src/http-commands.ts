/**
 * `http-commands` and `live-projection` (issue 13): the built API as `npm start` runs it
 * (projector in the process, embedded SQLite, default log level, an API key as a deployment
 * uses one) under `POST /customers/{id}/contacts` over 1,000 customers from autocannon's 16
 * connections, against a NestJS hello-world POST controller on the same platform under the
 * same load in the same run, and against the same controller appending each request to the
 * real SQLite event store before answering (the floor of a durable command API), and that
 * floor behind the standard pieces of an authenticated, validated, logged endpoint (helmet, a
 * bearer-key guard, validation of the API's request DTO, its request log line). While the API is loaded, `/projections` is sampled for the read
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
  /** Seconds of load per server in each round (after one warm-up of each, at least 2 s). */
  readonly seconds: number;
  /** Rounds of hello-world, its three durable-append floors, API, API without projector, one after the other: on a shared machine the ratios are taken per round. */
  readonly rounds?: number;
  readonly onProgress?: (line: string) => void;
  /** Node flags for the API process, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] (BENCH_API_NODE_ARGS). */
  readonly apiNodeArgs?: readonly string[];
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly requests: number;
  /** The median over the rounds of each round's p50 and p99 (autocannon's histogram per round). */
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
  /** After each load stopped: how long until every read model had applied the whole log (the longest of the rounds). */
  readonly caughtUpAfterLoadMs: number;
}

export interface HttpCommandsReport {
  readonly connections: number;
  readonly customers: number;
  readonly rounds: number;
  readonly secondsPerRound: number;
  readonly helloWorld: LoadFigures;
  /**
   * The floor of a durable command API written as this one is: the hello-world appending each
   * request as one event to the real SQLite event store (the API's settings) through the API's
   * GroupCommit (appends of one turn of the event loop share a commit) before answering.
   */
  readonly helloWorldWithDurableAppend: LoadFigures;
  /** The same with a transaction and commit per request: the floor of an API that commits each command on its own. */
  readonly helloWorldWithDurableAppendEach: LoadFigures;
  /**
   * helloWorldWithDurableAppend behind helmet, a bearer-key guard (SHA-256, a prepared SQLite
   * lookup), a ValidationPipe with the API's options on its request DTO, and its JSON log line per request: the
   * floor of any authenticated, validated, logged NestJS command endpoint that stores each
   * command durably. What the API does beyond it is Lifeline's own work.
   */
  readonly helloWorldWithPipeline: LoadFigures;
  /**
   * helloWorldWithPipeline with what the stack and the requirements bring as library pieces:
   * correlation id, @nestjs/throttler's guard at the API's limit, a prom-client command
   * counter in an interceptor, @nestjs/cqrs's CommandBus to the appending handler. What the API
   * does beyond it is code of its own (hello-world-api.ts lists it).
   */
  readonly helloWorldWithStack: LoadFigures;
  readonly api: LoadFigures;
  /** The API with LIFELINE_RUN_PROJECTOR=false (the read models not fed): the projector's share. */
  readonly apiWithoutProjector: LoadFigures;
  /** api / helloWorld requests per second: the median of the rounds' ratios. */
  readonly ratio: number;
  readonly ratioWithoutProjector: number;
  readonly ratioPerRound: number[];
  readonly ratioWithoutProjectorPerRound: number[];
  /** helloWorldWithDurableAppend / helloWorld (median of the rounds): the best ratio an API that commits each command (group-committed) before answering can reach here. */
  readonly durableAppendFloorRatio: number;
  readonly durableAppendFloorRatioPerRound: number[];
  /** helloWorldWithDurableAppendEach / helloWorld: the same with one commit per command. */
  readonly durableAppendEachFloorRatio: number;
  readonly durableAppendEachFloorRatioPerRound: number[];
  /** api / helloWorldWithDurableAppend (median of the rounds): how close the API comes to that floor. */
  readonly ratioToDurableAppendFloor: number;
  /** helloWorldWithPipeline / helloWorld (median of the rounds). */
  readonly pipelineFloorRatio: number;
  readonly pipelineFloorRatioPerRound: number[];
  /** api / helloWorldWithPipeline (median of the rounds): the share Lifeline's own work leaves. */
  readonly ratioToPipelineFloor: number;
  /** helloWorldWithStack / helloWorld (median of the rounds): the best an API on this stack with these requirements reaches here. */
  readonly stackFloorRatio: number;
  readonly stackFloorRatioPerRound: number[];
  /** api / helloWorldWithStack and apiWithoutProjector / helloWorldWithStack (medians): what Lifeline's own code leaves. */
  readonly ratioToStackFloor: number;
  readonly ratioWithoutProjectorToStackFloor: number;
  /** The lag while the API was loaded (the `api` figures), its projector running. */
  readonly liveProjection: LagSamples & { readonly appendsPerSecond: number };
}

interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly customerIds: readonly string[];
  readonly projector: boolean;
}

export async function benchHttpCommands(opts: HttpCommandsOptions): Promise<HttpCommandsReport> {
  const log = opts.onProgress ?? (() => undefined);
  const rounds = opts.rounds ?? 3;
  const warmup = Math.max(2, Math.round(opts.seconds / 2));
  const servers: BenchApi[] = [];
  try {
    const hello = await startBenchProcess(join(DIST_ROOT, 'bench/src/hello-world-api.js'), /hello-world listening on (\S+)/, { env: { PORT: '0' } });
    servers.push(hello);
    const helloTarget: Target = { url: hello.url, headers: {}, customerIds: ['c-0'], projector: false };
    const startFloor = async ({ groupCommit = true, pipeline = false, stack = false }): Promise<Target> => {
      const floorDir = join(opts.dir, `hello-durable-append-${randomUUID()}`);
      mkdirSync(floorDir);
      const key = randomUUID();
      const floor = await startBenchProcess(join(DIST_ROOT, 'bench/src/hello-world-api.js'), /hello-world listening on (\S+)/, {
        env: {
          PORT: '0',
          HELLO_APPEND_DIR: floorDir,
          HELLO_GROUP_COMMIT: String(groupCommit),
          HELLO_PIPELINE: String(pipeline),
          HELLO_STACK: String(stack),
          HELLO_RATE_LIMIT_PER_MINUTE: RATE_LIMIT_PER_MINUTE,
          HELLO_BEARER_KEY: key,
        },
      });
      servers.push(floor);
      // Its own 1,000 customers' streams, as the API's.
      const headers: Record<string, string> = pipeline ? { authorization: `Bearer ${key}` } : {};
      return { url: floor.url, headers, customerIds: Array.from({ length: HTTP_CUSTOMERS }, (_, i) => `c-${i}`), projector: false };
    };
    const floorTarget = await startFloor({});
    const floorEachTarget = await startFloor({ groupCommit: false });
    const pipelineTarget = await startFloor({ pipeline: true });
    const stackTarget = await startFloor({ pipeline: true, stack: true });
    const api = await startApi(opts, 'api', { LIFELINE_RUN_PROJECTOR: 'true' }, servers, log);
    const noProjector = await startApi(opts, 'api-no-projector', { LIFELINE_RUN_PROJECTOR: 'false' }, servers, log);
    log(`http-commands: warm-up, ${warmup} s each`);
    for (const target of [helloTarget, floorTarget, floorEachTarget, pipelineTarget, stackTarget, api, noProjector]) await load(target, warmup);
    await waitUntilCaughtUp(api);

    const runs = { hello: [] as Run[], floor: [] as Run[], floorEach: [] as Run[], pipeline: [] as Run[], stack: [] as Run[], api: [] as Run[], noProjector: [] as Run[] };
    const lags: LagValues[] = [];
    let caughtUpAfterLoadMs = 0;
    for (let round = 1; round <= rounds; round++) {
      log(`http-commands: round ${round}/${rounds}: hello-world, hello-world with a durable append (group commit, then a commit each, then behind the standard pipeline, then with the stack's pieces), API (/projections sampled), API without projector; ${HTTP_CONNECTIONS} connections, ${opts.seconds} s each`);
      runs.hello.push(await load(helloTarget, opts.seconds));
      runs.floor.push(await load(floorTarget, opts.seconds));
      runs.floorEach.push(await load(floorEachTarget, opts.seconds));
      runs.pipeline.push(await load(pipelineTarget, opts.seconds));
      runs.stack.push(await load(stackTarget, opts.seconds));
      const sampler = sampleLag(api);
      runs.api.push(await load(api, opts.seconds));
      lags.push(await sampler.stop());
      const stopped = performance.now();
      await waitUntilCaughtUp(api);
      caughtUpAfterLoadMs = Math.max(caughtUpAfterLoadMs, Math.round(performance.now() - stopped));
      runs.noProjector.push(await load(noProjector, opts.seconds));
    }
    const ratios = (of: Run[], to: Run[] = runs.hello) => of.map((run, i) => round3(run.requestsPerSecond / to[i]!.requestsPerSecond));
    const ratioPerRound = ratios(runs.api);
    const ratioWithoutProjectorPerRound = ratios(runs.noProjector);
    const durableAppendFloorRatioPerRound = ratios(runs.floor);
    const durableAppendEachFloorRatioPerRound = ratios(runs.floorEach);
    const pipelineFloorRatioPerRound = ratios(runs.pipeline);
    const stackFloorRatioPerRound = ratios(runs.stack);
    const apiFigures = combine(runs.api);
    return {
      connections: HTTP_CONNECTIONS,
      customers: HTTP_CUSTOMERS,
      rounds,
      secondsPerRound: opts.seconds,
      helloWorld: combine(runs.hello),
      helloWorldWithDurableAppend: combine(runs.floor),
      helloWorldWithDurableAppendEach: combine(runs.floorEach),
      helloWorldWithPipeline: combine(runs.pipeline),
      helloWorldWithStack: combine(runs.stack),
      api: apiFigures,
      apiWithoutProjector: combine(runs.noProjector),
      ratio: median(ratioPerRound),
      ratioWithoutProjector: median(ratioWithoutProjectorPerRound),
      ratioPerRound,
      ratioWithoutProjectorPerRound,
      durableAppendFloorRatio: median(durableAppendFloorRatioPerRound),
      durableAppendFloorRatioPerRound,
      durableAppendEachFloorRatio: median(durableAppendEachFloorRatioPerRound),
      durableAppendEachFloorRatioPerRound,
      ratioToDurableAppendFloor: median(ratios(runs.api, runs.floor)),
      pipelineFloorRatio: median(pipelineFloorRatioPerRound),
      pipelineFloorRatioPerRound,
      ratioToPipelineFloor: median(ratios(runs.api, runs.pipeline)),
      stackFloorRatio: median(stackFloorRatioPerRound),
      stackFloorRatioPerRound,
      ratioToStackFloor: median(ratios(runs.api, runs.stack)),
      ratioWithoutProjectorToStackFloor: median(ratios(runs.noProjector, runs.stack)),
      liveProjection: {
        samples: lags.reduce((sum, lag) => sum + lag.samples, 0),
        lagEvents: spread(lags.flatMap((lag) => lag.values.events)),
        lagMs: spread(lags.flatMap((lag) => lag.values.ms)),
        caughtUpAfterLoadMs,
        appendsPerSecond: apiFigures.requestsPerSecond,
      },
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : round3((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function combine(runs: readonly Run[]): LoadFigures {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    requestsPerSecond: Math.round(requests / seconds),
    requests,
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    maxMs: Math.max(...runs.map((run) => run.maxMs)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

/** The built API with an API key and 1,000 acquired customers, as a deployment would hold them. */
async function startApi(opts: HttpCommandsOptions, name: string, env: Record<string, string>, servers: BenchApi[], log: (line: string) => void): Promise<Target> {
  const dataDir = join(opts.dir, `${name}-${randomUUID()}`);
  mkdirSync(dataDir);
  // A deployment authenticates with a key (the first key also ends protected mode).
  const key = execFileSync(process.execPath, [join(DIST_ROOT, 'apps/cli/src/main.js'), 'keys', 'create', '--role', 'admin', '--name', 'bench'], {
    env: { ...process.env, LIFELINE_DATA_DIR: dataDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const headers = { authorization: `Bearer ${key}` };
  const api = await startBenchApi(dataDir, {
    env: { LOG_LEVEL: 'info', LIFELINE_RATE_LIMIT_PER_MINUTE: RATE_LIMIT_PER_MINUTE, ...env },
    ...(opts.apiNodeArgs && { nodeArgs: opts.apiNodeArgs }),
  });
  servers.push(api);
  log(`http-commands: ${name}: acquiring ${HTTP_CUSTOMERS} customers`);
  const customerIds = Array.from({ length: HTTP_CUSTOMERS }, (_, i) => `c-${i}`);
  for (let start = 0; start < customerIds.length; start += 16) {
    await Promise.all(
      customerIds.slice(start, start + 16).map(async (customerId) => {
        const init = postJson({ customerId, name: customerId, acquisitionChannel: 'web', occurredAt: '2025-01-10T09:00:00.000Z' });
        const response = await fetch(`${api.url}/customers`, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
        if (response.status !== 201) throw new Error(`acquiring ${customerId} answered ${response.status}: ${await response.text()}`);
      }),
    );
  }
  const target = { url: api.url, headers, customerIds, projector: env['LIFELINE_RUN_PROJECTOR'] !== 'false' };
  if (target.projector) await waitUntilCaughtUp(target);
  return target;
}

interface Run extends Omit<LoadFigures, 'requestsPerSecond'> {
  readonly requestsPerSecond: number;
  readonly seconds: number;
}

/** autocannon at HTTP_CONNECTIONS for `seconds`: a new contact for a random one of the target's customers per request. */
async function load({ url, headers, customerIds }: Target, seconds: number): Promise<Run> {
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
    requestsPerSecond: result.requests.total / seconds,
    seconds,
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

async function readLag({ url, headers }: Target): Promise<{ events: number; ms: number }> {
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

interface LagValues {
  readonly samples: number;
  readonly values: { readonly events: number[]; readonly ms: number[] };
}

/** /projections every 100 ms (one request at a time) until stopped. */
function sampleLag(target: Target): { stop(): Promise<LagValues> } {
  const events: number[] = [];
  const ms: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const lag = await readLag(target);
      events.push(lag.events);
      ms.push(lag.ms);
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { samples: events.length, values: { events, ms } };
    },
  };
}

async function waitUntilCaughtUp(target: Target, timeoutMs = 120_000): Promise<void> {
  await waitUntilReady(target.url, timeoutMs, target.headers);
  const deadline = Date.now() + timeoutMs;
  while ((await readLag(target)).events > 0) {
    if (Date.now() > deadline) throw new Error('the read models did not catch up');
    await new Promise((done) => setTimeout(done, 20));
  }
}

function spread(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}
