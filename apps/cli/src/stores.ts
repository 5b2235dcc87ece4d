import { openStores, withPersonalDataEncryption, type LifelineStores } from '@lifeline/composition';
import { pinStoreCurrency, StoreCurrencyMismatchError } from '@lifeline/customers/application';
import { loadConfig, type LifelineConfig } from '@lifeline/config';
import type { EventStore } from '@lifeline/event-store/port';
import { EventStoreDbEventStore } from '@lifeline/event-store/eventstoredb';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from './cli-context';

export const EVENTS_FILE = 'events.db';

/** The CLI's configuration: the environment's, with the data directory from --data-dir if given. */
export function cliConfig(env: Readonly<Record<string, string | undefined>>, dataDir: string | undefined): LifelineConfig {
  const config = loadConfig(env);
  return dataDir === undefined ? config : { ...config, dataDir };
}

/**
 * Opens the configured event store, with personal fields encrypted and decrypted as in the API
 * (docs/security.md#erasure). `create: false` is for readers (export, status): they
 * must not leave an empty database behind when pointed at the wrong directory.
 */
export async function openEventStore(config: LifelineConfig, options: { create: boolean }): Promise<EventStore> {
  return withPersonalDataEncryption(config, openStoredEvents(config, options));
}

function openStoredEvents(config: LifelineConfig, { create }: { create: boolean }): EventStore {
  if (config.eventStore === 'eventstoredb') return EventStoreDbEventStore.connect(config.eventStoreUrl!);
  const dir = resolve(config.dataDir);
  const file = join(dir, EVENTS_FILE);
  if (!existsSync(file)) {
    if (!create) throw new CliError(`no event store at ${file} (check --data-dir or LIFELINE_DATA_DIR)`);
    mkdirSync(dir, { recursive: true });
  }
  return SqliteEventStore.open(file);
}

/**
 * Opens the event store to write customer history into (import, seed): the store's currency
 * is recorded on first use and must be LIFELINE_CURRENCY afterwards (one line otherwise).
 */
export async function openEventStoreForWriting(config: LifelineConfig): Promise<EventStore> {
  const store = await openEventStore(config, { create: true });
  try {
    await pinStoreCurrency(store, config.currency);
    return store;
  } catch (error) {
    await store.close();
    if (error instanceof StoreCurrencyMismatchError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/**
 * Opens every configured store (event store, read store) for commands that work on read
 * models. The data directory must already hold an event store: a typo in --data-dir gets a
 * one-line hint instead of a fresh, empty database. Another process (the API and its
 * projector) may use the same SQLite files at the same time; WAL mode allows it.
 */
export async function openCliStores(config: LifelineConfig): Promise<LifelineStores> {
  if (config.eventStore === 'sqlite') {
    const file = join(resolve(config.dataDir), EVENTS_FILE);
    if (!existsSync(file)) throw new CliError(`no event store at ${file} (check --data-dir or LIFELINE_DATA_DIR)`);
  }
  return openStores(config);
}
