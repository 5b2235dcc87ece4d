import { CustomerCommandService } from '@lifeline/customers/application';
import { customerStreamId } from '@lifeline/customers/domain';
import type { AppendResult, EventStore, StreamAppend } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { importTransactions, type ImportOptions } from './import-transactions';

const options: ImportOptions = {
  customerColumn: 'customer',
  dateColumn: 'date',
  amountColumn: 'amount',
  dateFormat: 'YYYY-MM-DD',
  delimiter: ',',
  currency: 'EUR',
  now: new Date('2025-06-01T12:00:00.000Z'),
};
const GOOD = 'customer,date,amount\na,2024-01-05,10.00\nb,2024-01-06,20.00\na,2024-01-05,10.00\na,2024-02-01,5.50\n';

describe('importing transactions', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
  });
  afterEach(() => store.close());

  const all = () => store.readAll({ maxCount: 10_000 });

  it('acquires each customer at the first purchase and records every row, same-day rows as separate purchases', async () => {
    const report = await importTransactions(GOOD, options, store);
    expect(report).toEqual({ rows: 4, imported: 4, duplicates: 0, rejected: [], customers: 2, newCustomers: 2 });
    const a = await store.readStream(customerStreamId('a'));
    expect(a.map((e) => [e.type, e.occurredAt, e.data.orderId, e.data.amount])).toEqual([
      ['CustomerAcquired', '2024-01-05T00:00:00.000Z', undefined, undefined],
      ['PurchaseRecorded', '2024-01-05T00:00:00.000Z', 'imp-a-20240105-1', 1000],
      ['PurchaseRecorded', '2024-01-05T00:00:00.000Z', 'imp-a-20240105-2', 1000],
      ['PurchaseRecorded', '2024-02-01T00:00:00.000Z', 'imp-a-20240201-1', 550],
    ]);
    expect(a[0].data).toMatchObject({ name: 'a', acquisitionChannel: 'other' });
    expect(a.every((e) => e.metadata.actor === 'import' && e.metadata.principal === 'system:import')).toBe(true);
  });

  it('acquires at the earliest purchase even when the file is not in date order', async () => {
    await importTransactions('customer,date,amount\na,2024-03-01,1\na,2024-01-01,2\n', options, store);
    const a = await store.readStream(customerStreamId('a'));
    expect(a.map((e) => e.occurredAt)).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });

  it('writes nothing new when the same file is imported again, counting its rows as duplicates', async () => {
    await importTransactions(GOOD, options, store);
    const head = await store.headPosition();
    const again = await importTransactions(GOOD, options, store);
    expect(again).toEqual({ rows: 4, imported: 0, duplicates: 4, rejected: [], customers: 2, newCustomers: 0 });
    expect(await store.headPosition()).toBe(head);
  });

  it('imports only the new rows of a file that grew since the last import', async () => {
    await importTransactions(GOOD, options, store);
    const grown = `${GOOD}a,2024-02-01,7.00\nc,2024-03-01,1.00\n`;
    const report = await importTransactions(grown, options, store);
    expect(report).toMatchObject({ rows: 6, imported: 2, duplicates: 4, newCustomers: 1 });
    const ids = (await store.readStream(customerStreamId('a'))).map((e) => e.data.orderId);
    expect(ids).toContain('imp-a-20240201-2');
  });

  it('skips bad rows with their line numbers and imports the rest', async () => {
    const report = await importTransactions('customer,date,amount\na,2024-01-05,10.00\nb,notadate,1\n,2024-01-05,1\nc,2024-01-05,1.234\n', options, store);
    expect(report.imported).toBe(1);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect((await all()).map((e) => e.streamId)).toEqual([customerStreamId('a'), customerStreamId('a')]);
  });

  it('reports rows the rules refuse against the stored history: before acquisition, while churned', async () => {
    const service = new CustomerCommandService(store, { currency: 'EUR' });
    const at = (customerId: string, occurredAt: string) => ({ customerId, issuedAt: '2025-06-01T00:00:00.000Z', occurredAt });
    await service.execute({ type: 'AcquireCustomer', ...at('a', '2024-01-01T00:00:00.000Z'), payload: { name: 'A', acquisitionChannel: 'web' } });
    await service.execute({ type: 'AcquireCustomer', ...at('b', '2024-01-01T00:00:00.000Z'), payload: { name: 'B', acquisitionChannel: 'web' } });
    await service.execute({ type: 'ChurnCustomer', ...at('b', '2024-02-01T00:00:00.000Z'), payload: { reason: 'price' } });
    const report = await importTransactions('customer,date,amount\na,2024-01-10,1\nb,2024-03-01,2\na,2023-12-01,3\n', options, store);
    expect(report).toMatchObject({ imported: 1, newCustomers: 0 });
    expect(report.rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^customer_not_active/) },
      { line: 4, reason: expect.stringMatching(/^occurred_before_acquisition/) },
    ]);
  });

  it('in strict mode writes nothing when any row is bad, whether the parser or the rules refuse it', async () => {
    const unparseable = await importTransactions(`${GOOD}b,2024-13-01,1\n`, { ...options, strict: true }, store);
    expect(unparseable).toMatchObject({ aborted: 'strict', imported: 0, rejected: [{ line: 6 }] });
    expect(await store.headPosition()).toBe(0);

    const service = new CustomerCommandService(store, { currency: 'EUR' });
    await service.execute({ type: 'AcquireCustomer', customerId: 'z', issuedAt: '2025-06-01T00:00:00.000Z', occurredAt: '2024-06-01T00:00:00.000Z', payload: { name: 'Z', acquisitionChannel: 'web' } });
    const head = await store.headPosition();
    const refused = await importTransactions(`${GOOD}z,2024-01-01,1\n`, { ...options, strict: true }, store);
    expect(refused).toMatchObject({ aborted: 'strict', imported: 0, rejected: [{ line: 6, reason: expect.stringMatching(/occurred_before_acquisition/) }] });
    expect(await store.headPosition()).toBe(head);

    const clean = await importTransactions(GOOD, { ...options, strict: true }, store);
    expect(clean).toEqual({ rows: 4, imported: 4, duplicates: 0, rejected: [], customers: 2, newCustomers: 2 });
  });

  it('stops between customers when interrupted, and a re-run completes without duplicates', async () => {
    const controller = new AbortController();
    const first = await importTransactions(GOOD, {
      ...options,
      signal: controller.signal,
      onProgress: ({ customersDone }) => customersDone === 1 && controller.abort(),
    }, store);
    expect(first).toMatchObject({ aborted: 'interrupted', imported: 3 });
    const second = await importTransactions(GOOD, options, store);
    expect(second).toMatchObject({ imported: 1, duplicates: 3 });
    expect((await all()).filter((e) => e.type === 'PurchaseRecorded')).toHaveLength(4);
  });

  it('refuses a currency that is not an ISO code before writing anything', async () => {
    await expect(importTransactions(GOOD, { ...options, currency: 'usd' }, store)).rejects.toThrow(/ISO 4217/);
    expect(await store.headPosition()).toBe(0);
  });

  describe('at volume', () => {
    /** The real store, counting stream reads and batches, optionally letting a rival write just before the first batch. */
    const counting = (rivalBeforeFirstBatch?: () => Promise<unknown>) => {
      const stats = { streamReads: 0, batches: 0, eventsInBatches: 0 };
      const wrapped: EventStore & { appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> } = {
        appendToStream: (...args) => store.appendToStream(...args),
        readStream: (...args) => {
          stats.streamReads++;
          return store.readStream(...args);
        },
        readAll: (...args) => store.readAll(...args),
        subscribeToAll: (...args) => store.subscribeToAll(...args),
        headPosition: () => store.headPosition(),
        countEventsAfter: (...args) => store.countEventsAfter(...args),
        close: () => store.close(),
        appendToStreams: async (appends) => {
          if (stats.batches++ === 0 && rivalBeforeFirstBatch) await rivalBeforeFirstBatch();
          stats.eventsInBatches += appends.reduce((sum, a) => sum + a.events.length, 0);
          return store.appendToStreams(appends);
        },
      };
      return { wrapped, stats };
    };

    it('imports 10,000 purchases of one customer reading its history once and appending them in one batch', async () => {
      const lines = Array.from({ length: 10_000 }, (_, i) => `key,2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(i % 500) + 1}.00`);
      const file = `customer,date,amount\n${lines.join('\n')}\n`;
      const { wrapped, stats } = counting();

      const report = await importTransactions(file, options, wrapped);

      expect(report).toEqual({ rows: 10_000, imported: 10_000, duplicates: 0, rejected: [], customers: 1, newCustomers: 1 });
      expect(stats).toEqual({ streamReads: 1, batches: 1, eventsInBatches: 10_001 });
      const stream = await store.readStream(customerStreamId('key'));
      expect(stream).toHaveLength(10_001);
      expect(new Set(stream.map((e) => e.data.orderId)).size).toBe(10_001); // 10,000 distinct order ids and the acquisition's none
      expect(stream.slice(1).every((e, i) => i === 0 || e.occurredAt >= stream[i]!.occurredAt)).toBe(true);

      const again = await importTransactions(file, options, wrapped);
      expect(again).toMatchObject({ imported: 0, duplicates: 10_000 });
      expect(await store.readStream(customerStreamId('key'))).toHaveLength(10_001);
    });

    it('writes many customers per batch, in file order of first appearance', async () => {
      const rows = Array.from({ length: 3_000 }, (_, i) => `c-${i % 1_500},2024-01-${String((i % 28) + 1).padStart(2, '0')},1.00`);
      const { wrapped, stats } = counting();

      const report = await importTransactions(`customer,date,amount\n${rows.join('\n')}\n`, options, wrapped);

      expect(report).toMatchObject({ imported: 3_000, customers: 1_500, newCustomers: 1_500 });
      expect(stats.batches).toBe(1);
      const acquisitions = (await all()).filter((e) => e.type === 'CustomerAcquired').map((e) => e.data.customerId);
      expect(acquisitions.slice(0, 3)).toEqual(['c-0', 'c-1', 'c-2']);
    });

    it('when someone else writes to a customer of a batch first, decides that customer again on what is now stored', async () => {
      const service = new CustomerCommandService(store, { currency: 'EUR' });
      const { wrapped } = counting(async () => {
        await service.execute({ type: 'AcquireCustomer', customerId: 'b', issuedAt: '2025-06-01T00:00:00.000Z', occurredAt: '2023-01-01T00:00:00.000Z', payload: { name: 'B', acquisitionChannel: 'web' } });
        await service.execute({ type: 'ChurnCustomer', customerId: 'b', issuedAt: '2025-06-01T00:00:00.000Z', occurredAt: '2023-06-01T00:00:00.000Z', payload: { reason: 'price' } });
      });

      const report = await importTransactions(GOOD, options, wrapped);

      expect(report).toMatchObject({ imported: 3, newCustomers: 1, rejected: [{ line: 3, reason: expect.stringMatching(/^customer_not_active/) }] });
      expect((await store.readStream(customerStreamId('a'))).map((e) => e.type)).toEqual(['CustomerAcquired', 'PurchaseRecorded', 'PurchaseRecorded', 'PurchaseRecorded']);
      expect((await store.readStream(customerStreamId('b'))).map((e) => e.type)).toEqual(['CustomerAcquired', 'CustomerChurned']);
    });
  });
});
