/**
 * The built API as its own process, as `npm start` runs it (projector included), for the
 * benchmarks that measure what a client sees over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const DIST_ROOT = resolve(__dirname, '../..');

export interface BenchApi {
  readonly url: string;
  stop(): Promise<void>;
}

export interface BenchApiOptions {
  /** Added to (or overriding) the API's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Node flags, e.g. `--cpu-prof` (BENCH_API_NODE_ARGS). */
  readonly nodeArgs?: readonly string[];
  /** Arguments after the script (a TypeScript entry for RUN_TYPESCRIPT_ENTRY, under jest). */
  readonly args?: readonly string[];
}

export async function startBenchApi(dataDir: string, options: BenchApiOptions = {}): Promise<BenchApi> {
  return startBenchProcess(join(DIST_ROOT, 'apps/api/src/main.js'), /Lifeline API listening on (\S+)/, {
    ...options,
    env: { PORT: '0', LIFELINE_DATA_DIR: dataDir, LIFELINE_DEMO: 'off', LOG_LEVEL: 'warn', ...options.env },
  });
}

/** A built script (under dist/) as its own process, once it printed the URL `listening` captures. */
export async function startBenchProcess(script: string, listening: RegExp, options: BenchApiOptions = {}): Promise<BenchApi> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = listening.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!.replace('[::1]', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then(() => fail(new Error(`${script} exited: ${output}`)));
  });
  // Drained as a log collector would: the API logs a JSON line per request at the default level.
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').resume();
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the read models have caught up (ready), so catch-up does not share the measurements. */
export async function waitUntilReady(url: string, timeoutMs = 120_000, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/health/ready`, { headers }).catch(() => undefined);
    if (response?.status === 200) {
      const body = (await response.json()) as { info?: { projections?: Record<string, { lagEvents?: number }> } };
      const lags = Object.values(body.info?.projections ?? {}).map((p) => (typeof p === 'object' ? (p.lagEvents ?? 0) : 0));
      if (lags.every((lag) => lag === 0)) return;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error('the API did not become ready');
}

/** Milliseconds one request took, and its status. */
export async function timedRequest(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

export function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function percentiles(samples: readonly number[]): { samples: number; p50Ms: number; p99Ms: number; maxMs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { samples: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(sorted.at(-1) ?? Number.NaN) };
}
