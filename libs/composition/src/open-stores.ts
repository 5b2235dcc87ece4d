import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LifelineConfig } from '@lifeline/config';
import type { EventStore } from '@lifeline/event-store/port';
import { EventStoreDbEventStore } from '@lifeline/event-store/eventstoredb';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { IdempotencyStore } from '@lifeline/idempotency/port';
import { SqliteIdempotencyStore } from '@lifeline/idempotency/sqlite';
import type { ReadModelStore } from '@lifeline/read-store/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';

export const EVENTS_DB_FILE = 'events.db';
export const READ_DB_FILE = 'read.db';

/** The adapters the configuration chose, opened once per process. */
export interface LifelineStores {
  readonly eventStore: EventStore;
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

async function openEventStore(config: LifelineConfig): Promise<EventStore> {
  if (config.eventStore === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    return SqliteEventStore.open(join(config.dataDir, EVENTS_DB_FILE));
  }
  const store = EventStoreDbEventStore.connect(config.eventStoreUrl!);
  await reachable(`cannot reach EventStoreDB at ${config.eventStoreUrl}`, () => store.headPosition());
  return store;
}

async function openReadStore(config: LifelineConfig): Promise<ReadModelStore> {
  if (config.readStore === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    return SqliteReadModelStore.open(join(config.dataDir, READ_DB_FILE));
  }
  throw new StoreUnreachableError('LIFELINE_READ_STORE=mongodb is not available in this build yet');
}

function openIdempotencyStore(config: LifelineConfig, eventStore: EventStore): IdempotencyStore {
  if (eventStore instanceof SqliteEventStore) {
    // Same file as the events: one backup holds both, and a restart keeps the remembered answers.
    return new SqliteIdempotencyStore(eventStore.database);
  }
  throw new StoreUnreachableError(`LIFELINE_EVENT_STORE=${config.eventStore}: no idempotency store for it in this build yet`);
}

/** Opens the event store, read store and idempotency store the configuration names. */
export async function openStores(config: LifelineConfig): Promise<LifelineStores> {
  const eventStore = await openEventStore(config);
  let readStore: ReadModelStore | undefined;
  try {
    readStore = await openReadStore(config);
    const idempotencyStore = openIdempotencyStore(config, eventStore);
    let closing: Promise<void> | undefined;
    const opened = readStore;
    return {
      eventStore,
      readStore: opened,
      idempotencyStore,
      close: () =>
        (closing ??= (async () => {
          await idempotencyStore.close();
          await opened.close();
          await eventStore.close();
        })()),
    };
  } catch (error) {
    await readStore?.close().catch(() => undefined);
    await eventStore.close().catch(() => undefined);
    throw error;
  }
}
