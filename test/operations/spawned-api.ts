import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Compiles the API as `npm run build` does, into `outDir`; returns the path of its main.js. */
export function buildApi(outDir: string): string {
  execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['apps/api', 'libs', '-d', outDir, '--config-file', '.swcrc', '-q'], { cwd: ROOT });
  return join(outDir, 'apps/api/src/main.js');
}

/** The built API as its own process, as `npm start` runs it. */
export interface SpawnedApi {
  readonly url: string;
  /** Everything it wrote to stdout so far, one entry per line. */
  readonly lines: string[];
  /** JSON log lines so far (the plain "listening on" line left out). */
  logs(): Record<string, unknown>[];
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** POSTs a JSON body to the spawned API. */
export const postJson = (api: SpawnedApi, path: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const poll = () => {
      let found: T | undefined;
      try {
        found = probe();
      } catch (error) {
        return reject(error);
      }
      if (found !== undefined) return resolvePromise(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

export async function spawnApi(main: string, env: Record<string, string>): Promise<SpawnedApi> {
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { PATH: process.env['PATH'] ?? '', NODE_PATH: join(ROOT, 'node_modules'), PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop()!;
    lines.push(...complete);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // 'close', not 'exit': the last lines the API wrote (its 'stopped' log) may still be in the pipe at 'exit'.
  const exited = new Promise<number | null>((resolvePromise) => child.once('close', (code) => resolvePromise(code)));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));

  const logs = () => lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  const url = await until(
    () => {
      if (exitedEarly) throw new Error(`the API exited before listening: ${stderr}`);
      return lines.map((line) => /^Lifeline API listening on (\S+)/.exec(line)?.[1]).find(Boolean);
    },
    30_000,
    'the API to listen',
  );
  return {
    url,
    lines,
    logs,
    waitForLog: (predicate, timeoutMs = 30_000) => until(() => logs().find(predicate), timeoutMs, 'a log line'),
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
