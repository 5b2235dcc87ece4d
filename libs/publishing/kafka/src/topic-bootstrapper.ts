import type { Admin, ITopicConfig } from 'kafkajs';
import { lifelineTopics, type TopicSpec } from './topics';

export type KafkaAdminSurface = Pick<Admin, 'listTopics' | 'createTopics'>;

export interface TopicBootstrapOptions {
  /** Partitions per topic; more partitions = more parallel consumers. Default 6. */
  partitions?: number;
  /** Copies of each partition; use 3 in production, 1 for a single local broker. */
  replicationFactor: number;
  /** For replication factor 3, 2 lets one broker fail without blocking acks=all writes. */
  minInSyncReplicas?: number;
  topics?: readonly TopicSpec[];
}

/**
 * Creates the topics that do not exist yet (existing ones are left alone: partitions can only
 * grow and changing them re-maps keys). Returns the names it created.
 */
export async function ensureTopics(admin: KafkaAdminSurface, options: TopicBootstrapOptions): Promise<string[]> {
  const partitions = options.partitions ?? 6;
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  if (!Number.isInteger(options.replicationFactor) || options.replicationFactor < 1) {
    throw new RangeError(`replicationFactor must be a positive integer, got ${options.replicationFactor}`);
  }
  const minInSync = options.minInSyncReplicas ?? Math.max(1, Math.min(2, options.replicationFactor - 1));
  if (minInSync > options.replicationFactor) {
    throw new RangeError(`minInSyncReplicas (${minInSync}) cannot exceed replicationFactor (${options.replicationFactor})`);
  }
  const existing = new Set(await admin.listTopics());
  const COMPACTION_LAG_BOUND_MS = 7 * 24 * 3600 * 1000;
  const missing: ITopicConfig[] = (options.topics ?? lifelineTopics())
    .filter((spec) => !existing.has(spec.topic))
    .map((spec) => ({
      topic: spec.topic,
      numPartitions: partitions,
      replicationFactor: options.replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: spec.compacted ? 'compact' : 'delete' },
        { name: 'min.insync.replicas', value: String(minInSync) },
        // An erased customer's overwritten profile must not wait forever for compaction (the
        // broker default has no bound): older values of a key go within a week (docs/security.md).
        ...(spec.compacted ? [{ name: 'max.compaction.lag.ms', value: String(COMPACTION_LAG_BOUND_MS) }] : []),
      ],
    }));
  if (missing.length === 0) return [];
  await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((topic) => topic.topic);
}
