import { loadConfig } from '@lifeline/config';
import { ServerBusyError } from '../http/server-busy';
import { FeedCapacity } from './feed-capacity';

const capacity = (env: Record<string, string>) => new FeedCapacity(loadConfig(env));
const nextLoopIteration = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('FeedCapacity', () => {
  it('refuses a stream past LIFELINE_FEED_MAX_STREAMS with a 503 server-busy and counts a closed one out once', () => {
    const feed = capacity({ LIFELINE_FEED_MAX_STREAMS: '2' });
    const first = feed.openStream();
    feed.openStream();
    expect(() => feed.openStream()).toThrow(ServerBusyError);
    first();
    first(); // released twice: counted once
    expect(feed.stats().openStreams).toBe(1);
    expect(() => feed.openStream()).not.toThrow();
    expect(() => feed.openStream()).toThrow(ServerBusyError);
  });

  it('lets LIFELINE_FEED_MAX_REPLAYS streams replay at once; the next ones wait in order, and one that leaves while waiting takes no slot', async () => {
    const feed = capacity({ LIFELINE_FEED_MAX_REPLAYS: '1' });
    const first = await feed.replaySlot(new AbortController().signal);
    const admitted: string[] = [];
    const leaving = new AbortController();
    const second = feed.replaySlot(leaving.signal).then((release) => (admitted.push('second'), release));
    const third = feed.replaySlot(new AbortController().signal).then((release) => (admitted.push('third'), release));
    await nextLoopIteration();
    expect(admitted).toEqual([]);
    expect(feed.stats()).toEqual({ openStreams: 0, replaying: 1, waitingToReplay: 2 });

    leaving.abort();
    await expect(second).resolves.toBeUndefined();
    first!();
    const releaseThird = await third;
    expect(admitted).toEqual(['second', 'third']);
    expect(feed.stats()).toMatchObject({ replaying: 1, waitingToReplay: 0 });
    releaseThird!();
    expect(feed.stats()).toMatchObject({ replaying: 0 });
  });

  it('hands out one turn per loop iteration, in order, with timers and I/O served in between', async () => {
    const feed = capacity({});
    const order: string[] = [];
    // A timer due now stands for a waiting request: it must run before the third turn, not after all of them.
    const turns = [1, 2, 3, 4].map((n) => feed.turn().then(() => order.push(`turn ${n}`)));
    setTimeout(() => order.push('timer'), 0);
    await Promise.all(turns);
    expect(order.filter((entry) => entry.startsWith('turn'))).toEqual(['turn 1', 'turn 2', 'turn 3', 'turn 4']);
    expect(order.indexOf('timer')).toBeLessThan(order.length - 1);
  });
});
