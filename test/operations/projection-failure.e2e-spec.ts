import { PassThrough } from 'node:stream';
import { runCli } from '../../apps/cli/src/program';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

async function status(dataDir: string, json: boolean) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await runCli(['--data-dir', dataDir, 'status', ...(json ? ['--json'] : [])], { stdout: out, stderr: new PassThrough(), interactive: false, signal: new AbortController().signal, env: {} });
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a projection that fails on an event is never silent', () => {
  let api: RunningApi;
  let badPosition: number;
  beforeAll(async () => {
    api = await startApi();
    await api.http().post('/customers').send(acquisition('c-1')).expect(201);
    const purchase = await api.http().post('/customers/c-1/purchases').send({ amount: '1.00', currency: 'EUR' }).expect(201);
    await api.http().get('/customers/c-1').query({ minPosition: purchase.body.position }).expect(200);
    // An event the decider would have refused (another currency), written behind its back.
    const appended = await api.eventStore.appendToStream(
      'customer-c-1',
      [{ eventId: crypto.randomUUID(), type: 'PurchaseRecorded', schemaVersion: 1, occurredAt: '2025-02-01T00:00:00Z', data: { customerId: 'c-1', orderId: 'o-x', amount: 500, currency: 'USD' }, metadata: {} }],
      { expectedRevision: 1 },
    );
    badPosition = appended.position;
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('GET /projections: failed, at the position before the bad event, with the reason naming it', async () => {
    const failed = await until(async () => {
      const { body } = await api.http().get('/projections').expect(200);
      return (body.projections as { name: string; state: string }[]).find((projection) => projection.name === 'customer-profiles' && projection.state === 'failed');
    }, 'customer-profiles to fail');
    expect(failed).toMatchObject({ checkpoint: badPosition - 1, lastError: expect.stringContaining(`PurchaseRecorded at position ${badPosition}`) });
  });

  it('/health/ready is 503 naming it; /metrics has lifeline_projection_failed = 1', async () => {
    const { body } = await api.http().get('/health/ready').expect(503);
    expect(body.error.projections['customer-profiles']).toMatchObject({ state: 'failed', problem: expect.stringMatching(/^failed: .*mixes currencies/) });
    const metrics = (await api.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^lifeline_projection_failed\{projection="customer-profiles"\} 1$/m);
    expect(metrics).toMatch(/^lifeline_projection_failed\{projection="customer-timelines"\} 0$/m);
  });

  it('lifeline status (another process, reading the stores) shows it, where and why', async () => {
    const table = await status(api.config.dataDir, false);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^customer-profiles +FAILED +${badPosition - 1} `, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^customer-profiles failed after position ${badPosition - 1} at .*: projection customer-profiles failed on PurchaseRecorded at position ${badPosition}`, 'm'));
    const json = JSON.parse((await status(api.config.dataDir, true)).stdout) as { projections: { name: string; state: string; failure?: unknown }[] };
    expect(json.projections.find((projection) => projection.name === 'customer-timelines')).toMatchObject({ state: 'up_to_date' });
    expect(json.projections.find((projection) => projection.name === 'customer-profiles')).toMatchObject({ state: 'failed', failure: { checkpoint: badPosition - 1, reason: expect.any(String) } });
  });

  it('another API instance (projector elsewhere) reports it too', async () => {
    const reader = await startApi({ dataDir: api.config.dataDir, env: { LIFELINE_RUN_PROJECTOR: 'false' } });
    try {
      const { body } = await reader.http().get('/projections').expect(200);
      expect(body.projections.find((projection: { name: string }) => projection.name === 'customer-profiles')).toMatchObject({ state: 'failed', lastError: expect.stringContaining('mixes currencies') });
      await reader.http().get('/health/ready').expect(503);
    } finally {
      await reader.stop();
    }
  });
});
