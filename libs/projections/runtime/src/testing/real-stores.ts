import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerStreamId, type CustomerEvent } from '@lifeline/customers/domain';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';

export const acquired = (customerId: string): CustomerEvent => ({
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2025-01-01T00:00:00.000Z',
  data: { customerId, name: customerId, acquisitionChannel: 'web', keyAccount: false },
});

export const contacted = (customerId: string, topic = 'hello'): CustomerEvent => ({
  type: 'CustomerContacted',
  schemaVersion: 1,
  occurredAt: '2025-01-02T00:00:00.000Z',
  data: { customerId, contactId: randomUUID(), channel: 'email', direction: 'inbound', topic },
});

/**
 * Runtime tests run on the real SQLite stores in a temporary folder: what the projector and a
 * rebuild meet in production, including reopening the files after a crash.
 */
export class RealStores {
  readonly dir: string;
  eventStore: SqliteEventStore;
  readStore: SqliteReadModelStore;
  private readonly revisions = new Map<string, number>();

  constructor(
    prefix: string,
    private readonly options: { pollIntervalMs?: number } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.eventStore = SqliteEventStore.open(join(this.dir, 'events.db'), options);
    this.readStore = SqliteReadModelStore.open(join(this.dir, 'read.db'));
  }

  /** Opens both files again, as a restart after a crash does (the old handles must be closed). */
  reopen(): void {
    this.eventStore = SqliteEventStore.open(join(this.dir, 'events.db'), this.options);
    this.readStore = SqliteReadModelStore.open(join(this.dir, 'read.db'));
  }

  /** Appends one event with the right expected revision; returns its global position. */
  async append(event: CustomerEvent): Promise<number> {
    const streamId = customerStreamId(event.data.customerId);
    const expected = this.revisions.get(streamId);
    const result = await this.eventStore.appendToStream(
      streamId,
      [{ eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, data: { ...event.data }, metadata: {} }],
      { expectedRevision: expected ?? 'no_stream' },
    );
    this.revisions.set(streamId, result.nextExpectedRevision);
    return result.position;
  }

  /** An idempotency record: an event of a stream that is no customer's, which projections must pass over. */
  async appendOtherStream(streamId: string): Promise<void> {
    await this.eventStore.appendToStream(
      streamId,
      [{ eventId: randomUUID(), type: 'IdempotencyRecorded', schemaVersion: 1, occurredAt: '2025-01-03T00:00:00.000Z', data: { status: 201 }, metadata: {} }],
      { expectedRevision: 'no_stream' },
    );
  }

  /** The customer's acquisition the first time, a contact about `topic` after that. */
  appendFor(customerId: string, topic?: string): Promise<number> {
    return this.append(this.revisions.has(customerStreamId(customerId)) ? contacted(customerId, topic) : acquired(customerId));
  }

  async close(): Promise<void> {
    await this.eventStore.close();
    await this.readStore.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
