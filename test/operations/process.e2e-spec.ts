import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApi, spawnApi, postJson, type SpawnedApi } from './spawned-api';

const PROJECTIONS = ['customer-profiles', 'customer-timelines', 'complaints', 'purchase-histories', 'satisfaction-answers'];

/** What the stores hold once the process is gone: the head and each projection's checkpoint. */
async function storedState(dataDir: string) {
  const events = SqliteEventStore.open(join(dataDir, 'events.db'));
  const read = SqliteReadModelStore.open(join(dataDir, 'read.db'));
  try {
    const head = await events.headPosition();
    const customers = new Set((await events.readAll({ maxCount: 1_000_000, streamPrefix: 'customer-' })).map((event) => event.streamId)).size;
    const checkpoints = Object.fromEntries(
      (await read.listCheckpoints()).filter((checkpoint) => checkpoint.live).map((checkpoint) => [checkpoint.collection, checkpoint.position]),
    );
    return { head, customers, checkpoints };
  } finally {
    await read.close();
    await events.close();
  }
}

/** Resolves once the running API's event store has some events; fails after `timeoutMs`. */
async function waitForEvents(api: SpawnedApi, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(timeoutMs) })).json()) as { info: { eventStore: { headPosition: number } } };
    if (health.info.eventStore.headPosition > 1) return; // past the store's currency pin
    if (Date.now() > deadline) throw new Error(`no event in the store after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the API process (built, spawned)', () => {
  let dir: string;
  let main: string;
  let running: SpawnedApi | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-ops-'));
    main = buildApi(join(dir, 'dist'));
  }, 60_000);
  afterEach(async () => {
    await running?.stop('SIGKILL');
    running = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs one JSON line per request with method, url, status, duration and correlation id', async () => {
    const dataDir = join(dir, 'logs');
    running = await spawnApi(main, { LIFELINE_DATA_DIR: dataDir, LIFELINE_DEMO: 'off' });
    const response = await postJson(running, '/customers', { customerId: 'c-log', name: 'Ada', acquisitionChannel: 'web' }, { 'X-Correlation-Id': 'log-1' });
    expect(response.status).toBe(201);

    const line = await running.waitForLog((log) => log['correlationId'] === 'log-1');
    expect(line).toMatchObject({ level: 'info', req: { method: 'POST', url: '/customers' }, res: { status: 201 }, durationMs: expect.any(Number) });
    expect(JSON.stringify(line)).not.toContain('Ada'); // bodies stay out of the log
  }, 60_000);

  it('projects in a worker thread: read-your-writes, /projections, readiness and the projected-events metric see its commits', async () => {
    running = await spawnApi(main, { LIFELINE_DATA_DIR: join(dir, 'worker'), LIFELINE_DEMO: 'off' });
    const projectorStarted = await running.waitForLog((log) => log['msg'] === 'projector started');
    expect(projectorStarted).toMatchObject({ component: 'projector', thread: 'worker', projections: PROJECTIONS });
    const written = (await (await postJson(running, '/customers', { customerId: 'c-worker', name: 'Ada', acquisitionChannel: 'web' })).json()) as { position: number };

    const profile = await fetch(`${running.url}/customers/c-worker?minPosition=${written.position}`);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ customerId: 'c-worker', status: 'active' });
    const projections = (await (await fetch(`${running.url}/projections`)).json()) as { projectorInProcess: boolean; projections: Array<{ name: string; checkpoint: number; state: string; lag: number }> };
    expect(projections.projectorInProcess).toBe(true);
    expect(projections.projections.map(({ name, checkpoint, state, lag }) => ({ name, checkpoint, state, lag }))).toEqual(
      PROJECTIONS.map((name) => ({ name, checkpoint: written.position, state: 'live', lag: 0 })),
    );
    expect((await fetch(`${running.url}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('lifeline_events_projected_total{projection="customer-profiles"} 1');
  }, 60_000);

  it('SIGTERM stops it with exit code 0, and every event and projection checkpoint is on disk', async () => {
    const dataDir = join(dir, 'sigterm');
    running = await spawnApi(main, { LIFELINE_DATA_DIR: dataDir, LIFELINE_DEMO: 'off' });
    for (let i = 0; i < 5; i++) expect((await postJson(running, '/customers', { customerId: `c-${i}`, name: 'Ada', acquisitionChannel: 'web' })).status).toBe(201);

    const api = running;
    running = undefined;
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(api.logs().map((log) => log['msg'])).toContain('stopped');

    const stored = await storedState(dataDir);
    expect(stored.head).toBe(6); // the store's currency pin, then the five customers
    expect(stored.checkpoints).toEqual(Object.fromEntries(PROJECTIONS.map((name) => [name, 6])));
  }, 60_000);

  it('runs the complaint SLA deadline process once it knows no demo is being written: an overdue complaint gets its breach recorded, logged by ids only', async () => {
    const dataDir = join(dir, 'deadlines');
    running = await spawnApi(main, { LIFELINE_DATA_DIR: dataDir, LIFELINE_DEMO: 'off', LIFELINE_DEADLINE_CHECK_SECONDS: '1' });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    expect((await postJson(running, '/customers', { customerId: 'c-late', name: 'Ada', acquisitionChannel: 'web', occurredAt: daysAgo(10) })).status).toBe(201);
    const complaint = { complaintId: 'k-1', category: 'billing', severity: 'critical', channel: 'phone', description: 'charged twice', occurredAt: daysAgo(2) };
    expect((await postJson(running, '/customers/c-late/complaints', complaint)).status).toBe(201);

    const breach = await running.waitForLog((log) => log['msg'] === 'complaint SLA breach recorded');
    expect(breach).toMatchObject({ customerId: 'c-late', complaintId: 'k-1', milestone: expect.stringMatching(/^(acknowledgement|resolution)$/) });
    expect(JSON.stringify(running.logs())).not.toContain('charged twice');
    const api = running;
    running = undefined;
    expect(await api.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('seeds a demo history on an empty data dir, pauses it on SIGTERM with nothing lost, finishes it on the next start, and leaves it alone after', async () => {
    const dataDir = join(dir, 'demo');
    const env = { LIFELINE_DATA_DIR: dataDir, LIFELINE_DEMO: 'auto', LIFELINE_DEMO_CUSTOMERS: '120' };

    const first = await spawnApi(main, env);
    running = first;
    const announced = await first.waitForLog((log) => String(log['msg']).startsWith('seeding a demo history'));
    expect(announced['msg']).toContain('LIFELINE_DEMO=off');
    await waitForEvents(first); // let a few customers in
    running = undefined;
    expect(await first.stop('SIGTERM')).toBe(0);
    const paused = await storedState(dataDir);
    expect(paused.head).toBeGreaterThan(0);
    expect(Object.values(paused.checkpoints)).toEqual(PROJECTIONS.map(() => paused.head));

    const second = await spawnApi(main, env);
    running = second;
    const seeded = await second.waitForLog((log) => log['msg'] === 'demo history seeded', 60_000);
    expect(seeded).toMatchObject({ customers: 120, interrupted: false });
    // A new user finds predicted lifetime value too, without having to know the fit endpoint.
    const fitted = await second.waitForLog((log) => String(log['msg']).startsWith('demo lifetime-value model'), 60_000);
    expect(fitted['msg']).toMatch(/^demo lifetime-value model fitted/);
    const model = await fetch(`${second.url}/analytics/clv/model`);
    expect(model.status).toBe(200);
    expect(await model.json()).toMatchObject({ modelId: fitted['modelId'], timeUnit: 'week', horizon: 52 });
    running = undefined;
    expect(await second.stop('SIGTERM')).toBe(0);
    const complete = await storedState(dataDir);
    expect(complete.customers).toBe(120);
    expect(JSON.parse(readFileSync(join(dataDir, 'demo-seed.json'), 'utf8'))).toMatchObject({ completed: true, customers: 120 });

    const third = await spawnApi(main, env);
    running = third;
    await third.waitForLog((log) => log['msg'] === 'listening');
    running = undefined;
    expect(await third.stop('SIGINT')).toBe(0);
    expect(third.logs().some((log) => String(log['msg']).startsWith('seeding'))).toBe(false);
    expect((await storedState(dataDir)).head).toBe(complete.head);
  }, 120_000);
});
