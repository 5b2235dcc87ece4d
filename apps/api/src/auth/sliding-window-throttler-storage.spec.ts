import { SlidingWindowThrottlerStorage } from './sliding-window-throttler-storage';

const MINUTE = 60_000;

describe('SlidingWindowThrottlerStorage', () => {
  let now: number;
  let storage: SlidingWindowThrottlerStorage;
  beforeEach(() => {
    now = 1_700_000_000_000;
    storage = new SlidingWindowThrottlerStorage(() => now);
  });
  const hit = (key = 'key:a', limit = 3, blockDuration = MINUTE) => storage.increment(key, MINUTE, limit, blockDuration, 'default');

  it('lets a caller through up to the limit, counting its hits', async () => {
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false });
  });

  it('refuses the hit over the limit and blocks the caller for the block duration, then starts afresh', async () => {
    for (let i = 0; i < 3; i++) await hit();
    const refused = await hit();
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });

    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_001;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('keeps callers apart', async () => {
    for (let i = 0; i < 4; i++) await hit('key:busy');
    expect(await hit('key:busy')).toMatchObject({ isBlocked: true });
    expect(await hit('key:quiet')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('forgets hits once they are older than the window, never before', async () => {
    await hit();
    now += 20_000;
    await hit();
    now += 20_000;
    await hit();
    now += 19_000; // 59 s after the first hit: all three still count
    expect(await hit('key:a', 4)).toMatchObject({ totalHits: 4, isBlocked: false });

    now += 2_000; // 61 s after the first: it has left the window
    expect(await hit('key:a', 4)).toMatchObject({ totalHits: 4, isBlocked: false });
    now += MINUTE + 1_000; // everything has left
    expect(await hit('key:a', 4)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('never lets more than the limit through in any window, whatever the timing', async () => {
    const limit = 50;
    const allowedAt: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      now += Math.floor(((i * 7919) % 97) * 10); // 0 to 960 ms apart, irregular
      if (!(await hit('key:a', limit, 0)).isBlocked) allowedAt.push(now);
    }
    for (let i = limit; i < allowedAt.length; i++) expect(allowedAt[i]! - allowedAt[i - limit]!).toBeGreaterThanOrEqual(MINUTE);
    // and it does let callers through again as hits leave the window
    expect(allowedAt.length).toBeGreaterThan(limit * 3);
  });

  it('without a block duration, refuses until the oldest hit leaves, and says when', async () => {
    await hit('key:a', 2, 0);
    now += 10_000;
    await hit('key:a', 2, 0);
    now += 5_000;
    expect(await hit('key:a', 2, 0)).toMatchObject({ isBlocked: true, timeToBlockExpire: 46 });
    now += 46_000;
    expect(await hit('key:a', 2, 0)).toMatchObject({ isBlocked: false, totalHits: 2 });
  });

  it('drops callers that have been idle for a whole window, so memory follows the active callers', async () => {
    for (let i = 0; i < 100; i++) await hit(`key:${i}`);
    expect(storage.trackedCallers).toBe(100);
    now += MINUTE + 1_000;
    await hit('key:new');
    expect(storage.trackedCallers).toBe(1);
  });
});
