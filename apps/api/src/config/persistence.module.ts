import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { LifelineConfig } from '@lifeline/config';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '@lifeline/idempotency/port';
import { SqliteIdempotencyStore } from '@lifeline/idempotency/sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const EVENTS_DB_FILE = 'events.db';

/** Not a port: the adapters the configuration chose, opened once. */
interface Stores {
  readonly eventStore: EventStore;
  readonly idempotencyStore: IdempotencyStore;
}
const STORES = Symbol('STORES');

function openStores(config: LifelineConfig): Stores {
  if (config.eventStore !== 'sqlite') {
    throw new Error(`LIFELINE_EVENT_STORE=${config.eventStore} is not available in this build; use sqlite`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const eventStore = SqliteEventStore.open(join(config.dataDir, EVENTS_DB_FILE));
  // Same file as the events: one backup holds both, and a restart keeps the remembered answers.
  return { eventStore, idempotencyStore: new SqliteIdempotencyStore(eventStore.database) };
}

/** The write side's stores, chosen by configuration; exported as the ports' tokens. */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores) {}

  static forRoot(config: LifelineConfig): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: STORES, useFactory: () => openStores(config) },
        { provide: EVENT_STORE, useFactory: (stores: Stores) => stores.eventStore, inject: [STORES] },
        { provide: IDEMPOTENCY_STORE, useFactory: (stores: Stores) => stores.idempotencyStore, inject: [STORES] },
      ],
      exports: [EVENT_STORE, IDEMPOTENCY_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stores.idempotencyStore.close();
    await this.stores.eventStore.close();
  }
}
