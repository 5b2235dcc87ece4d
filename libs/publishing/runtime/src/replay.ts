import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { Publisher } from '@lifeline/publishing/port';

export interface ReplayOptions {
  /** Re-publish events with a position greater than this. */
  readonly from: number;
  /** Last position to re-publish (inclusive); default the head when the replay starts. */
  readonly to?: number;
  /** Events per broker request; default 500. */
  readonly batchSize?: number;
  /** Stops after the batch in flight; what was acknowledged stays published. */
  readonly signal?: AbortSignal;
  /** After each acknowledged batch: events sent so far and the last position sent. */
  readonly onProgress?: (published: number, lastPosition: number) => void;
}

export interface ReplayResult {
  readonly published: number;
  /** The last position the broker acknowledged (`from` when none); resume a stopped replay from it. */
  readonly lastPosition: number;
  /** The position the replay was to reach. */
  readonly to: number;
  readonly interrupted: boolean;
}

/**
 * Sends the customer events in (from, to] again, in position order, batch by batch, for a new or
 * broken consumer. It leaves the live publisher's checkpoint alone: consumers de-duplicate by
 * event id, so events both paths send are harmless.
 */
export async function replayEvents(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  publisher: Pick<Publisher, 'publishEvents'>,
  options: ReplayOptions,
): Promise<ReplayResult> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const to = options.to ?? (await store.headPosition());
  if (to < options.from) throw new RangeError(`--to (${to}) must not be before --from (${options.from})`);
  let published = 0;
  let lastPosition = options.from;
  while (lastPosition < to) {
    if (options.signal?.aborted) return { published, lastPosition, to, interrupted: true };
    const page = await store.readAll({ after: lastPosition, maxCount: batchSize, streamPrefix: CUSTOMER_STREAM_PREFIX });
    const batch = page.filter((event) => event.position <= to);
    if (batch.length === 0) break;
    await publisher.publishEvents(batch);
    published += batch.length;
    lastPosition = batch[batch.length - 1]!.position;
    options.onProgress?.(published, lastPosition);
    if (batch.length < page.length) break;
  }
  return { published, lastPosition, to, interrupted: false };
}
