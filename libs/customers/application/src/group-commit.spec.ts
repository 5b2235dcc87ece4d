import type { AcquireCustomer, RecordContact } from '@lifeline/customers/domain';
import { WrongExpectedRevisionError, type EventToAppend } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { GroupCommit } from './group-commit';
import { CustomerCommandService } from './index';

const NOW = '2025-06-01T12:00:00.000Z';
const event = (contactId: string, eventId: string = crypto.randomUUID()): EventToAppend => ({
  eventId,
  type: 'CustomerContacted',
  schemaVersion: 1,
  occurredAt: NOW,
  data: { contactId },
  metadata: {},
});

describe('GroupCommit', () => {
  let store: SqliteEventStore;
  let group: GroupCommit;
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    group = new GroupCommit(store);
  });
  afterEach(() => store.close());

  it('writes the appends made together in one transaction and answers each with its own result', async () => {
    const results = await Promise.all([
      group.append('customer-a', [event('a-1'), event('a-2')], 'no_stream'),
      group.append('customer-b', [event('b-1')], 'no_stream'),
      group.append('customer-c', [event('c-1')], 'no_stream'),
    ]);

    expect(group.stats).toEqual({ commits: 1, appends: 3 });
    expect(results).toEqual([
      { nextExpectedRevision: 1, position: 2 },
      { nextExpectedRevision: 0, position: 3 },
      { nextExpectedRevision: 0, position: 4 },
    ]);
    expect((await store.readStream('customer-a')).map((e) => e.data['contactId'])).toEqual(['a-1', 'a-2']);
  });

  it("refuses only the append whose expected revision is wrong; the others are written, each command's events whole", async () => {
    await store.appendToStream('customer-b', [event('b-0')], { expectedRevision: 'no_stream' });

    const outcomes = await Promise.allSettled([
      group.append('customer-a', [event('a-1'), event('a-2')], 'no_stream'),
      group.append('customer-b', [event('b-1'), event('b-2')], 'no_stream'), // b exists: refused
      group.append('customer-c', [event('c-1')], 'no_stream'),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream('customer-a')).map((e) => e.data['contactId'])).toEqual(['a-1', 'a-2']);
    expect((await store.readStream('customer-b')).map((e) => e.data['contactId'])).toEqual(['b-0']);
    expect((await store.readStream('customer-c')).map((e) => e.data['contactId'])).toEqual(['c-1']);
  });

  it('keeps a bad append (an event id stored elsewhere) from failing the others', async () => {
    const taken = crypto.randomUUID();
    await store.appendToStream('customer-x', [event('x-0', taken)], { expectedRevision: 'no_stream' });

    const outcomes = await Promise.allSettled([
      group.append('customer-a', [event('a-1')], 'no_stream'),
      group.append('customer-b', [event('b-1', taken)], 'no_stream'),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(await store.readStream('customer-b')).toEqual([]);
    expect(await store.readStream('customer-a')).toHaveLength(1);
  });

  it('answers a repeated append (same event ids at the same place) with its first result, inside a group too', async () => {
    const eventId = crypto.randomUUID();
    const first = await group.append('customer-a', [event('a-1', eventId)], 'no_stream');
    const [again, other] = await Promise.all([group.append('customer-a', [event('a-1', eventId)], 'no_stream'), group.append('customer-b', [event('b-1')], 'no_stream')]);

    expect(again).toEqual(first);
    expect(other.nextExpectedRevision).toBe(0);
    expect(await store.readStream('customer-a')).toHaveLength(1);
  });
});

describe('CustomerCommandService with group commit', () => {
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

  it('shares commits between concurrent commands and answers each, a refused one on its own', async () => {
    const store = SqliteEventStore.open(':memory:');
    const appendToStreams = jest.spyOn(store, 'appendToStreams');
    const service = new CustomerCommandService(store, { currency: 'EUR', groupCommit: true });
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => service.execute(acquire(`c-${i}`))));
      expect(appendToStreams).toHaveBeenCalled();
      const committed = appendToStreams.mock.calls.reduce((sum, [appends]) => sum + appends.length, 0);
      expect(committed).toBe(20);

      const outcomes = await Promise.allSettled([
        ...Array.from({ length: 10 }, (_, i) => service.execute(contact(`c-${i}`, 'ct-1'))),
        service.execute(acquire('c-3')), // refused by the rules
        service.execute(contact('c-0', 'ct-2')), // queued behind c-0's first contact
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(11);
      expect((outcomes[10] as PromiseRejectedResult).reason).toMatchObject({ violation: { rule: 'customer_already_exists' } });
      expect((await store.readStream('customer-c-0')).map((e) => e.data['contactId'])).toEqual([undefined, 'ct-1', 'ct-2']);
      expect(await store.headPosition()).toBe(31);
    } finally {
      await store.close();
    }
  });
});
