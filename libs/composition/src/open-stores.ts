import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LifelineConfig } from '@lifeline/config';
import type { EventStore } from '@lifeline/event-store/port';
import { EventStoreDbEventStore, type SubscriptionLogger } from '@lifeline/event-store/eventstoredb';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { IdempotencyStore } from '@lifeline/idempotency/port';
import { EventStoreIdempotencyStore } from '@lifeline/idempotency/event-store';
import { SqliteIdempotencyStore } from '@lifeline/idempotency/sqlite';
import { MongoReadModelStore } from '@lifeline/read-store/mongodb';
import type { ReadModelStore } from '@lifeline/read-store/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import type { CustomerKeyStore } from '@lifeline/customer-keys/port';
import { MongoCustomerKeyStore } from '@lifeline/customer-keys/mongodb';
import { SqliteCustomerKeyStore } from '@lifeline/customer-keys/sqlite';
import { EncryptingEventStore } from '@lifeline/personal-data/encryption';

export const EVENTS_DB_FILE = 'events.db';
export const READ_DB_FILE = 'read.db';
export const PERSONAL_KEYS_DB_FILE = 'personal-keys.db';

/** The adapters the configuration chose, opened once per process. */
export interface LifelineStores {
  /** Encrypts personal fields on append, decrypts on read (docs/security.md#erasure). */
  readonly eventStore: EncryptingEventStore;
  readonly readStore: ReadModelStore;
  readonly idempotencyStore: IdempotencyStore;
  /** Closes every store (idempotency before events: it may share the event store's file). */
  close(): Promise<void>;
}

/** A configured server could not be reached at start-up: the operator's to fix, one line. */
export class StoreUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnreachableError';
  }
}

async function reachable<T>(what: string, probe: () => Promise<T>): Promise<T> {
  try {
    return await probe();
  } catch (error) {
    throw new StoreUnreachableError(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** A connection string fit for an error line: any user:password replaced. */
const withoutCredentials = (url: string) => url.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1***@');

export interface OpenStoresOptions {
  /** Where the EventStoreDB adapter reports dropped subscriptions it resubscribes (default: JSON lines on stderr). */
  readonly logger?: SubscriptionLogger;
}

async function openEventStore(config: LifelineConfig, options: OpenStoresOptions): Promise<EventStore> {
  if (config.eventStore === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    return SqliteEventStore.open(join(config.dataDir, EVENTS_DB_FILE));
  }
  const store = EventStoreDbEventStore.connect(config.eventStoreUrl!, options.logger ? { logger: options.logger } : {});
  try {
    await reachable(`cannot reach EventStoreDB at ${withoutCredentials(config.eventStoreUrl!)}`, () => store.headPosition());
  } catch (error) {
    await store.close().catch(() => undefined); // its client would otherwise keep the process alive
    throw error;
  }
  return store;
}

async function openReadStore(config: LifelineConfig): Promise<ReadModelStore> {
  if (config.readStore === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    return SqliteReadModelStore.open(join(config.dataDir, READ_DB_FILE));
  }
  // connect() names the server (without its password) and the cause; it fails within ~5 s.
  return reachable('cannot use MongoDB for read models', () => MongoReadModelStore.connect(config.mongoUrl!));
}

/** The database named in the connection string's path, else `lifeline` (as the read store picks it). */
const mongoDatabaseOf = (url: string) => {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]!) : 'lifeline';
};

/**
 * Customer data keys live where the read models do, never in the event store: their own
 * SQLite file in the data folder (embedded), a collection of the read store's database (production).
 */
export async function openCustomerKeyStore(config: LifelineConfig): Promise<CustomerKeyStore> {
  if (config.readStore === 'mongodb') {
    return reachable('cannot use MongoDB for customer keys', () => MongoCustomerKeyStore.connect(config.mongoUrl!, mongoDatabaseOf(config.mongoUrl!)));
  }
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteCustomerKeyStore.open(join(config.dataDir, PERSONAL_KEYS_DB_FILE));
}

/**
 * The event store as every process must use it: personal fields encrypted on append and
 * decrypted on read, under the configured key store (which closing the store closes).
 */
export async function withPersonalDataEncryption(config: LifelineConfig, inner: EventStore): Promise<EncryptingEventStore> {
  try {
    return EncryptingEventStore.wrap(inner, await openCustomerKeyStore(config), { ownsKeyStore: true });
  } catch (error) {
    await inner.close().catch(() => undefined);
    throw error;
  }
}

function openIdempotencyStore(eventStore: EventStore): IdempotencyStore {
  if (eventStore instanceof SqliteEventStore) {
    // Same file as the events: one backup holds both, and a restart keeps the remembered answers.
    return new SqliteIdempotencyStore(eventStore.database);
  }
  // EventStoreDB: the answers live in streams of their own next to the events, so a
  // deployment has no second database to run and back up for them.
  return new EventStoreIdempotencyStore(eventStore);
}

/** Opens the event store, read store and idempotency store the configuration names. */
export async function openStores(config: LifelineConfig, options: OpenStoresOptions = {}): Promise<LifelineStores> {
  const storedEvents = await openEventStore(config, options);
  let readStore: ReadModelStore | undefined;
  let keyStore: CustomerKeyStore | undefined;
  try {
    readStore = await openReadStore(config);
    keyStore = await openCustomerKeyStore(config);
    // Idempotency answers hold no personal values (command answers and rule problems): the plain store.
    const idempotencyStore = openIdempotencyStore(storedEvents);
    const eventStore = EncryptingEventStore.wrap(storedEvents, keyStore);
    let closing: Promise<void> | undefined;
    const opened = readStore;
    const keys = keyStore;
    return {
      eventStore,
      readStore: opened,
      idempotencyStore,
      close: () =>
        (closing ??= (async () => {
          await idempotencyStore.close();
          await opened.close();
          await eventStore.close();
          await keys.close();
        })()),
    };
  } catch (error) {
    await keyStore?.close().catch(() => undefined);
    await readStore?.close().catch(() => undefined);
    await storedEvents.close().catch(() => undefined);
    throw error;
  }
}
