import { LIFELINE_RUNTIME, startLifeline, type LifelineRuntime } from '@lifeline/composition';
import { PROJECTION_NAMES } from '@lifeline/projections/catalog';
import { acquisition, removeDataDir, startApi, temporaryDataDir, type RunningApi } from '../support/api-harness';
import { PROBLEM_JSON, write } from './read-side-client';

type ProjectionRow = { name: string; checkpoint: number; headPosition: number; lag: number; lagSeconds: number; state: string };

async function projections(api: RunningApi): Promise<{ projectorInProcess: boolean; projections: ProjectionRow[] }> {
  return (await api.http().get('/projections').expect(200)).body;
}

/** Polls GET /projections until every read model has caught up (lag 0). */
async function caughtUp(api: RunningApi, timeoutMs = 5_000): Promise<ProjectionRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = (await projections(api)).projections;
    if (rows.every((row) => row.lag === 0)) return rows;
    if (Date.now() > deadline) throw new Error(`read models still behind: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('read side over HTTP: read-your-writes and GET /projections, projector in the API process', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  }, 30_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('a GET with the position a command answered sees that command, as query parameter or header', async () => {
    const acquired = await write(api, '/customers', acquisition('c-1'));
    expect((await api.http().get('/customers/c-1').query({ minPosition: acquired }).expect(200)).body.revision).toBe(0);
    const contacted = await write(api, '/customers/c-1/contacts', { channel: 'phone', direction: 'inbound', topic: 'hello' });
    const viaHeader = await api.http().get('/customers/c-1').set('X-Min-Position', String(contacted)).expect(200);
    expect(viaHeader.body.contacts.total).toBe(1);
    const timeline = await api.http().get('/customers/c-1/timeline').set('X-Min-Position', String(contacted)).expect(200);
    expect(timeline.body.items).toHaveLength(2);
    const list = await api.http().get('/customers').query({ minPosition: contacted }).expect(200);
    expect(list.body.items[0].contacts.total).toBe(1);
  });

  it('answers 400 at once for a position beyond the head of the log (no command answered it)', async () => {
    const head = await api.eventStore.headPosition();
    const started = Date.now();
    const response = await api.http().get('/customers/c-1').query({ minPosition: head + 1_000_000 }).expect(400).expect('content-type', PROBLEM_JSON);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.body.errors).toEqual([{ field: 'minPosition', message: expect.stringContaining('beyond the head of the log') }]);
  });

  it('answers 503 read-model-behind with Retry-After once the bound has passed, for a position written but not applied', async () => {
    const projector = api.app.get<LifelineRuntime>(LIFELINE_RUNTIME).projector;
    await caughtUp(api);
    const checkpoint = await api.eventStore.headPosition();
    await projector.stop();
    try {
      const position = await write(api, '/customers', acquisition('c-unapplied'));
      const started = Date.now();
      const response = await api.http().get('/customers/c-1').query({ minPosition: position }).expect(503).expect('content-type', PROBLEM_JSON);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(1_900);
      expect(waited).toBeLessThan(3_500);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).toMatchObject({ type: '/problems/read-model-behind', status: 503, minPosition: position, checkpoint, instance: expect.stringContaining('/customers/c-1') });
    } finally {
      await projector.start();
    }
  }, 15_000);

  it('GET /projections lists every read model, and the lag goes to 0', async () => {
    const position = await write(api, '/customers', acquisition('c-2'));
    const rows = await caughtUp(api);
    expect(rows.map((row) => row.name).sort()).toEqual([...PROJECTION_NAMES].sort());
    for (const row of rows) expect(row).toMatchObject({ checkpoint: position, headPosition: position, lag: 0, lagSeconds: 0, state: 'live', version: expect.any(Number) });
    expect((await projections(api)).projectorInProcess).toBe(true);
  });
});

describe('read side over HTTP: read-your-writes and GET /projections, projector in another process', () => {
  let api: RunningApi;
  let projector: LifelineRuntime | undefined;
  beforeAll(async () => {
    api = await startApi({ dataDir: temporaryDataDir(), env: { LIFELINE_RUN_PROJECTOR: 'false' } });
  }, 30_000);
  afterAll(async () => {
    await projector?.close();
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('reports stored checkpoints as "external", and a read with minPosition waits until the other process has applied it', async () => {
    const position = await write(api, '/customers', acquisition('c-1'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = await projections(api);
    expect(before.projectorInProcess).toBe(false);
    for (const row of before.projections) expect(row).toMatchObject({ state: 'external', checkpoint: 0, headPosition: position, lag: 1 }); // one customer event to apply (position 1 is the store's currency pin)
    // The acquisition has waited at least the 50 ms slept.
    for (const row of before.projections) expect(row.lagSeconds).toBeGreaterThanOrEqual(0.05);

    // The read is waiting when the projector (same data directory, as apps/projector runs it) starts.
    const read = api.http().get('/customers/c-1').query({ minPosition: position }).then((response) => response);
    projector = await startLifeline(api.config, { runProjector: true });
    const response = await read;
    expect(response.status).toBe(200);
    expect(response.body.customerId).toBe('c-1');

    const rows = await caughtUp(api);
    for (const row of rows) expect(row).toMatchObject({ state: 'external', checkpoint: position, lag: 0, lagSeconds: 0 });
  }, 15_000);
});
