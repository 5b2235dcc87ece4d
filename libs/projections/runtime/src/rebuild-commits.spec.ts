import type { BackgroundBatchWriter, BatchCommit, ReadModelStore } from '@lifeline/read-store/port';
import { RebuildCommits } from './rebuild-commits';

/** A commit the test settles by hand: what a writer thread does while the pass folds on. */
class Pending {
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (error: Error) => void;
  constructor() {
    this.promise = new Promise<void>((resolve, reject) => Object.assign(this, { resolve, reject }));
  }
}

/** The port's writer thread, in process: each batch handed over is committed when the test says so. */
class HeldWriter implements BackgroundBatchWriter {
  readonly pending: Pending[] = [];
  readonly close = jest.fn(async () => undefined);
  commitBatch(_collection: string, _batch: BatchCommit): Promise<void> {
    const commit = new Pending();
    this.pending.push(commit);
    return commit.promise;
  }
}

const batch = (checkpoint: number): BatchCommit => ({ version: 2, expectedCheckpoint: checkpoint - 1, checkpoint, upserts: [], deletes: [] });
/** Whether a promise has settled by the time everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve)); // every promise job queued so far has run
  return done;
}
const noStore = {} as ReadModelStore;

describe('RebuildCommits through the store’s writer thread', () => {
  it('lets at most maxInFlight batches wait: the next one is taken only once the oldest is committed (the memory they hold is bounded)', async () => {
    const writer = new HeldWriter();
    const commits = new RebuildCommits(noStore, writer, 2);
    await commits.commit('applied', batch(1));
    await commits.commit('applied', batch(2)); // two in flight: still taken at once
    const third = commits.commit('applied', batch(3));
    expect(writer.pending).toHaveLength(3); // handed over (copied) at once...
    expect(await settled(third)).toBe(false); // ...but the pass waits before folding more
    writer.pending[1].resolve();
    expect(await settled(third)).toBe(false); // the oldest, not any, must be committed
    writer.pending[0].resolve();
    expect(await settled(third)).toBe(true);
  });

  it('drain waits for every batch handed over and throws the first refusal, so a pass never swaps in a version missing its last batches', async () => {
    const writer = new HeldWriter();
    const commits = new RebuildCommits(noStore, writer, 4);
    await commits.commit('applied', batch(1));
    await commits.commit('applied', batch(2));
    const drained = commits.drain();
    writer.pending[0].resolve();
    expect(await settled(drained)).toBe(false);
    writer.pending[1].reject(new Error('checkpoint expected 1, actual 999'));
    await expect(drained).rejects.toThrow('checkpoint expected 1, actual 999');
  });

  it('close lets the batches handed over finish, without throwing their refusals again, then releases the writer thread', async () => {
    const writer = new HeldWriter();
    const commits = new RebuildCommits(noStore, writer, 4);
    await commits.commit('applied', batch(1));
    await commits.commit('applied', batch(2));
    const closed = commits.close();
    writer.pending[0].reject(new Error('refused'));
    expect(await settled(closed)).toBe(false);
    expect(writer.close).not.toHaveBeenCalled();
    writer.pending[1].resolve();
    await expect(closed).resolves.toBeUndefined();
    expect(writer.close).toHaveBeenCalledTimes(1);
  });
});

describe('RebuildCommits without a writer thread', () => {
  it('commits in this thread before the pass goes on', async () => {
    const held = new Pending();
    const commitBatch = jest.fn(() => held.promise);
    const commits = new RebuildCommits({ commitBatch } as unknown as ReadModelStore, undefined, 0);
    const taken = commits.commit('applied', batch(1));
    expect(commitBatch).toHaveBeenCalledWith('applied', batch(1));
    expect(await settled(taken)).toBe(false);
    held.resolve();
    await expect((await taken).committed).resolves.toBeUndefined();
    await expect(commits.drain()).resolves.toBeUndefined();
    await expect(commits.close()).resolves.toBeUndefined();
  });
});
