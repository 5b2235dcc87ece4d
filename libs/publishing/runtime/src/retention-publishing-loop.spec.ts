import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import type { DocumentChange } from '@lifeline/publishing/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { RETENTION_PUBLISHER_CHECKPOINT, RetentionPublishingLoop } from './retention-publishing-loop';

// Profiles are written straight into a real SQLite read store; only the publisher (our port) is recorded.

type Status = { status: 'active' | 'churned'; at: string };
const profile = (customerId: string, acquiredAt: string, ...changes: Status[]) => ({
  _id: customerId,
  customerId,
  acquiredAt,
  statusHistory: [{ status: 'active', at: acquiredAt }, ...changes],
});

const MINUTE = 60_000;

describe('RetentionPublishingLoop', () => {
  let dir: string;
  let reads: SqliteReadModelStore;
  let sent: DocumentChange[][];
  let publisher: { publishDocumentChanges: jest.Mock<Promise<void>, [readonly DocumentChange[]]> };
  let now: number;
  const clock = () => now;
  const keysSent = () => sent.flat().map((c) => c.documentId);

  async function writeProfiles(checkpoint: number, ...profiles: ReturnType<typeof profile>[]): Promise<void> {
    await reads.ensureCollection(CUSTOMER_PROFILES, []);
    await reads.commitBatch(CUSTOMER_PROFILES, { checkpoint, upserts: profiles, deletes: [] });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-retention-publish-'));
    reads = SqliteReadModelStore.open(join(dir, 'read.db'));
    sent = [];
    publisher = { publishDocumentChanges: jest.fn(async (changes: readonly DocumentChange[]) => void sent.push([...changes])) };
    now = Date.parse('2025-03-10T12:00:00.000Z'); // a Monday
    await writeProfiles(
      17,
      profile('c-1', '2025-01-05T10:00:00.000Z'), // ISO week 2025-W01
      profile('c-2', '2025-01-20T10:00:00.000Z', { status: 'churned', at: '2025-02-03T09:00:00.000Z' }), // 2025-W04
      profile('c-3', '2025-02-15T10:00:00.000Z'), // 2025-W07
    );
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every monthly and weekly cohort row keyed <granularity>:<cohort> at the profiles position, then saves its checkpoint', async () => {
    const loop = await RetentionPublishingLoop.open(reads, publisher, { now: clock });
    await expect(loop.publishIfDue()).resolves.toEqual({ sent: 5, unchanged: 0, tombstones: 0 });
    expect(keysSent()).toEqual(['month:2025-01', 'month:2025-02', 'week:2025-W01', 'week:2025-W04', 'week:2025-W07']);
    const byKey = new Map(sent.flat().map((c) => [c.documentId, c]));
    expect(byKey.get('month:2025-01')).toEqual({
      projection: 'retention',
      documentId: 'month:2025-01',
      document: { granularity: 'month', cohort: '2025-01', size: 2, retention: [1, 0.5] }, // c-2 churned in February
      position: 17,
    });
    expect(byKey.get('month:2025-02')!.document).toEqual({ granularity: 'month', cohort: '2025-02', size: 1, retention: [1] }); // March has not ended
    expect(byKey.get('week:2025-W04')!.document).toMatchObject({ size: 1, retention: [1, 1, 0, 0, 0, 0, 0] });
    expect((await reads.getCheckpoint(RETENTION_PUBLISHER_CHECKPOINT)).position).toBe(17);
  });

  it('recomputes after new events only once the minimum interval has passed, and sends only the rows that changed', async () => {
    const loop = await RetentionPublishingLoop.open(reads, publisher, { now: clock, minIntervalMs: 5 * MINUTE });
    await loop.publishIfDue();
    sent = [];
    now += MINUTE;
    await expect(loop.publishIfDue()).resolves.toEqual({ notDue: true });

    await writeProfiles(18, profile('c-3', '2025-02-15T10:00:00.000Z', { status: 'churned', at: '2025-03-05T08:00:00.000Z' }));
    await expect(loop.publishIfDue()).resolves.toEqual({ notDue: true });
    expect(publisher.publishDocumentChanges).toHaveBeenCalledTimes(1);

    now += 4 * MINUTE;
    // The churn falls in the week that ended on March 10 (the March month has not ended): one row changes.
    await expect(loop.publishIfDue()).resolves.toEqual({ sent: 1, unchanged: 4, tombstones: 0 });
    expect(sent).toEqual([[expect.objectContaining({ documentId: 'week:2025-W07', position: 18, document: expect.objectContaining({ retention: [1, 1, 1, 0] }) })]]);
  });

  it('recomputes without events when a period has ended, and at least once per maximum interval', async () => {
    const loop = await RetentionPublishingLoop.open(reads, publisher, { now: clock, maxIntervalMs: 24 * 60 * MINUTE });
    await loop.publishIfDue();
    sent = [];
    now = Date.parse('2025-03-16T23:59:00.000Z');
    await expect(loop.publishIfDue()).resolves.toEqual({ sent: 0, unchanged: 5, tombstones: 0 }); // a day passed; nothing changed
    await expect(loop.publishIfDue()).resolves.toEqual({ notDue: true });

    now = Date.parse('2025-03-17T00:00:01.000Z'); // the week of March 10 has ended
    await expect(loop.publishIfDue()).resolves.toEqual({ sent: 3, unchanged: 2, tombstones: 0 });
    expect(keysSent()).toEqual(['week:2025-W01', 'week:2025-W04', 'week:2025-W07']);
  });

  it('keeps nothing as sent when the broker refuses, so the next round sends the same rows again', async () => {
    const loop = await RetentionPublishingLoop.open(reads, publisher, { now: clock, pageSize: 2 });
    publisher.publishDocumentChanges.mockImplementationOnce(async (changes) => void sent.push([...changes]));
    publisher.publishDocumentChanges.mockRejectedValueOnce(new Error('not enough in-sync replicas'));
    await expect(loop.publishIfDue()).rejects.toThrow('not enough in-sync replicas');
    expect((await reads.getCheckpoint(RETENTION_PUBLISHER_CHECKPOINT)).position).toBe(0);

    sent = [];
    await expect(loop.publishIfDue()).resolves.toEqual({ sent: 5, unchanged: 0, tombstones: 0 });
    expect(sent.map((page) => page.length)).toEqual([2, 2, 1]);
  });

  it('sends every row once more after a restart (the hashes live in memory)', async () => {
    await (await RetentionPublishingLoop.open(reads, publisher, { now: clock })).publishIfDue();
    sent = [];
    await expect((await RetentionPublishingLoop.open(reads, publisher, { now: clock })).publishIfDue()).resolves.toMatchObject({ sent: 5 });
  });

  it('tombstones a cohort whose customers are gone', async () => {
    const loop = await RetentionPublishingLoop.open(reads, publisher, { now: clock, minIntervalMs: 0 });
    await loop.publishIfDue();
    await reads.commitBatch(CUSTOMER_PROFILES, { checkpoint: 19, upserts: [], deletes: ['c-3'] });
    sent = [];
    await expect(loop.publishIfDue()).resolves.toEqual({ sent: 0, unchanged: 3, tombstones: 2 });
    expect(sent.flat().map((c) => [c.documentId, c.document])).toEqual([
      ['month:2025-02', null],
      ['week:2025-W07', null],
    ]);
  });

  it('answers an empty table before the projector has created the profiles', async () => {
    const empty = SqliteReadModelStore.open(join(dir, 'empty.db'));
    try {
      const loop = await RetentionPublishingLoop.open(empty, publisher, { now: clock });
      await expect(loop.publishIfDue()).resolves.toEqual({ sent: 0, unchanged: 0, tombstones: 0 });
      expect(publisher.publishDocumentChanges).not.toHaveBeenCalled();
    } finally {
      await empty.close();
    }
  });

  it('run() reports a failure, retries, and returns promptly once stopped', async () => {
    const errors: unknown[] = [];
    publisher.publishDocumentChanges.mockRejectedValueOnce(new Error('broker down'));
    const loop = await RetentionPublishingLoop.open(reads, publisher, { now: clock, pollIntervalMs: 60_000, retryDelayMs: 5, onError: (e) => errors.push(e) });
    const stop = new AbortController();
    const running = loop.run(stop.signal);
    await waitFor(async () => (await reads.getCheckpoint(RETENTION_PUBLISHER_CHECKPOINT)).position === 17);
    stop.abort();
    await running; // would hang for the 60 s poll interval if the pause ignored the signal
    expect(errors.map(String)).toEqual(['Error: broker down']);
    expect(keysSent()).toHaveLength(5);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
