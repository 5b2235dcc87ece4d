import { createHash } from 'node:crypto';
import { cohortRetention, periodStart, type CustomerLifecycle, type Granularity } from '@lifeline/analytics/retention';
import { CUSTOMER_PROFILES, type CustomerProfile } from '@lifeline/projections/profile';
import type { DocumentChange, Publisher } from '@lifeline/publishing/port';
import { UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { runPollingLoop } from './polling-loop';
import { ReadStoreCheckpoint } from './read-store-checkpoint';

/** The name the publisher maps to `lifeline.retention.v1`. */
export const RETENTION_DOCUMENTS = 'retention';
/** The highest customer-profiles position the published retention rows reflect. */
export const RETENTION_PUBLISHER_CHECKPOINT = 'publisher-kafka-retention';
export const RETENTION_GRANULARITIES: readonly Granularity[] = ['month', 'week'];

/** One cohort row, keyed `<granularity>:<cohort>` (e.g. `month:2024-03`, `week:2024-W10`). */
export interface RetentionDocument {
  readonly granularity: Granularity;
  readonly cohort: string;
  readonly size: number;
  /** retention[k]: share of the cohort active at the end of period k; only fully ended periods. */
  readonly retention: readonly number[];
}

export interface RetentionPublishingLoopOptions {
  /** Least time between two recomputations caused by new events. Default 60 s. */
  minIntervalMs?: number;
  /** Most time between two recomputations, events or not (periods complete with time). Default one day. */
  maxIntervalMs?: number;
  /** Pause between checks whether a recomputation is due. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Pause after a failed round before trying it again. Default 2000 ms. */
  retryDelayMs?: number;
  /** Rows per broker request. Default 500. */
  pageSize?: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
  onError?: (error: unknown) => void;
}

export type RetentionRound = { sent: number; unchanged: number; tombstones: number } | { notDue: true };

type RetentionStore = Pick<ReadModelStore, 'ensureCollection' | 'getCheckpoint' | 'commitBatch' | 'scan'>;

/**
 * Publishes the cohort retention tables (monthly and weekly, all customers, computed by the same
 * library function as `GET /analytics/retention`) to `lifeline.retention.v1`, one message per
 * cohort row. It recomputes when the customer profiles moved (at most every `minIntervalMs`),
 * when a week or month has ended since the last computation, and at least every `maxIntervalMs`.
 * Only rows whose content changed since the last acknowledged publication are sent; the hashes
 * are kept in memory, so after a restart every row is sent once more (compaction absorbs it).
 */
export class RetentionPublishingLoop {
  private readonly published = new Map<string, string>();
  private last?: { readonly at: number; readonly profiles: string };
  private readonly now: () => number;

  private constructor(
    private readonly store: RetentionStore,
    private readonly publisher: Pick<Publisher, 'publishDocumentChanges'>,
    private readonly checkpoint: ReadStoreCheckpoint,
    private readonly options: RetentionPublishingLoopOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  static async open(
    store: RetentionStore,
    publisher: Pick<Publisher, 'publishDocumentChanges'>,
    options: RetentionPublishingLoopOptions = {},
  ): Promise<RetentionPublishingLoop> {
    const pageSize = options.pageSize ?? 500;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
    return new RetentionPublishingLoop(store, publisher, await ReadStoreCheckpoint.open(store, RETENTION_PUBLISHER_CHECKPOINT), options);
  }

  async publishIfDue(): Promise<RetentionRound> {
    const now = this.now();
    const profiles = await this.profilesCheckpoint();
    if (!this.isDue(now, profiles.key)) return { notDue: true };

    const asOf = new Date(now).toISOString();
    const lifecycles = await this.lifecyclesAsOf(now);
    const rows = RETENTION_GRANULARITIES.flatMap((granularity) =>
      cohortRetention(lifecycles, { granularity, asOf }).map(({ cohort, size, retention }): RetentionDocument => ({ granularity, cohort, size, retention })),
    );
    const position = Math.max(await this.checkpoint.load(), profiles.position);
    const hashes = new Map(rows.map((row) => [`${row.granularity}:${row.cohort}`, hashOf(row)]));
    const changes: DocumentChange[] = [];
    for (const row of rows) {
      const key = `${row.granularity}:${row.cohort}`;
      if (this.published.get(key) !== hashes.get(key)) changes.push({ projection: RETENTION_DOCUMENTS, documentId: key, document: { ...row }, position });
    }
    // A cohort can only vanish if its customers' profiles do; known only for rows sent since start.
    const vanished = [...this.published.keys()].filter((key) => !hashes.has(key));
    for (const key of vanished) changes.push({ projection: RETENTION_DOCUMENTS, documentId: key, document: null, position });

    const pageSize = this.options.pageSize ?? 500;
    for (let i = 0; i < changes.length; i += pageSize) await this.publisher.publishDocumentChanges(changes.slice(i, i + pageSize));
    await this.checkpoint.save(position);
    this.published.clear();
    for (const [key, hash] of hashes) this.published.set(key, hash);
    this.last = { at: now, profiles: profiles.key };
    return { sent: changes.length - vanished.length, unchanged: rows.length - (changes.length - vanished.length), tombstones: vanished.length };
  }

  /** Runs until `signal` aborts; failures are reported and the round is tried again. */
  async run(signal: AbortSignal): Promise<void> {
    // Polled: every round is followed by the poll interval.
    await runPollingLoop(
      signal,
      async () => {
        await this.publishIfDue();
        return false;
      },
      { idleDelayMs: this.options.pollIntervalMs ?? 5000, retryDelayMs: this.options.retryDelayMs ?? 2000, onError: this.options.onError },
    );
  }


  private isDue(now: number, profiles: string): boolean {
    if (this.last === undefined) return true;
    const elapsed = now - this.last.at;
    if (elapsed >= (this.options.maxIntervalMs ?? 86_400_000)) return true;
    // A period that ended adds a retention figure to its cohorts even without a single event.
    if (RETENTION_GRANULARITIES.some((g) => periodStart(now, g) !== periodStart(this.last!.at, g))) return true;
    return profiles !== this.last.profiles && elapsed >= (this.options.minIntervalMs ?? 60_000);
  }

  /** Version and position: a rebuild swapped in counts as a change even at the same position. */
  private async profilesCheckpoint(): Promise<{ key: string; position: number }> {
    try {
      const checkpoint = await this.store.getCheckpoint(CUSTOMER_PROFILES);
      return { key: `${checkpoint.version}:${checkpoint.position}`, position: checkpoint.position };
    } catch (error) {
      if (error instanceof UnknownCollectionError) return { key: 'absent', position: 0 }; // the projector has not started yet
      throw error;
    }
  }

  /** As the API's retention query does: customers acquired by asOf, status changes known at asOf. */
  private async lifecyclesAsOf(now: number): Promise<CustomerLifecycle[]> {
    const lifecycles: CustomerLifecycle[] = [];
    try {
      for await (const profile of this.store.scan<StoredDocument & CustomerProfile>(CUSTOMER_PROFILES, { batchSize: 1000 })) {
        if (Date.parse(profile.acquiredAt) > now) continue;
        const statusHistory = profile.statusHistory.filter((s) => Date.parse(s.at) <= now).map(({ status, at }) => ({ status, at }));
        lifecycles.push({ acquiredAt: profile.acquiredAt, statusHistory });
      }
    } catch (error) {
      if (!(error instanceof UnknownCollectionError)) throw error;
    }
    return lifecycles;
  }
}

function hashOf(row: RetentionDocument): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('base64');
}
