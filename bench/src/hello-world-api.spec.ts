import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { RUN_TYPESCRIPT_ENTRY } from '@lifeline/typescript-entries';
import { startBenchProcess, type BenchApi } from './spawned-api';

/** The baselines of http-commands do the work their names claim, or their ratios mean nothing. */
describe('the http-commands floors', () => {
  let dir: string;
  let server: BenchApi | undefined;
  const key = randomUUID();
  const start = async (env: Record<string, string>) => {
    server = await startBenchProcess(RUN_TYPESCRIPT_ENTRY, /hello-world listening on (\S+)/, { args: [join(__dirname, 'hello-world-api.ts')], env: { PORT: '0', ...env } });
    return server.url;
  };
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/customers/c-1/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const contact = { contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'bench' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-hello-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the pipeline floor refuses a missing or wrong key and a body the API would refuse, and stores what it accepts', async () => {
    const url = await start({ HELLO_APPEND_DIR: dir, HELLO_PIPELINE: 'true', HELLO_BEARER_KEY: key });
    expect((await post(url, contact)).status).toBe(401);
    expect((await post(url, contact, { authorization: `Bearer ${randomUUID()}` })).status).toBe(401);
    const auth = { authorization: `Bearer ${key}` };
    expect((await post(url, { ...contact, channel: 'pigeon' }, auth)).status).toBe(400);
    expect((await post(url, { ...contact, unexpected: true }, auth)).status).toBe(400);
    const accepted = await post(url, contact, auth);
    expect(accepted.status).toBe(201);
    expect(helmetHeaderOf(accepted)).toBe('nosniff');
    await server!.stop();
    server = undefined;
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      const stream = await store.readStream('customer-c-1');
      expect(stream.map((event) => event.data)).toEqual([{ customerId: 'c-1', ...contact }]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('the stack floor adds a correlation id and the rate limiter, and still stores what it accepts through the command bus', async () => {
    const url = await start({ HELLO_APPEND_DIR: dir, HELLO_PIPELINE: 'true', HELLO_STACK: 'true', HELLO_BEARER_KEY: key, HELLO_RATE_LIMIT_PER_MINUTE: '2' });
    const auth = { authorization: `Bearer ${key}` };
    expect((await post(url, contact, { authorization: `Bearer ${randomUUID()}` })).status).toBe(401);
    const accepted = await post(url, contact, { ...auth, 'x-correlation-id': 'trace-1' });
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('x-correlation-id')).toBe('trace-1');
    expect(accepted.headers.get('x-ratelimit-limit')).toBe('2');
    expect(helmetHeaderOf(accepted)).toBe('nosniff');
    expect(await accepted.json()).toMatchObject({ customerId: 'c-1', contactId: 'ct-1', position: expect.any(Number) });
    expect((await post(url, { ...contact, contactId: 'ct-2' }, auth)).status).toBe(201);
    expect((await post(url, { ...contact, contactId: 'ct-3' }, auth)).status).toBe(429);
  }, 60_000);

  it('the durable-append floor stores each request without a key, validation or security headers', async () => {
    const url = await start({ HELLO_APPEND_DIR: dir });
    const accepted = await post(url, { ...contact, channel: 'pigeon' });
    expect(accepted.status).toBe(201);
    expect(helmetHeaderOf(accepted)).toBeNull();
    expect(await accepted.json()).toMatchObject({ customerId: 'c-1', contactId: 'ct-1', position: expect.any(Number) });
  }, 60_000);
});

function helmetHeaderOf(response: Response): string | null {
  return response.headers.get('x-content-type-options');
}
