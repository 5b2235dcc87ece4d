/**
 * Kafka publication against a real broker (KAFKA_BROKERS): the production EventPublishingLoop
 * moves a seeded log from the SQLite event store to a fresh topic (idempotent producer,
 * acks=all, checkpoint saved in a SQLite read store after each acknowledged batch, as the
 * projector runs it) while a consumer group reads the topic. Figures: events/s from the first
 * send to the last acknowledgement, and the lag of each event from the moment its batch was
 * handed to the producer to the moment the consumer saw it (p50/p99).
 */
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { RecordedEvent } from '@lifeline/event-store/port';
import type { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { EventPublishingLoop, KafkaPublisher, ensureTopics } from '@lifeline/publishing/kafka';
import { ReadStoreCheckpoint } from '@lifeline/publishing/runtime';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';

export interface KafkaPublicationReport {
  readonly brokers: string;
  readonly events: number;
  readonly partitions: number;
  readonly batchSize: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly lagMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly duplicatesSeen: number;
}

export interface KafkaPublicationOptions {
  readonly brokers: readonly string[];
  readonly eventStore: SqliteEventStore;
  readonly dir: string;
  readonly partitions?: number;
  readonly batchSize?: number;
  readonly onProgress?: (line: string) => void;
}

const CONSUMER_DEADLINE_MS = 120_000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function benchKafkaPublication(options: KafkaPublicationOptions): Promise<KafkaPublicationReport> {
  const partitions = options.partitions ?? 6;
  const batchSize = options.batchSize ?? 500;
  const log = options.onProgress ?? (() => undefined);
  const run = `${Date.now().toString(36)}`;
  const topic = `bench-${run}.customer-events`;
  const kafka = new Kafka({ clientId: `lifeline-bench-${run}`, brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, { partitions, replicationFactor: 1, topics: [{ topic, compacted: false }] });
  } finally {
    await admin.disconnect();
  }

  // The seeded log holds customer events only, at positions 1..head.
  const total = await options.eventStore.headPosition();
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  let duplicatesSeen = 0;
  const consumer = kafka.consumer({ groupId: `lifeline-bench-${run}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Set<string>();
  let allSeen: () => void = () => undefined;
  const everyEventSeen = new Promise<void>((resolve) => (allSeen = resolve));
  await consumer.run({
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        const id = message.headers?.['ce_id']?.toString();
        if (!id) continue;
        if (seen.has(id)) {
          duplicatesSeen += 1;
          continue;
        }
        seen.add(id);
        const sent = sentAt.get(id);
        if (sent !== undefined) lags.push(now - sent);
      }
      if (seen.size >= total) allSeen();
    },
  });

  const readStore = SqliteReadModelStore.open(join(options.dir, `kafka-bench-${run}.db`));
  const kafkaPublisher = await KafkaPublisher.connect(kafka, { eventsTopic: topic });
  try {
    const checkpoint = await ReadStoreCheckpoint.open(readStore, 'publisher-kafka');
    // The production loop; the publisher is wrapped only to note when each batch left.
    const timed = {
      publishEvents: async (events: readonly RecordedEvent[]) => {
        const now = Date.now();
        for (const event of events) sentAt.set(event.eventId, now);
        await kafkaPublisher.publishEvents(events);
      },
    };
    const loop = new EventPublishingLoop(options.eventStore, timed, checkpoint, { batchSize });
    log(`kafka-publication: ${total} events to ${topic} (${partitions} partitions, batches of ${batchSize}, acks=all)`);
    const started = process.hrtime.bigint();
    let published = 0;
    let logged = 0;
    for (;;) {
      const sent = await loop.publishNextBatch();
      if (sent === 0) break;
      published += sent;
      if (published - logged >= 20_000) {
        logged = published;
        log(`kafka-publication: ${published}/${total} acknowledged`);
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await Promise.race([
      everyEventSeen,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`the consumer saw ${seen.size} of ${total} events within ${CONSUMER_DEADLINE_MS / 1000} s`)), CONSUMER_DEADLINE_MS)),
    ]);
    lags.sort((a, b) => a - b);
    return {
      brokers: options.brokers.join(','),
      events: published,
      partitions,
      batchSize,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(published / seconds),
      lagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? NaN },
      duplicatesSeen,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await kafkaPublisher.close().catch(() => undefined);
    await readStore.close();
    const cleanup = kafka.admin();
    await cleanup.connect().catch(() => undefined);
    await cleanup.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }
}
