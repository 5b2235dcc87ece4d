/**
 * Write-side throughput on the embedded store: commands/s through CustomerCommandService
 * (read stream → decide → append with expected revision, one event per command) against a
 * raw better-sqlite3 loop doing the same revision check and insert, on the same schema.
 * The ratio is what the service, validation and JSON cost on top of SQLite itself. The service
 * writes as the API does: personal fields encrypted under per-customer keys (key store beside it).
 */
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CustomerCommand } from '@lifeline/customers/domain';
import { SqliteCustomerKeyStore } from '@lifeline/customer-keys/sqlite';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { EncryptingEventStore } from '@lifeline/personal-data/encryption';

export interface WriteThroughputOptions {
  /** Commands to run (half acquisitions, half contacts); also the raw loop's inserts. */
  readonly commands: number;
  /** Directory for the two temporary SQLite files. */
  readonly dir: string;
}

export interface WriteThroughputReport {
  readonly commands: number;
  /** As the API writes: personal fields encrypted, a key created per new customer. */
  readonly commandsPerSecond: number;
  /** The same commands on the bare store (no encryption), in the same run: what encryption costs. */
  readonly plaintextCommandsPerSecond: number;
  readonly rawInsertsPerSecond: number;
  /** commandsPerSecond / rawInsertsPerSecond. */
  readonly ratio: number;
  /** Events found in the service's store afterwards: proves the work was done. */
  readonly eventsWritten: number;
}

const ISSUED_AT = '2025-06-01T12:00:00.000Z';

export async function benchWriteThroughput(opts: WriteThroughputOptions): Promise<WriteThroughputReport> {
  if (!Number.isInteger(opts.commands) || opts.commands < 2) throw new RangeError('commands must be an integer >= 2');
  const { commandsPerSecond, eventsWritten } = await throughService(opts.commands, join(opts.dir, `bench-service-${uuid()}.db`), true);
  const plaintext = await throughService(opts.commands, join(opts.dir, `bench-plain-${uuid()}.db`), false);
  const rawInsertsPerSecond = await rawInsertLoop(opts.commands, join(opts.dir, `bench-raw-${uuid()}.db`));
  return {
    commands: opts.commands,
    commandsPerSecond: round(commandsPerSecond),
    plaintextCommandsPerSecond: round(plaintext.commandsPerSecond),
    rawInsertsPerSecond: round(rawInsertsPerSecond),
    ratio: Math.round((commandsPerSecond / rawInsertsPerSecond) * 1000) / 1000,
    eventsWritten,
  };
}

async function throughService(commands: number, file: string, encrypted: boolean): Promise<{ commandsPerSecond: number; eventsWritten: number }> {
  const bare = SqliteEventStore.open(file);
  const store = encrypted ? EncryptingEventStore.wrap(bare, SqliteCustomerKeyStore.open(`${file}.keys`), { ownsKeyStore: true }) : bare;
  try {
    const service = new CustomerCommandService(store, { currency: 'EUR' });
    const customers = Math.ceil(commands / 2);
    const work: CustomerCommand[] = [];
    for (let i = 0; i < customers; i++) work.push(acquire(i));
    for (let i = 0; i < commands - customers; i++) work.push(contact(i % customers, i));

    const started = performance.now();
    for (const command of work) await service.execute(command);
    const seconds = (performance.now() - started) / 1000;
    return { commandsPerSecond: commands / seconds, eventsWritten: await store.headPosition() };
  } finally {
    await store.close();
  }
}

/** The floor: per insert, one IMMEDIATE transaction with the max-revision check, as the store does. */
async function rawInsertLoop(inserts: number, file: string): Promise<number> {
  const schemaOwner = SqliteEventStore.open(file); // same schema and pragmas as the real store
  const db = schemaOwner.database;
  try {
    const currentRevision = db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?');
    const insert = db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, data, metadata)
       VALUES (?, ?, ?, 'CustomerContacted', 1, ?, ?, ?, '{}')`,
    );
    const append = db.transaction((streamId: string, data: string) => {
      const revision = (currentRevision.get(streamId)?.revision ?? -1) + 1;
      insert.run(streamId, revision, uuid(), ISSUED_AT, new Date().toISOString(), data);
    });
    const streams = Math.ceil(inserts / 2);
    const started = performance.now();
    for (let i = 0; i < inserts; i++) append.immediate(`customer-raw-${i % streams}`, JSON.stringify({ customerId: `raw-${i % streams}`, n: i }));
    return inserts / ((performance.now() - started) / 1000);
  } finally {
    await schemaOwner.close();
  }
}

function acquire(i: number): CustomerCommand {
  return {
    type: 'AcquireCustomer',
    customerId: `bench-${i}`,
    issuedAt: ISSUED_AT,
    occurredAt: '2025-01-01T00:00:00.000Z',
    payload: { name: `Customer ${i}`, acquisitionChannel: 'web' },
  };
}

function contact(customer: number, i: number): CustomerCommand {
  return {
    type: 'RecordContact',
    customerId: `bench-${customer}`,
    issuedAt: ISSUED_AT,
    occurredAt: '2025-02-01T00:00:00.000Z',
    payload: { contactId: `ct-${i}`, channel: 'email', direction: 'outbound', topic: 'welcome' },
  };
}

function round(value: number): number {
  return Math.round(value);
}
