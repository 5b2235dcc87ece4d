import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentChange } from '@lifeline/publishing/port';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
// The API's own writer, so the test follows the collections and the swap order the loop relies on.
import type { ClvModel } from '../../../../apps/api/src/analytics/clv/clv-model';
import { ClvStore, type CustomerClvDocument } from '../../../../apps/api/src/analytics/clv/clv-store';
import { CLV_PUBLISHER_CHECKPOINT, ClvPublishingLoop } from './clv-publishing-loop';

function model(modelId: string, fittedAt: string, basedOnPosition: number): ClvModel {
  const fit = { logLikelihood: -1, iterations: 10, converged: true, fitTimeMs: 1 };
  return {
    modelId,
    fittedAt,
    basedOnPosition,
    calibrationEnd: '2025-01-31',
    timeUnit: 'week',
    horizon: 52,
    discountRatePerUnit: 0.001,
    annualDiscountRate: null,
    currency: 'EUR',
    customers: 3,
    repeatCustomers: 2,
    zeroedByRecordedChurn: 0,
    bgNbd: { r: 0.2, alpha: 4, a: 0.8, b: 2.4, ...fit },
    gammaGamma: { p: 6, q: 4, gamma: 15, ...fit },
    fitTimeMs: 2,
  };
}

function score(customerId: string, modelId: string, clvMinor: number): CustomerClvDocument {
  return {
    customerId,
    modelId,
    frequency: 2,
    recency: 10,
    age: 20,
    probabilityAlive: 0.9,
    expectedPurchases: 1.5,
    expectedSpendPerPurchaseMinor: 2000,
    recordedChurnAt: null,
    clvMinor,
    segment: null,
    currency: 'EUR',
  };
}

