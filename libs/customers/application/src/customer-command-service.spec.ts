import type { AcquireCustomer, CustomerCommand, RecordContact } from '@lifeline/customers/domain';
import type { AppendResult, EventStore, EventToAppend, ExpectedRevision } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { ConcurrencyConflictError, CustomerCommandService, RuleViolationError } from './index';

const NOW = '2025-06-01T12:00:00.000Z';
const noWait = async () => undefined;

const acquire = (customerId: string): AcquireCustomer => ({
  type: 'AcquireCustomer',
  customerId,
  issuedAt: NOW,
  occurredAt: '2025-01-10T09:00:00.000Z',
  payload: { name: 'Ada', acquisitionChannel: 'web' },
});
const contact = (customerId: string, contactId: string): RecordContact => ({
  type: 'RecordContact',
  customerId,
  issuedAt: NOW,
  payload: { contactId, channel: 'phone', direction: 'inbound', topic: 'invoice' },
});

/**
 * The real store, with another writer slipping an event into the stream just before some
 * of our appends: the race the service must survive.
 */
class StoreWithCompetingWriter implements EventStore {
  competingWrites = 0;
  constructor(
    private readonly store: EventStore,
    private readonly competeOnAppend: (appendNumber: number) => boolean,
  ) {}
  private appends = 0;
  async appendToStream(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.competeOnAppend(++this.appends)) {
      const n = ++this.competingWrites;
      const customerId = streamId.replace('customer-', '');
      await this.store.appendToStream(
        streamId,
        [{ eventId: crypto.randomUUID(), type: 'CustomerContacted', schemaVersion: 1, occurredAt: NOW, metadata: {}, data: { customerId, contactId: `rival-${n}`, channel: 'email', direction: 'outbound', topic: 'rival' } }],
        { expectedRevision: 'any' },
      );
    }
    return this.store.appendToStream(streamId, events, options);
  }
  readStream = (...args: Parameters<EventStore['readStream']>) => this.store.readStream(...args);
  readAll = (...args: Parameters<EventStore['readAll']>) => this.store.readAll(...args);
  subscribeToAll = (...args: Parameters<EventStore['subscribeToAll']>) => this.store.subscribeToAll(...args);
  headPosition = () => this.store.headPosition();
  countEventsAfter = (...args: Parameters<EventStore['countEventsAfter']>) => this.store.countEventsAfter(...args);
  close = () => this.store.close();
}

