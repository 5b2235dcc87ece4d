import type { CustomerCommand } from '@lifeline/customers/domain';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { CustomerCommandService } from './index';

const NOW = new Date().toISOString();
const acquire: CustomerCommand = { type: 'AcquireCustomer', customerId: 'c-1', issuedAt: NOW, occurredAt: '2025-01-10T09:00:00.000Z', payload: { name: 'Ada', acquisitionChannel: 'web' } };
const giveAll: CustomerCommand = { type: 'RecordConsent', customerId: 'c-1', issuedAt: NOW, payload: { purpose: 'marketing', granted: true } };

/** A command the rules answer with nothing to change (a consent that already stands) appends nothing. */
describe('a command with nothing to change', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
  });
  afterEach(() => store.close());

  it('is answered with where the stream is, and appends nothing — from a warm state cache and from a cold one', async () => {
    const service = new CustomerCommandService(store, { currency: 'EUR' });
    await service.execute(acquire);
    const given = await service.execute(giveAll);
    expect(given.eventIds).toHaveLength(4); // one per channel
    const head = await store.headPosition();

    const again = await service.execute(giveAll);
    expect(again).toEqual({ customerId: 'c-1', revision: given.revision, position: given.position, eventIds: [] });
    const cold = await new CustomerCommandService(store, { currency: 'EUR', stateCacheEvents: 0 }).execute(giveAll);
    expect(cold).toEqual(again);
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream('customer-c-1')).toHaveLength(5);
  });
});
