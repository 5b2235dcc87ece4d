import { z } from 'zod';

/**
 * How heavy work is kept off the request event loop (docs/architecture.md, "Worker threads"):
 * model fits and analytics computations run on a pool of worker threads with a bounded queue;
 * Server-Sent Events replays are bounded in number.
 */
export interface OffloadConfig {
  /** Worker threads for model fits and analytics computations. */
  readonly workerThreads: number;
  /** Computations that may wait for a free thread; one more is refused with 503 and Retry-After. */
  readonly workerQueue: number;
  /** SSE streams replaying history at once; further ones wait (connected, with heartbeats) for a slot. */
  readonly feedMaxReplays: number;
  /** Open SSE streams (replaying, waiting or live); one more is refused with 503 and Retry-After. */
  readonly feedMaxStreams: number;
}

export const DEFAULT_OFFLOAD: OffloadConfig = { workerThreads: 2, workerQueue: 64, feedMaxReplays: 32, feedMaxStreams: 1000 };

const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`)
      .default(fallback),
  );

/** The variables, merged into the one environment schema in config.ts. */
export const OFFLOAD_ENVIRONMENT = {
  // At least one: the analytics never run on the request thread.
  LIFELINE_WORKER_THREADS: wholeNumber(1, 64, DEFAULT_OFFLOAD.workerThreads),
  LIFELINE_WORKER_QUEUE: wholeNumber(0, 10_000, DEFAULT_OFFLOAD.workerQueue),
  LIFELINE_FEED_MAX_REPLAYS: wholeNumber(1, 10_000, DEFAULT_OFFLOAD.feedMaxReplays),
  LIFELINE_FEED_MAX_STREAMS: wholeNumber(1, 100_000, DEFAULT_OFFLOAD.feedMaxStreams),
};

export function offloadConfigOf(e: { LIFELINE_WORKER_THREADS: number; LIFELINE_WORKER_QUEUE: number; LIFELINE_FEED_MAX_REPLAYS: number; LIFELINE_FEED_MAX_STREAMS: number }): OffloadConfig {
  return {
    workerThreads: e.LIFELINE_WORKER_THREADS,
    workerQueue: e.LIFELINE_WORKER_QUEUE,
    feedMaxReplays: e.LIFELINE_FEED_MAX_REPLAYS,
    feedMaxStreams: e.LIFELINE_FEED_MAX_STREAMS,
  };
}
