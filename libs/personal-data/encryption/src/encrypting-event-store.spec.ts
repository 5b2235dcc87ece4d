import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import { SqliteCustomerKeyStore } from '@lifeline/customer-keys/sqlite';
import { appendBatch, canAppendBatches, type EventToAppend } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { eventStoreContract } from '../../../event-store/port/src/testing/event-store.contract';
import { EncryptingEventStore } from './encrypting-event-store';
import { decryptValue, encryptValue, isEncryptedValue, UndecryptableValueError } from './personal-field-cipher';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-encrypting-'));
  dirs.push(dir);
  return dir;
};
const open = (dir = freshDir()) => {
  const inner = SqliteEventStore.open(join(dir, 'events.db'));
  const keys = SqliteCustomerKeyStore.open(join(dir, 'personal-keys.db'));
  const store = EncryptingEventStore.wrap(inner, keys);
  return { dir, inner, keys, store, close: async () => (await store.close(), await keys.close()) };
};

// The wrapped store is still an EventStore: the whole port contract holds through it.
eventStoreContract('SQLite wrapped by EncryptingEventStore', async () => open().store);

const acquired = (customerId: string, name: string, email?: string): EventToAppend => ({
  eventId: uuid(),
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2025-01-01T00:00:00.000Z',
  data: { customerId, name, ...(email !== undefined && { email }), acquisitionChannel: 'web', keyAccount: false },
  metadata: { principal: 'test' },
});
const purchase = (customerId: string): EventToAppend => ({
  eventId: uuid(),
  type: 'PurchaseRecorded',
  schemaVersion: 1,
  occurredAt: '2025-01-02T00:00:00.000Z',
  data: { customerId, orderId: 'o-1', amount: 100, currency: 'EUR' },
  metadata: {},
});