describe('CustomerCommandService', () => {
  let store: SqliteEventStore;
  let service: CustomerCommandService;

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    service = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
  });
  afterEach(async () => {
    await store.close();
  });

  it('appends the decided event to the customer stream with the context as metadata', async () => {
    const outcome = await service.execute(acquire('c-1'), { correlationId: 'req-1', causationId: 'cmd-0', actor: 'api' });

    const stream = await store.readStream('customer-c-1');
    expect(stream).toHaveLength(1);
    expect(stream[0]).toMatchObject({
      eventId: outcome.eventIds[0],
      type: 'CustomerAcquired',
      schemaVersion: 1,
      occurredAt: '2025-01-10T09:00:00.000Z',
      data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false },
      metadata: { correlationId: 'req-1', causationId: 'cmd-0', actor: 'api' },
    });
    expect(outcome).toEqual({ customerId: 'c-1', revision: 0, position: stream[0]!.position, eventIds: [stream[0]!.eventId] });
  });

  it('decides on the stream so far and answers the new revision and global position', async () => {
    await service.execute(acquire('c-1'));
    await service.execute(acquire('c-2'));
    const outcome = await service.execute(contact('c-1', 'ct-1'));

    expect(outcome.revision).toBe(1);
    expect(outcome.position).toBe(await store.headPosition());
    await expect(service.execute(contact('c-1', 'ct-1'))).rejects.toMatchObject({ violation: { rule: 'contact_id_not_unique' } });
  });

  it('gives events random v4 ids without an idempotency key', async () => {
    const a = await service.execute(acquire('c-1'));
    const b = await service.execute(contact('c-1', 'ct-1'));
    expect(isUuid(a.eventIds[0]!) && uuidVersion(a.eventIds[0]!)).toBe(4);
    expect(a.eventIds[0]).not.toBe(b.eventIds[0]);
  });

  it('throws a RuleViolationError carrying the violation and writes nothing', async () => {
    const refused = service.execute(contact('nobody', 'ct-1'));
    await expect(refused).rejects.toBeInstanceOf(RuleViolationError);
    await expect(refused).rejects.toMatchObject({ violation: { rule: 'customer_not_found', kind: 'not_found' } });
    expect(await store.headPosition()).toBe(0);
  });

  it('refuses a purchase in another currency than the configured one', async () => {
    await service.execute(acquire('c-1'));
    const purchase: CustomerCommand = { type: 'RecordPurchase', customerId: 'c-1', issuedAt: NOW, payload: { orderId: 'o-1', amount: 100, currency: 'USD' } };
    await expect(service.execute(purchase)).rejects.toMatchObject({ violation: { rule: 'unsupported_currency' } });
  });

  describe('with an idempotency key', () => {
    it('gives events v5 ids derived from the key', async () => {
      const outcome = await service.execute(acquire('c-1'), { idempotencyKey: 'k-1' });
      expect(uuidVersion(outcome.eventIds[0]!)).toBe(5);
    });

    it('answers a retry whose first try was appended (answer lost) without writing again', async () => {
      await service.execute(acquire('c-1'));
      const first = await service.execute(contact('c-1', 'ct-1'), { idempotencyKey: 'k-1' });
      // The retry may even carry a freshly generated contact id: it is the same request.
      const retry = await service.execute(contact('c-1', 'ct-other'), { idempotencyKey: 'k-1' });

      expect(retry).toEqual(first);
      expect(await store.readStream('customer-c-1')).toHaveLength(2);
    });

    it('keeps commands of other types or customers under the same key apart', async () => {
      await service.execute(acquire('c-1'), { idempotencyKey: 'k-1' });
      await service.execute(acquire('c-2'), { idempotencyKey: 'k-1' });
      const contacted = await service.execute(contact('c-1', 'ct-1'), { idempotencyKey: 'k-1' });

      expect(contacted.revision).toBe(1);
      expect(await store.headPosition()).toBe(3);
    });
  });

  it('times every append, the ones refused by a concurrent write included, and none for a refused command', async () => {
    await service.execute(acquire('c-1'));
    const timings: number[] = [];
    const racing = new StoreWithCompetingWriter(store, (n) => n === 1);
    const timed = new CustomerCommandService(racing, { currency: 'EUR', backoff: noWait, onAppendTimed: (seconds) => timings.push(seconds) });

    await timed.execute(contact('c-1', 'ct-1'));
    await expect(timed.execute(acquire('c-1'))).rejects.toBeInstanceOf(RuleViolationError);

    expect(timings).toHaveLength(2); // the refused append, then the one that landed
    for (const seconds of timings) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  describe('under concurrent writes', () => {
    it('re-reads and decides again when another writer appended first', async () => {
      await service.execute(acquire('c-1'));
      const racing = new StoreWithCompetingWriter(store, (n) => n === 1);
      const backoff = jest.fn(noWait);
      const outcome = await new CustomerCommandService(racing, { currency: 'EUR', backoff }).execute(contact('c-1', 'ct-1'));

      expect(backoff).toHaveBeenCalledTimes(1);
      expect(outcome.revision).toBe(2);
      const stream = await store.readStream('customer-c-1');
      expect(stream.map((e) => e.data['contactId'])).toEqual([undefined, 'rival-1', 'ct-1']);
    });

    it('applies the rules to what the other writer wrote', async () => {
      const a = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
      const results = await Promise.allSettled([a.execute(acquire('c-1')), service.execute(acquire('c-1'))]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ violation: { rule: 'customer_already_exists' } });
      expect(await store.readStream('customer-c-1')).toHaveLength(1);
    });

    it('gives up with a ConcurrencyConflictError after the configured retries and writes nothing of its own', async () => {
      await service.execute(acquire('c-1'));
      const racing = new StoreWithCompetingWriter(store, () => true);
      const refused = new CustomerCommandService(racing, { currency: 'EUR', maxConflictRetries: 3, backoff: noWait }).execute(contact('c-1', 'ct-1'));

      await expect(refused).rejects.toBeInstanceOf(ConcurrencyConflictError);
      await expect(refused).rejects.toMatchObject({ streamId: 'customer-c-1', attempts: 4 });
      const contactIds = (await store.readStream('customer-c-1')).map((e) => e.data['contactId']);
      expect(contactIds).not.toContain('ct-1');
      expect(racing.competingWrites).toBe(4);
    });

    it('gets every one of many simultaneous commands on one customer in, at distinct contiguous revisions', async () => {
      const concurrent = new CustomerCommandService(store, { currency: 'EUR' });
      await concurrent.execute(acquire('c-1'));
      const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => concurrent.execute(contact('c-1', `ct-${i}`))));

      expect(outcomes.map((o) => o.revision).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(await store.readStream('customer-c-1')).toHaveLength(31);
    });
  });
});
