import type { ThrottlerStorage } from '@nestjs/throttler';

/** Buckets per window: a hit leaves the window at most one bucket (1 s of a 60 s window) late, never early. */
const BUCKETS_PER_WINDOW = 60;
/** The ring holds the current bucket and the whole window before it, so a hit late in its bucket still counts for a full window. */
const RING = BUCKETS_PER_WINDOW + 1;

interface CallerWindow {
  readonly bucketMs: number;
  /** Hits per bucket, a ring indexed by bucket number modulo its length. */
  readonly counts: number[];
  /** Bucket number (time / bucketMs) of the newest bucket the ring holds. */
  newest: number;
  total: number;
  /** Refused until then (after going over the limit), 0 when not blocked. */
  blockedUntil: number;
}

/** The record @nestjs/throttler expects from its storage (ThrottlerStorageRecord). */
interface Outcome {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * The rate limiter's counts in memory at a constant cost per request. The throttler's own
 * in-memory storage keeps one timestamp per hit in the window and filters that array on every
 * request: at a limit of 6,000 a minute that is up to 6,000 entries walked per request, and it
 * grows with the rate (a sixth of the API's time under load in `http-commands`). This keeps a
 * count per second of the window instead. Same rules as the throttler's storage: a caller over
 * `limit` hits in the last `ttl` ms is refused for `blockDuration` ms (then starts afresh), or,
 * with no block duration, until enough hits have left the window.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, CallerWindow>();
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<Outcome> {
    const now = this.now();
    this.sweepIdle(now, ttl);
    const id = `${throttlerName}\u0000${key}`;
    const bucketMs = Math.max(1, Math.ceil(ttl / BUCKETS_PER_WINDOW));
    let window = this.windows.get(id);
    if (window === undefined || window.bucketMs !== bucketMs) {
      window = { bucketMs, counts: new Array<number>(RING).fill(0), newest: Math.floor(now / bucketMs), total: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    if (window.blockedUntil > now) {
      return { totalHits: window.total + 1, timeToExpire: this.secondsUntilOldestLeaves(window, now), isBlocked: true, timeToBlockExpire: seconds(window.blockedUntil - now) };
    }
    if (window.blockedUntil !== 0) {
      // The block is over: the caller starts afresh, as with the throttler's own storage.
      window.counts.fill(0);
      window.total = 0;
      window.blockedUntil = 0;
    }
    advance(window, Math.floor(now / bucketMs));
    if (blockDuration <= 0 && window.total >= limit) {
      // Refused without counting, until the oldest hit leaves the window.
      const wait = this.secondsUntilOldestLeaves(window, now);
      return { totalHits: window.total + 1, timeToExpire: wait, isBlocked: true, timeToBlockExpire: wait };
    }
    window.counts[window.newest % RING]! += 1;
    window.total += 1;
    if (blockDuration > 0 && window.total > limit) {
      window.blockedUntil = now + blockDuration;
      return { totalHits: window.total, timeToExpire: this.secondsUntilOldestLeaves(window, now), isBlocked: true, timeToBlockExpire: seconds(blockDuration) };
    }
    return { totalHits: window.total, timeToExpire: this.secondsUntilOldestLeaves(window, now), isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Callers tracked now (for tests: idle ones are dropped). */
  get trackedCallers(): number {
    return this.windows.size;
  }

  /** Whole seconds until the oldest counted hit leaves the window (at least 1). */
  private secondsUntilOldestLeaves(window: CallerWindow, now: number): number {
    for (let age = RING - 1; age >= 0; age--) {
      const bucket = window.newest - age;
      if (window.counts[mod(bucket, RING)]! > 0) return seconds((bucket + RING) * window.bucketMs - now);
    }
    return seconds(BUCKETS_PER_WINDOW * window.bucketMs);
  }

  /** At most once per window: forget callers with no hit in it and no block running (memory bounded by active callers). */
  private sweepIdle(now: number, ttl: number): void {
    if (now - this.lastSweep < ttl) return;
    this.lastSweep = now;
    for (const [id, window] of this.windows) {
      if (window.blockedUntil > now) continue;
      advance(window, Math.floor(now / window.bucketMs));
      if (window.total === 0) this.windows.delete(id);
    }
  }
}

/** Moves the ring on to bucket `current`, emptying the buckets that left the window (at most all of them: constant cost). */
function advance(window: CallerWindow, current: number): void {
  if (current <= window.newest) return;
  const steps = Math.min(current - window.newest, RING);
  for (let i = 1; i <= steps; i++) {
    const slot = mod(window.newest + i, RING);
    window.total -= window.counts[slot]!;
    window.counts[slot] = 0;
  }
  window.newest = current;
}

const mod = (n: number, m: number) => ((n % m) + m) % m;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