describe('personal field cipher', () => {
  it('round-trips any JSON value, and refuses a value moved to another event or field, or another key', () => {
    const key = randomBytes(32);
    const stored = encryptValue(key, 'E-1', 'name', 'Ada');
    expect(isEncryptedValue(stored)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('Ada');
    expect(decryptValue(key, 'e-1', 'name', stored)).toBe('Ada'); // event ids compare case-insensitively, as the stores do
    expect(() => decryptValue(key, 'e-2', 'name', stored)).toThrow(UndecryptableValueError);
    expect(() => decryptValue(key, 'e-1', 'email', stored)).toThrow(UndecryptableValueError);
    expect(() => decryptValue(randomBytes(32), 'e-1', 'name', stored)).toThrow(UndecryptableValueError);
    // A fresh IV each time: equal values do not give equal ciphertexts.
    expect(encryptValue(key, 'e-1', 'name', 'Ada')).not.toEqual(stored);
  });
});

describe('EncryptingEventStore', () => {
  it('stores personal fields encrypted and every read gives them back: streams, the log, subscriptions', async () => {
    const { dir, inner, store, close } = open();
    await store.appendToStream('customer-c1', [acquired('c1', 'Ulrike Zettelmeyer', 'uz@probe.example'), purchase('c1')], { expectedRevision: 'no_stream' });
    const raw = await inner.readStream('customer-c1');
    expect(isEncryptedValue(raw[0]!.data['name'])).toBe(true);
    expect(isEncryptedValue(raw[0]!.data['email'])).toBe(true);
    expect(raw[0]!.data['acquisitionChannel']).toBe('web'); // what analytics needs stays plain
    expect(raw[1]!.data).toEqual(purchase('c1').data);

    expect((await store.readStream('customer-c1'))[0]!.data).toMatchObject({ name: 'Ulrike Zettelmeyer', email: 'uz@probe.example' });
    expect((await store.readAll())[0]!.data).toMatchObject({ name: 'Ulrike Zettelmeyer' });
    const subscription = store.subscribeToAll();
    const seen = [];
    for await (const event of subscription) {
      seen.push(event);
      if (seen.length === 2) break;
    }
    await subscription.close();
    expect(seen[0]!.data).toMatchObject({ name: 'Ulrike Zettelmeyer' });
    await close();
    const bytes = Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('events.db')).map((f) => readFileSync(join(dir, f))));
    expect(bytes.includes(Buffer.from('Zettelmeyer'))).toBe(false);
  });

  it('after the key is erased, personal fields read null with metadata.erased, other fields and customers unchanged', async () => {
    const { store, close } = open();
    await store.appendToStream('customer-c1', [acquired('c1', 'Ada'), purchase('c1')], { expectedRevision: 'no_stream' });
    await store.appendToStream('customer-c2', [acquired('c2', 'Grace')], { expectedRevision: 'no_stream' });
    await expect(store.eraseCustomerKey('c1', '2026-01-01T00:00:00.000Z')).resolves.toEqual({ erasedAt: '2026-01-01T00:00:00.000Z', alreadyErased: false });
    const [first, second] = await store.readStream('customer-c1');
    expect(first!.data).toEqual({ customerId: 'c1', name: null, acquisitionChannel: 'web', keyAccount: false });
    expect(first!.metadata).toEqual({ principal: 'test', erased: true });
    expect(second!.data).toEqual(purchase('c1').data);
    expect(second!.metadata).toEqual({});
    expect((await store.readStream('customer-c2'))[0]!.data).toMatchObject({ name: 'Grace' });
    // Nothing personal is stored for an erased customer, should a writer try.
    await store.appendToStream('customer-c1', [{ ...acquired('c1', 'Ada again'), type: 'CustomerContacted', data: { customerId: 'c1', contactId: 'x', channel: 'phone', direction: 'inbound', topic: 't', note: 'secret' } }], { expectedRevision: 1 });
    expect((await store.readStream('customer-c1', { fromRevision: 2 }))[0]!.data).toMatchObject({ note: null });
    await close();
  });

  it('reads events written before encryption as they are, and nulls them too after an erasure (existing stores still open)', async () => {
    const dir = freshDir();
    const legacy = SqliteEventStore.open(join(dir, 'events.db'));
    await legacy.appendToStream('customer-old', [acquired('old', 'Legacy Name')], { expectedRevision: 'no_stream' });
    await legacy.close();
    const { store, close } = open(dir);
    expect((await store.readStream('customer-old'))[0]!.data).toMatchObject({ name: 'Legacy Name' });
    // New events of that customer are encrypted under a key created now.
    await store.appendToStream('customer-old', [{ ...acquired('old', 'x'), type: 'CustomerContacted', data: { customerId: 'old', contactId: 'c', channel: 'phone', direction: 'inbound', topic: 't', note: 'new note' } }], { expectedRevision: 0 });
    expect((await store.readStream('customer-old'))[1]!.data).toMatchObject({ note: 'new note' });
    await store.eraseCustomerKey('old', '2026-01-01T00:00:00.000Z');
    const [legacyEvent, newEvent] = await store.readStream('customer-old');
    expect([legacyEvent!.data['name'], newEvent!.data['note']]).toEqual([null, null]);
    await close();
  });

  it('keeps batch appends (the import) and encrypts them', async () => {
    const { inner, store, close } = open();
    expect(canAppendBatches(store)).toBe(true);
    await appendBatch(store, [
      { streamId: 'customer-b1', events: [acquired('b1', 'Batch One')], expectedRevision: 'no_stream' },
      { streamId: 'customer-b2', events: [acquired('b2', 'Batch Two')], expectedRevision: 'no_stream' },
    ]);
    expect(isEncryptedValue((await inner.readStream('customer-b2'))[0]!.data['name'])).toBe(true);
    expect((await store.readStream('customer-b2'))[0]!.data['name']).toBe('Batch Two');
    await close();
  });

  it('leaves events outside customer streams alone', async () => {
    const { inner, store, close } = open();
    await store.appendToStream('lifeline-settings', [{ ...acquired('x', 'Not A Customer Stream') }], { expectedRevision: 'no_stream' });
    expect((await inner.readStream('lifeline-settings'))[0]!.data['name']).toBe('Not A Customer Stream');
    await close();
  });
});
