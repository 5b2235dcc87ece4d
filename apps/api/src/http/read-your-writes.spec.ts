import type { LifelineRuntime } from '@lifeline/composition';
import { UnknownCollectionError, type Checkpoint } from '@lifeline/read-store/port';
import { ReadModelBehindError } from './read-side-problems';
import { ReadModelFreshness } from './read-your-writes';

/** A runtime whose read store answers the given (mutable) checkpoints; the projector only waits. */
function runtimeWith(checkpoints: Map<string, number>, options: { projectorRunning: boolean; waitForPosition?: jest.Mock; head?: number }) {
  const getCheckpoint = jest.fn(async (collection: string): Promise<Checkpoint> => {
    const position = checkpoints.get(collection);
    if (position === undefined) throw new UnknownCollectionError(collection);
    return { collection, version: 1, live: true, position, updatedAt: new Date().toISOString() };
  });
  const waitForPosition = options.waitForPosition ?? jest.fn(async () => false);
  const eventStore = { headPosition: async () => options.head ?? 1_000 };
  const runtime = { projectorRunning: options.projectorRunning, eventStore, readStore: { getCheckpoint }, projector: { waitForPosition } } as unknown as LifelineRuntime;
  return { runtime, waitForPosition };
}

describe('ReadModelFreshness', () => {
  it('refuses at once, without waiting, a position beyond the head of the log', async () => {
    const { runtime, waitForPosition } = runtimeWith(new Map([['profiles', 10]]), { projectorRunning: true, head: 10 });
    await expect(new ReadModelFreshness(runtime).awaitPosition(11, ['profiles'], 60_000)).rejects.toMatchObject({
      errors: [{ field: 'minPosition', message: 'minPosition 11 is beyond the head of the log (10); pass the position a command answered' }],
    });
    expect(waitForPosition).not.toHaveBeenCalled();
  });

  it('does not wait when no position is asked for or the read models are already there', async () => {
    const { runtime, waitForPosition } = runtimeWith(new Map([['profiles', 10]]), { projectorRunning: true });
    const freshness = new ReadModelFreshness(runtime);
    await freshness.awaitPosition(undefined, ['profiles'], 1_000);
    await freshness.awaitPosition(10, ['profiles'], 1_000);
    expect(waitForPosition).not.toHaveBeenCalled();
  });

  it('keeps polling its own read models when the projector gives up early because another one failed', async () => {
    const checkpoints = new Map([['profiles', 5]]);
    const { runtime, waitForPosition } = runtimeWith(checkpoints, { projectorRunning: true });
    setTimeout(() => checkpoints.set('profiles', 7), 40);
    await new ReadModelFreshness(runtime).awaitPosition(7, ['profiles'], 1_000);
    expect(waitForPosition).toHaveBeenCalledWith(7, 1_000);
  });

  it('polls the stored checkpoints when the projector runs in another process', async () => {
    const checkpoints = new Map([['profiles', 5], ['timelines', 9]]);
    const { runtime, waitForPosition } = runtimeWith(checkpoints, { projectorRunning: false });
    setTimeout(() => checkpoints.set('profiles', 9), 40);
    await new ReadModelFreshness(runtime).awaitPosition(9, ['profiles', 'timelines'], 1_000);
    expect(waitForPosition).not.toHaveBeenCalled();
  });

  it('gives up after the bound with the lowest checkpoint, counting a collection not created yet as 0', async () => {
    const { runtime } = runtimeWith(new Map([['profiles', 5]]), { projectorRunning: false });
    const started = Date.now();
    const waiting = new ReadModelFreshness(runtime).awaitPosition(6, ['profiles'], 60);
    await expect(waiting).rejects.toThrow(ReadModelBehindError);
    await expect(waiting).rejects.toMatchObject({ minPosition: 6, checkpoint: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    await expect(new ReadModelFreshness(runtime).awaitPosition(1, ['profiles', 'not-yet'], 30)).rejects.toMatchObject({ checkpoint: 0 });
  });
});
