import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { customerProfileProjection } from '@lifeline/projections/profile';
import { Projector, type DocumentProjection } from '@lifeline/projections/runtime';
import type { DocumentChange } from '@lifeline/publishing/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { DocumentPublishingLoop } from './document-publishing-loop';
import { DOCUMENT_PUBLISHER_CHECKPOINT, ReadStoreCheckpoint } from './read-store-checkpoint';

// Real SQLite stores and the real projector; only the publisher (our own port) is recorded.

/** Names until the customer churns; churn deletes the document. */
const names: DocumentProjection<{ name: string }> = {
  name: 'names',
  version: 1,
  indexes: [],
  keysOf: (event) => (event.type === 'CustomerAcquired' || event.type === 'CustomerChurned' ? [event.data.customerId] : []),
  evolve: (doc, event) => (event.type === 'CustomerAcquired' ? { name: event.data.name } : event.type === 'CustomerChurned' ? undefined : doc),
};

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('DocumentPublishingLoop', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadModelStore;
  const sent: DocumentChange[][] = [];
  const publisher = { publishDocumentChanges: jest.fn(async (changes: readonly DocumentChange[]) => void sent.push([...changes])) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-doc-publish-'));
    events = SqliteEventStore.open(join(dir, 'events.db'));
    reads = SqliteReadModelStore.open(join(dir, 'read.db'));
    sent.length = 0;
    publisher.publishDocumentChanges.mockClear();
  });
  afterEach(async () => {
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(customerId: string, type: string, data: Record<string, unknown>, expectedRevision: 'no_stream' | number): Promise<number> {
    const event = { eventId: randomUUID(), type, schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId, ...data }, metadata: {} };
    return (await events.appendToStream(`customer-${customerId}`, [event], { expectedRevision })).position;
  }
  const acquire = (id: string, name: string) => append(id, 'CustomerAcquired', { name, acquisitionChannel: 'web', keyAccount: false }, 'no_stream');

  async function project(projections: readonly DocumentProjection<object>[], position: number): Promise<void> {
    const projector = new Projector(events, reads, projections, { logger: silent, batchDelayMs: 1 });
    await projector.start();
    expect(await projector.waitForPosition(position, 5000)).toBe(true);
    await projector.stop();
  }

  it('waits until the projection has applied the events, then sends the touched documents as they now stand', async () => {
    await acquire('c-1', 'Ada');
    const last = await acquire('c-2', 'Grace');
    await reads.ensureCollection(customerProfileProjection.name, []);
    const checkpoint = await ReadStoreCheckpoint.open(reads, DOCUMENT_PUBLISHER_CHECKPOINT);
    const loop = new DocumentPublishingLoop(events, reads, [customerProfileProjection], publisher, checkpoint);

    await expect(loop.publishNextBatch()).resolves.toEqual({ waitingFor: 'customer-profiles' });
    expect(publisher.publishDocumentChanges).not.toHaveBeenCalled();
    expect(await checkpoint.load()).toBe(0);

    await project([customerProfileProjection], last);
    await expect(loop.publishNextBatch()).resolves.toEqual({ sent: 2 });
    expect(sent[0]!.map((c) => [c.projection, c.documentId, c.position])).toEqual([
      ['customer-profiles', 'c-1', last],
      ['customer-profiles', 'c-2', last],
    ]);
    expect(sent[0]![1]!.document).toMatchObject({ customerId: 'c-2', name: 'Grace' });
    expect(sent[0]![1]!.document).not.toHaveProperty('_id');
    expect(await checkpoint.load()).toBe(last);
    await expect(loop.publishNextBatch()).resolves.toEqual({ caughtUp: true });
  });

  it('sends a tombstone for a document the events deleted', async () => {
    await acquire('c-1', 'Ada');
    const churned = await append('c-1', 'CustomerChurned', { reason: 'price' }, 0);
    await project([names], churned);
    const loop = new DocumentPublishingLoop(events, reads, [names], publisher, await ReadStoreCheckpoint.open(reads, DOCUMENT_PUBLISHER_CHECKPOINT));
    await loop.publishNextBatch();
    expect(sent[0]).toEqual([{ projection: 'names', documentId: 'c-1', document: null, position: churned }]);
  });

  it('keeps its checkpoint when the broker refuses, and sends the same documents again next round', async () => {
    const last = await acquire('c-1', 'Ada');
    await project([names], last);
    const checkpoint = await ReadStoreCheckpoint.open(reads, DOCUMENT_PUBLISHER_CHECKPOINT);
    publisher.publishDocumentChanges.mockRejectedValueOnce(new Error('not enough in-sync replicas'));
    const loop = new DocumentPublishingLoop(events, reads, [names], publisher, checkpoint);
    await expect(loop.publishNextBatch()).rejects.toThrow('not enough in-sync replicas');
    expect(await checkpoint.load()).toBe(0);
    await loop.publishNextBatch();
    expect(sent).toEqual([[{ projection: 'names', documentId: 'c-1', document: { name: 'Ada' }, position: last }]]);
    expect(await checkpoint.load()).toBe(last);
  });

  it('moves past events that touch no published document without waiting for anything', async () => {
    await acquire('c-1', 'Ada');
    const contacted = await append('c-1', 'CustomerContacted', { contactId: 'k-1', channel: 'email', direction: 'inbound', topic: 'billing' }, 0);
    const checkpoint = await ReadStoreCheckpoint.open(reads, DOCUMENT_PUBLISHER_CHECKPOINT);
    await checkpoint.save(contacted - 1);
    const loop = new DocumentPublishingLoop(events, reads, [names], publisher, checkpoint);
    await expect(loop.publishNextBatch()).resolves.toEqual({ sent: 0 });
    expect(await checkpoint.load()).toBe(contacted);
  });
});

describe('ReadStoreCheckpoint', () => {
  it('starts at 0 and keeps what was saved across a reopen of the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-checkpoint-'));
    try {
      const first = SqliteReadModelStore.open(join(dir, 'read.db'));
      const checkpoint = await ReadStoreCheckpoint.open(first, 'publisher-kafka');
      expect(await checkpoint.load()).toBe(0);
      await checkpoint.save(42);
      await first.close();
      const second = SqliteReadModelStore.open(join(dir, 'read.db'));
      expect(await (await ReadStoreCheckpoint.open(second, 'publisher-kafka')).load()).toBe(42);
      expect(await second.count('publisher-kafka')).toBe(0);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
