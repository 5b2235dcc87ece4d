import { randomBytes } from 'node:crypto';
import { CUSTOMER_KEY_BYTES, type CustomerKey, type CustomerKeyStore } from '@lifeline/customer-keys/port';
import { customerIdFromStream, type CustomerEventType } from '@lifeline/customers/domain';
import {
  canAppendBatches,
  type AppendResult,
  type BatchAppendingEventStore,
  type CountEventsOptions,
  type EventStore,
  type EventSubscription,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  whileBulkAppending,
} from '@lifeline/event-store/port';
import { PERSONAL_FIELDS } from '@lifeline/personal-data';
import { decryptValue, encryptValue, isEncryptedValue } from './personal-field-cipher';
import { CustomerKeyCache } from './key-cache';

/** Set in the metadata of an event read after its customer's erasure: its personal fields read null. */
export const ERASED_METADATA_FLAG = 'erased';

const personalFieldsOf = (type: string): readonly string[] => PERSONAL_FIELDS[type as CustomerEventType] ?? [];

export interface EncryptingEventStoreOptions {
  readonly cache?: CustomerKeyCache;
  /** close() closes the key store too (when this store is its only user). */
  readonly ownsKeyStore?: boolean;
}

/**
 * Crypto-shredding at the one boundary every event passes (docs/security.md#erasure): wraps
 * any EventStore (SQLite, EventStoreDB). On append, the personal fields of customer events
 * (libs/personal-data) are replaced by AES-256-GCM ciphertext under the customer's key; every
 * read (streams, the log, subscriptions) gives them back decrypted, so the command service,
 * projector, feed, publishers and export see plaintext while the key exists, and `null` with
 * `metadata.erased = true` once it is erased. Events written before encryption existed hold
 * plaintext and are read as they are (null after an erasure too).
 */
export class EncryptingEventStore implements EventStore {
  protected readonly cache: CustomerKeyCache;

  protected constructor(
    readonly inner: EventStore,
    private readonly keys: CustomerKeyStore,
    private readonly options: EncryptingEventStoreOptions,
  ) {
    this.cache = options.cache ?? new CustomerKeyCache();
  }

  /** The wrapped store; keeps batch appends when the inner store has them. */
  static wrap(inner: EventStore, keys: CustomerKeyStore, options: EncryptingEventStoreOptions = {}): EncryptingEventStore {
    return canAppendBatches(inner) ? new BatchEncryptingEventStore(inner, keys, options) : new EncryptingEventStore(inner, keys, options);
  }

  /**
   * Erases the customer's key (see CustomerKeyStore.erase): from now on their personal fields
   * read null everywhere, in this process at once.
   */
  async eraseCustomerKey(customerId: string, at: string): Promise<{ erasedAt: string; alreadyErased: boolean }> {
    const outcome = await this.keys.erase(customerId, at);
    this.cache.set(customerId, { state: 'erased', erasedAt: outcome.erasedAt });
    return outcome;
  }

  async appendToStream(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, await this.encryptAll(streamId, events), options);
  }

  async readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]> {
    return this.decryptAll(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.decryptAll(await this.inner.readAll(options));
  }

  subscribeToAll(options?: SubscribeOptions): EventSubscription {
    const subscription = this.inner.subscribeToAll(options);
    const decrypting = async function* (this: EncryptingEventStore): AsyncGenerator<RecordedEvent> {
      for await (const event of subscription) yield (await this.decryptAll([event]))[0]!;
    }.call(this);
    return {
      [Symbol.asyncIterator]: () => decrypting,
      close: () => subscription.close(),
    };
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  countEventsAfter(after: number, options: CountEventsOptions): Promise<number> {
    return this.inner.countEventsAfter(after, options);
  }

  async close(): Promise<void> {
    await this.inner.close();
    if (this.options.ownsKeyStore) await this.keys.close();
  }

  protected async encryptAll(streamId: string, events: readonly EventToAppend[]): Promise<EventToAppend[]> {
    const customerId = customerIdFromStream(streamId);
    if (customerId === undefined || !events.some((event) => hasPersonalValues(event))) return [...events];
    const key = await this.keyForWriting(customerId);
    return events.map((event) => {
      if (!hasPersonalValues(event)) return event;
      const data = { ...event.data };
      for (const field of personalFieldsOf(event.type)) {
        const value = data[field];
        if (value === undefined || value === null || isEncryptedValue(value)) continue;
        // An erased customer gets no new key; the rules refuse personal data for them, and should
        // anything slip through, null is stored rather than plaintext.
        data[field] = key.state === 'present' ? encryptValue(key.key, event.eventId, field, value) : null;
      }
      return { ...event, data };
    });
  }

  private async keyForWriting(customerId: string): Promise<Exclude<CustomerKey, { state: 'absent' }>> {
    const cached = this.cache.get(customerId);
    if (cached !== undefined && cached.state !== 'absent') return cached;
    const key = await this.keys.getOrCreate(customerId, randomBytes(CUSTOMER_KEY_BYTES));
    this.cache.set(customerId, key);
    return key;
  }

  protected async decryptAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const needed = new Set<string>();
    for (const event of events) {
      const fields = personalFieldsOf(event.type);
      if (fields.length === 0) continue;
      const customerId = customerIdFromStream(event.streamId);
      if (customerId === undefined) continue;
      const cached = this.cache.get(customerId);
      // "No key" may be stale when another process has since created one.
      if (cached === undefined || (cached.state === 'absent' && fields.some((field) => isEncryptedValue(event.data[field])))) needed.add(customerId);
    }
    if (needed.size > 0) {
      const found = await this.keys.findMany([...needed]);
      for (const customerId of needed) this.cache.set(customerId, found.get(customerId) ?? { state: 'absent' });
    }
    return events.map((event) => {
      const fields = personalFieldsOf(event.type);
      if (fields.length === 0) return event;
      const customerId = customerIdFromStream(event.streamId);
      if (customerId === undefined) return event;
      const key = this.cache.get(customerId) ?? { state: 'absent' };
      if (key.state === 'erased') {
        const data = { ...event.data };
        for (const field of fields) if (data[field] !== undefined) data[field] = null;
        return { ...event, data, metadata: { ...event.metadata, [ERASED_METADATA_FLAG]: true } };
      }
      if (!fields.some((field) => isEncryptedValue(event.data[field]))) return event; // written before encryption
      if (key.state === 'absent') throw new Error(`event ${event.eventId} of ${event.streamId} holds encrypted personal data, but the key store has no key for its customer (wrong key store for this event store?)`);
      const data = { ...event.data };
      for (const field of fields) {
        const value = data[field];
        if (isEncryptedValue(value)) data[field] = decryptValue(key.key, event.eventId, field, value);
      }
      return { ...event, data };
    });
  }
}

class BatchEncryptingEventStore extends EncryptingEventStore implements BatchAppendingEventStore {
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const encrypted: StreamAppend[] = [];
    for (const append of appends) encrypted.push({ ...append, events: await this.encryptAll(append.streamId, append.events) });
    return (this.inner as BatchAppendingEventStore).appendToStreams(encrypted);
  }

  /** The inner store's bulk settings (on SQLite: the writer thread), kept under encryption. */
  bulkAppending<T>(work: () => Promise<T>): Promise<T> {
    return whileBulkAppending(this.inner, work);
  }
}

function hasPersonalValues(event: EventToAppend): boolean {
  return personalFieldsOf(event.type).some((field) => event.data[field] !== undefined && event.data[field] !== null);
}
