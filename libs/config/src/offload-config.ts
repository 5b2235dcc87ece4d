import { z } from 'zod';
import { blankAsUndefined, wholeNumber } from './environment-values';

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
