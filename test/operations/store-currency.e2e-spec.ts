import { STORE_CURRENCY_STREAM } from '@lifeline/customers/application';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../apps/cli/src/program';
import { acquisition, removeDataDir, startApi, temporaryDataDir } from '../support/api-harness';
import { buildApi } from './spawned-api';

async function cli(args: string[], currency: string) {
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  err.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await runCli(args, { stdout: new PassThrough(), stderr: err, interactive: false, signal: new AbortController().signal, env: { LIFELINE_CURRENCY: currency } });
  return { code, stderr: Buffer.concat(chunks).toString('utf8') };
}

async function headOf(dataDir: string): Promise<number> {
  const store = SqliteEventStore.open(join(dataDir, 'events.db'));
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

describe('the store pins its currency', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = temporaryDataDir();
  });
  afterEach(() => removeDataDir(dataDir));

  it('the first start records it; a start in another currency fails naming both, writing nothing', async () => {
    const usd = await startApi({ dataDir, env: { LIFELINE_CURRENCY: 'USD' } });
    await usd.http().post('/customers').send(acquisition('c-1')).expect(201);
    await usd.http().post('/customers/c-1/purchases').send({ amount: '5.00', currency: 'USD' }).expect(201);
    expect((await usd.eventStore.readStream(STORE_CURRENCY_STREAM)).map((event) => event.data)).toEqual([{ currency: 'USD' }]);
    await usd.stop();
    const head = await headOf(dataDir);

    await expect(startApi({ dataDir, env: { LIFELINE_CURRENCY: 'EUR' } })).rejects.toThrow(
      'this store books purchases in USD, but LIFELINE_CURRENCY is EUR; start with LIFELINE_CURRENCY=USD (a store holds one currency)',
    );
    expect(await headOf(dataDir)).toBe(head);

    const again = await startApi({ dataDir, env: { LIFELINE_CURRENCY: 'USD' } });
    // A command in another currency is refused before it is appended; projections keep running.
    await again.http().post('/customers/c-1/purchases').send({ amount: '5.00', currency: 'EUR' }).expect(422);
    expect(await again.eventStore.headPosition()).toBe(head);
    const { body } = await again.http().get('/projections').expect(200);
    expect(body.projections.map((projection: { state: string }) => projection.state)).not.toContain('failed');
    await again.stop();
  });

  it('a store written before the pin existed is known by its first purchase', async () => {
    const store = SqliteEventStore.open(join(dataDir, 'events.db'));
    const event = (type: string, data: Record<string, unknown>) => ({ eventId: crypto.randomUUID(), type, schemaVersion: 1, occurredAt: '2025-01-10T09:00:00Z', data, metadata: {} });
    await store.appendToStream(
      'customer-old',
      [event('CustomerAcquired', { customerId: 'old', name: 'Old', acquisitionChannel: 'web', keyAccount: false }), event('PurchaseRecorded', { customerId: 'old', orderId: 'o-1', amount: 500, currency: 'GBP' })],
      { expectedRevision: 'no_stream' },
    );
    await store.close();
    await expect(startApi({ dataDir })).rejects.toThrow(/books purchases in GBP, but LIFELINE_CURRENCY is EUR/);
    expect(await headOf(dataDir)).toBe(2);
  });

  it('import and seed check it too, in one line with a usage exit code', async () => {
    const file = join(dataDir, 'tx.csv');
    writeFileSync(file, 'customer_id,date,amount\nc-1,2024-01-05,10.00\n');
    expect((await cli(['--data-dir', dataDir, 'import', file, '--date-format', 'YYYY-MM-DD'], 'USD')).code).toBe(0);
    const head = await headOf(dataDir);
    const refused = await cli(['--data-dir', dataDir, 'import', file, '--date-format', 'YYYY-MM-DD'], 'EUR');
    expect(refused).toEqual({ code: 2, stderr: expect.stringMatching(/^error: this store books purchases in USD, but LIFELINE_CURRENCY is EUR; .*\n$/) });
    expect((await cli(['--data-dir', dataDir, 'seed', '--customers', '5'], 'EUR')).code).toBe(2);
    expect(await headOf(dataDir)).toBe(head);
  });

  it('the API process says it in one line on stderr and exits 1', async () => {
    const main = buildApi(join(dataDir, 'dist'));
    const store = join(dataDir, 'store');
    mkdirSync(store);
    await (await startApi({ dataDir: store, env: { LIFELINE_CURRENCY: 'USD' } })).stop();
    const run = spawnSync(process.execPath, [main], { env: { PATH: process.env['PATH'] ?? '', NODE_PATH: join(__dirname, '../../node_modules'), LIFELINE_DATA_DIR: store, LIFELINE_CURRENCY: 'EUR', LIFELINE_DEMO: 'off', LOG_LEVEL: 'silent', PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('this store books purchases in USD, but LIFELINE_CURRENCY is EUR; start with LIFELINE_CURRENCY=USD (a store holds one currency)\n');
  }, 60_000);
});
