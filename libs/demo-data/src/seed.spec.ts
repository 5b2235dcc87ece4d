import { CustomerCommandService } from '@lifeline/customers/application';
import { customerStreamId, type CustomerCommand } from '@lifeline/customers/domain';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { generateCustomerHistories, type DemoDataOptions } from './generate';
import { seedDemoData, seedIdempotencyKey } from './seed';

const options: DemoDataOptions = { customers: 40, years: 2, seed: 5, currency: 'EUR', endDate: '2025-06-01T00:00:00.000Z' };
const histories = [...generateCustomerHistories(options)];
const totalCommands = histories.reduce((sum, h) => sum + h.commands.length, 0);

describe('seeding demo data', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
  });
  afterEach(() => store.close());

  const streamLengths = async () =>
    Promise.all(histories.map(async (h) => (await store.readStream(customerStreamId(h.customerId))).length));

  it('writes one event per generated command, in each customer stream, marked as seeded', async () => {
    const progress: number[] = [];
    const report = await seedDemoData(store, { ...options, onProgress: (p) => progress.push(p.customersDone) });
    expect(report).toEqual({ customers: 40, commandsWritten: totalCommands, commandsSkipped: 0, interrupted: false });
    expect(await streamLengths()).toEqual(histories.map((h) => h.commands.length));
    const first = await store.readStream(customerStreamId(histories[0].customerId));
    expect(first.map((e) => e.type)).toEqual(histories[0].commands.map(eventTypeOf));
    expect(first.every((e) => e.metadata.actor === 'seed' && e.metadata.principal === 'system:seed')).toBe(true);
    expect(progress).toEqual(histories.map((_, i) => i + 1));
  });

  it('continues an interrupted run where it stopped, without writing anything twice', async () => {
    const controller = new AbortController();
    const first = await seedDemoData(store, { ...options, signal: controller.signal, onProgress: (p) => p.customersDone === 15 && controller.abort() });
    expect(first).toMatchObject({ customers: 15, interrupted: true });
    const second = await seedDemoData(store, options);
    expect(second).toEqual({ customers: 40, commandsWritten: totalCommands - first.commandsWritten, commandsSkipped: first.commandsWritten, interrupted: false });
    expect(await streamLengths()).toEqual(histories.map((h) => h.commands.length));
  });

  it('recognises commands of a customer written before a crash in the middle of that customer', async () => {
    const service = new CustomerCommandService(store, { currency: 'EUR' });
    const history = histories[0];
    for (const [n, command] of history.commands.slice(0, 2).entries()) {
      await service.execute(command, { idempotencyKey: seedIdempotencyKey(options.seed, history.customerId, n) });
    }
    const report = await seedDemoData(store, options);
    expect(report.commandsSkipped).toBe(2);
    expect(await streamLengths()).toEqual(histories.map((h) => h.commands.length));
  });

  it('writes nothing when run again after completing', async () => {
    await seedDemoData(store, options);
    const head = await store.headPosition();
    expect(await seedDemoData(store, options)).toMatchObject({ commandsWritten: 0, commandsSkipped: totalCommands });
    expect(await store.headPosition()).toBe(head);
  });
});

function eventTypeOf(command: CustomerCommand): string | undefined {
  if (command.type === 'RecordConsent') return command.payload.granted ? 'ConsentGiven' : 'ConsentWithdrawn';
  const map: Record<string, string> = {
    AcquireCustomer: 'CustomerAcquired',
    RecordContact: 'CustomerContacted',
    FileComplaint: 'ComplaintFiled',
    ResolveComplaint: 'ComplaintResolved',
    RecordPurchase: 'PurchaseRecorded',
    ChurnCustomer: 'CustomerChurned',
    ReactivateCustomer: 'CustomerReactivated',
  };
  return map[command.type];
}
