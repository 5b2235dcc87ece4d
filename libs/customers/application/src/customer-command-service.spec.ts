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

/** The real store, counting what commands cost it: events read back, appends, and refused appends. */
class CountingStore implements EventStore {
  eventsRead = 0;
  appends = 0;
  refusedAppends = 0;
  /** Appends to these streams wait until `release()`. */
  private gate: { streams: Set<string>; opened: Promise<void>; open: () => void } | undefined;
  constructor(private readonly store: EventStore) {}
  holdAppendsTo(...streamIds: string[]): { release: () => void } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { streams: new Set(streamIds), opened, open };
    return { release: () => open() };
  }
  async appendToStream(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.gate?.streams.has(streamId)) await this.gate.opened;
    this.appends++;
    try {
      return await this.store.appendToStream(streamId, events, options);
    } catch (error) {
      this.refusedAppends++;
      throw error;
    }
  }
  readStream = async (...args: Parameters<EventStore['readStream']>) => {
    const events = await this.store.readStream(...args);
    this.eventsRead += events.length;
    return events;
  };
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

  describe('a customer with a long history (a hot customer)', () => {
    it('decides on what is new on the stream only, not by re-reading the whole history on every command', async () => {
      const counting = new CountingStore(store);
      const hot = new CustomerCommandService(counting, { currency: 'EUR', backoff: noWait });
      await hot.execute(acquire('c-1'));
      for (let i = 0; i < 1_000; i++) await hot.execute(contact('c-1', `ct-${i}`));
      const readBefore = counting.eventsRead;

      for (let i = 1_000; i < 1_020; i++) await hot.execute(contact('c-1', `ct-${i}`));

      // Each command is decided on the cached state, its append expecting the cached revision: nothing read back, where re-reading read 1,000+.
      expect(counting.eventsRead - readBefore).toBe(0);
      expect(counting.refusedAppends).toBe(0);
      // A refusal is checked against the stored stream first: the last event read.
      await expect(hot.execute(contact('c-1', 'ct-7'))).rejects.toMatchObject({ violation: { rule: 'contact_id_not_unique' } });
      expect(counting.eventsRead - readBefore).toBe(1);
      expect(await store.readStream('customer-c-1')).toHaveLength(1_021);
    });

    it('does not refuse a command on a cached state another writer has since made valid', async () => {
      const mine = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
      const theirs = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
      await mine.execute(acquire('c-1'));
      await theirs.execute({ type: 'ChurnCustomer', customerId: 'c-1', issuedAt: NOW, payload: { reason: 'price' } });

      // Mine still holds the customer as active, where reactivation is refused; the stored stream says churned.
      const outcome = await mine.execute({ type: 'ReactivateCustomer', customerId: 'c-1', issuedAt: NOW, payload: {} });
      expect(outcome.revision).toBe(2);
      expect((await store.readStream('customer-c-1')).map((e) => e.type)).toEqual(['CustomerAcquired', 'CustomerChurned', 'CustomerReactivated']);
    });

    it('decides again without waiting when its cached state was behind the store, and still enforces the expected revision', async () => {
      const counting = new CountingStore(store);
      const backoff = jest.fn(noWait);
      const mine = new CustomerCommandService(counting, { currency: 'EUR', backoff });
      const theirs = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
      await mine.execute(acquire('c-1'));
      await theirs.execute(contact('c-1', 'ct-1'));

      const outcome = await mine.execute(contact('c-1', 'ct-2'));
      expect(outcome.revision).toBe(2);
      expect(counting.refusedAppends).toBe(1); // the append on the cached state, refused by its expected revision
      expect(backoff).not.toHaveBeenCalled(); // not a race: the store had moved on before
      expect((await store.readStream('customer-c-1')).map((e) => e.data['contactId'])).toEqual([undefined, 'ct-1', 'ct-2']);
    });

    it('sees what another writer appended since its last command and applies the rules to it', async () => {
      const mine = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
      const theirs = new CustomerCommandService(store, { currency: 'EUR', backoff: noWait });
      await mine.execute(acquire('c-1'));
      await mine.execute(contact('c-1', 'ct-1'));
      await theirs.execute(contact('c-1', 'ct-2'));
      await theirs.execute({ type: 'ChurnCustomer', customerId: 'c-1', issuedAt: NOW, payload: { reason: 'price' } });

      await expect(mine.execute(contact('c-1', 'ct-2'))).rejects.toMatchObject({ violation: { rule: 'contact_id_not_unique' } });
      const purchase: CustomerCommand = { type: 'RecordPurchase', customerId: 'c-1', issuedAt: NOW, payload: { orderId: 'o-1', amount: 100, currency: 'EUR' } };
      await expect(mine.execute(purchase)).rejects.toMatchObject({ violation: { rule: 'customer_not_active' } });
      expect((await mine.execute(contact('c-1', 'ct-3'))).revision).toBe(4);
    });

    it('reads the stream whole again when the store no longer holds the event its state ended with', async () => {
      const first = SqliteEventStore.open(':memory:');
      const second = SqliteEventStore.open(':memory:');
      let current: EventStore = first;
      const switchable: EventStore = {
        appendToStream: (...args) => current.appendToStream(...args),
        readStream: (...args) => current.readStream(...args),
        readAll: (...args) => current.readAll(...args),
        subscribeToAll: (...args) => current.subscribeToAll(...args),
        headPosition: () => current.headPosition(),
        countEventsAfter: (...args) => current.countEventsAfter(...args),
        close: async () => undefined,
      };
      const switching = new CustomerCommandService(switchable, { currency: 'EUR', backoff: noWait });
      await switching.execute(acquire('c-1'));
      await switching.execute(contact('c-1', 'ct-1'));
      // A different history (e.g. a restored backup) that has moved past the cached revision: once an
      // append on the cached state is refused, the cached event at that revision is not found and the
      // stream is read whole. (A different history of exactly the cached length is only noticed by a
      // command with an idempotency key or one the cached state refuses: restart the API after a restore.)
      await new CustomerCommandService(second, { currency: 'EUR' }).execute(acquire('c-1'));
      await new CustomerCommandService(second, { currency: 'EUR' }).execute(contact('c-1', 'ct-9'));
      await new CustomerCommandService(second, { currency: 'EUR' }).execute(contact('c-1', 'ct-10'));
      current = second;

      await expect(switching.execute(contact('c-1', 'ct-9'))).rejects.toMatchObject({ violation: { rule: 'contact_id_not_unique' } });
      expect((await switching.execute(contact('c-1', 'ct-1'))).revision).toBe(3);
      await first.close();
      await second.close();
    });

    it('answers a retried command with an idempotency key from what it wrote, also after later commands', async () => {
      await service.execute(acquire('c-1'));
      const first = await service.execute(contact('c-1', 'ct-1'), { idempotencyKey: 'k-1' });
      await service.execute(contact('c-1', 'ct-2'));
      const fresh = new CustomerCommandService(store, { currency: 'EUR' });

      expect(await service.execute(contact('c-1', 'ct-x'), { idempotencyKey: 'k-1' })).toEqual(first);
      expect(await fresh.execute(contact('c-1', 'ct-x'), { idempotencyKey: 'k-1' })).toEqual(first);
      expect(await store.readStream('customer-c-1')).toHaveLength(3);
    });

    it('queues simultaneous commands on one customer: each decided once, no append refused, none lost', async () => {
      const counting = new CountingStore(store);
      const queued = new CustomerCommandService(counting, { currency: 'EUR' });
      await queued.execute(acquire('c-1'));
      const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => queued.execute(contact('c-1', `ct-${i}`))));

      expect(counting.refusedAppends).toBe(0);
      expect(counting.appends).toBe(17);
      // In the order they were given.
      expect(outcomes.map((o) => o.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      await new Promise((resolve) => setImmediate(resolve));
      expect(queued.load.busyStreams).toBe(0); // an idle customer leaves nothing behind
    });

    it('lets commands on other customers through while one customer has a queue', async () => {
      const counting = new CountingStore(store);
      const queued = new CustomerCommandService(counting, { currency: 'EUR' });
      await queued.execute(acquire('hot'));
      const held = counting.holdAppendsTo('customer-hot');
      const hot = Array.from({ length: 16 }, (_, i) => queued.execute(contact('hot', `ct-${i}`)));

      // While all 16 wait on the hot customer, another customer's commands complete.
      await queued.execute(acquire('other'));
      expect((await queued.execute(contact('other', 'ct-1'))).revision).toBe(1);
      expect(await store.readStream('customer-hot')).toHaveLength(1);

      held.release();
      expect((await Promise.all(hot)).map((o) => o.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    });

    it('a refused command does not hold up the ones queued behind it', async () => {
      await service.execute(acquire('c-1'));
      const results = await Promise.allSettled([
        service.execute(contact('c-1', 'ct-1')),
        service.execute(contact('c-1', 'ct-1')),
        service.execute(contact('c-1', 'ct-2')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.readStream('customer-c-1')).toHaveLength(3);
    });

    it('without a state cache still decides correctly, reading the whole stream each time', async () => {
      const counting = new CountingStore(store);
      const uncached = new CustomerCommandService(counting, { currency: 'EUR', stateCacheEvents: 0 });
      await uncached.execute(acquire('c-1'));
      for (let i = 0; i < 5; i++) await uncached.execute(contact('c-1', `ct-${i}`));
      expect(counting.eventsRead).toBe(0 + 1 + 2 + 3 + 4 + 5);
      await expect(uncached.execute(contact('c-1', 'ct-4'))).rejects.toMatchObject({ violation: { rule: 'contact_id_not_unique' } });
    });
  });
});