describe('ClvPublishingLoop', () => {
  let dir: string;
  let reads: SqliteReadModelStore;
  let clv: ClvStore;
  let sent: DocumentChange[][];
  let publisher: { publishDocumentChanges: jest.Mock<Promise<void>, [readonly DocumentChange[]]> };
  const keysSent = () => sent.flat().map((c) => [c.documentId, c.document === null ? null : c.document['clvMinor']]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-clv-publish-'));
    reads = SqliteReadModelStore.open(join(dir, 'read.db'));
    clv = new ClvStore(reads);
    sent = [];
    publisher = { publishDocumentChanges: jest.fn(async (changes: readonly DocumentChange[]) => void sent.push([...changes])) };
  });
  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends nothing until a model has been fitted', async () => {
    const loop = await ClvPublishingLoop.open(reads, publisher);
    await expect(loop.publishLatestModel()).resolves.toEqual({ noModel: true });
    expect(publisher.publishDocumentChanges).not.toHaveBeenCalled();
  });

  it('sends every score of a new model keyed by customer id in pages, then remembers the model; the same model again sends nothing', async () => {
    await clv.save(model('m-1', '2025-02-01T00:00:00.000Z', 40), ['c-1', 'c-2', 'c-3'].map((id, i) => score(id, 'm-1', 100 * (i + 1))));
    const loop = await ClvPublishingLoop.open(reads, publisher, { pageSize: 2 });

    await expect(loop.publishLatestModel()).resolves.toEqual({ published: 'm-1', scores: 3, tombstones: 0 });
    expect(sent.map((page) => page.length)).toEqual([2, 1]);
    expect(keysSent()).toEqual([
      ['c-1', 100],
      ['c-2', 200],
      ['c-3', 300],
    ]);
    expect(sent[0]![0]).toEqual({ projection: 'customer-clv', documentId: 'c-1', document: score('c-1', 'm-1', 100), position: 40 });
    expect(await loop.publishedModelId()).toBe('m-1');
    expect((await reads.getCheckpoint(CLV_PUBLISHER_CHECKPOINT)).position).toBe(40);

    await expect(loop.publishLatestModel()).resolves.toEqual({ upToDate: true });
    expect(publisher.publishDocumentChanges).toHaveBeenCalledTimes(2);
  });

  it('keeps the old model as published when the broker refuses a page, and sends the whole model again next round', async () => {
    await clv.save(model('m-1', '2025-02-01T00:00:00.000Z', 40), ['c-1', 'c-2', 'c-3'].map((id) => score(id, 'm-1', 1)));
    const loop = await ClvPublishingLoop.open(reads, publisher, { pageSize: 2 });
    publisher.publishDocumentChanges.mockImplementationOnce(async (changes) => void sent.push([...changes]));
    publisher.publishDocumentChanges.mockRejectedValueOnce(new Error('not enough in-sync replicas'));

    await expect(loop.publishLatestModel()).rejects.toThrow('not enough in-sync replicas');
    expect(await loop.publishedModelId()).toBeUndefined();
    expect((await reads.getCheckpoint(CLV_PUBLISHER_CHECKPOINT)).position).toBe(0);

    sent = [];
    await expect(loop.publishLatestModel()).resolves.toMatchObject({ published: 'm-1', scores: 3 });
    expect(sent.flat().map((c) => c.documentId)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(await loop.publishedModelId()).toBe('m-1');
  });

  it('tombstones the customers the previous model scored and the new one does not, also across a restart', async () => {
    await clv.save(model('m-1', '2025-02-01T00:00:00.000Z', 40), ['c-1', 'c-2', 'c-3'].map((id) => score(id, 'm-1', 1)));
    await (await ClvPublishingLoop.open(reads, publisher)).publishLatestModel();
    await clv.save(model('m-2', '2025-03-01T00:00:00.000Z', 55), ['c-2', 'c-4'].map((id) => score(id, 'm-2', 7)));

    sent = [];
    const restarted = await ClvPublishingLoop.open(reads, publisher);
    await expect(restarted.publishLatestModel()).resolves.toEqual({ published: 'm-2', scores: 2, tombstones: 2 });
    expect(keysSent()).toEqual([
      ['c-2', 7],
      ['c-4', 7],
      ['c-1', null],
      ['c-3', null],
    ]);
    expect(sent.flat().every((c) => c.position === 55)).toBe(true);

    // The tombstoned customers are forgotten: a third model does not tombstone them again.
    await clv.save(model('m-3', '2025-04-01T00:00:00.000Z', 60), ['c-4'].map((id) => score(id, 'm-3', 9)));
    sent = [];
    await expect(restarted.publishLatestModel()).resolves.toEqual({ published: 'm-3', scores: 1, tombstones: 1 });
    expect(keysSent()).toEqual([
      ['c-4', 9],
      ['c-2', null],
    ]);
  });

  it('never lowers the position it sends, so a re-fit on an older snapshot still wins with consumers', async () => {
    await clv.save(model('m-1', '2025-02-01T00:00:00.000Z', 40), [score('c-1', 'm-1', 1)]);
    const loop = await ClvPublishingLoop.open(reads, publisher);
    await loop.publishLatestModel();
    await clv.save(model('m-2', '2025-02-02T00:00:00.000Z', 30), [score('c-1', 'm-2', 2)]);
    sent = [];
    await loop.publishLatestModel();
    expect(sent.flat()).toEqual([expect.objectContaining({ documentId: 'c-1', position: 40 })]);
  });

  it('gives up a round whose scores were replaced by a newer fit, and publishes that fit next', async () => {
    await clv.save(model('m-1', '2025-02-01T00:00:00.000Z', 40), [score('c-1', 'm-1', 1), score('c-2', 'm-1', 1)]);
    const loop = await ClvPublishingLoop.open(reads, publisher, { pageSize: 1 });
    // The newer fit lands while the first page is with the broker.
    publisher.publishDocumentChanges.mockImplementationOnce(async (changes) => {
      sent.push([...changes]);
      await clv.save(model('m-2', '2025-03-01T00:00:00.000Z', 50), [score('c-2', 'm-2', 5)]);
    });
    await expect(loop.publishLatestModel()).resolves.toEqual({ superseded: true });
    expect(await loop.publishedModelId()).toBeUndefined();

    sent = [];
    await expect(loop.publishLatestModel()).resolves.toEqual({ published: 'm-2', scores: 1, tombstones: 1 });
    // c-1 went out with m-1's score before the round was given up; m-2 does not score it, so it is tombstoned.
    expect(keysSent()).toEqual([
      ['c-2', 5],
      ['c-1', null],
    ]);
  });

  it('run() retries after a refused send with the configured delay and returns promptly once stopped', async () => {
    await clv.save(model('m-1', '2025-02-01T00:00:00.000Z', 40), [score('c-1', 'm-1', 1)]);
    const errors: unknown[] = [];
    publisher.publishDocumentChanges.mockRejectedValueOnce(new Error('broker down'));
    const loop = await ClvPublishingLoop.open(reads, publisher, { pollIntervalMs: 60_000, retryDelayMs: 5, onError: (e) => errors.push(e) });
    const stop = new AbortController();
    const running = loop.run(stop.signal);
    await waitFor(async () => (await loop.publishedModelId()) === 'm-1');
    stop.abort();
    await running; // would hang for the 60 s poll interval if the pause ignored the signal
    expect(errors.map(String)).toEqual(['Error: broker down']);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
