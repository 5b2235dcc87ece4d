import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProducerBatch, ProducerConfig, ProducerRecord, RecordMetadata } from 'kafkajs';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { Projector } from '@lifeline/projections/runtime';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { KafkaUnavailableError, publishedProjections, startKafkaPublication, type KafkaConnector } from './kafka-publication';

// The kafkajs admin and producer are substituted at their method boundary; the stores are real.

function substituteKafka() {
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    listTopics: jest.fn(async () => [] as string[]),
    createTopics: jest.fn(async (_options: unknown) => true),
  };
  const producer = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    send: jest.fn(async (_record: ProducerRecord): Promise<RecordMetadata[]> => []),
    sendBatch: jest.fn(async (_batch: ProducerBatch): Promise<RecordMetadata[]> => []),
  };
  const producerConfigs: (ProducerConfig | undefined)[] = [];
  const kafka = {
    admin: () => admin,
    producer: (config?: ProducerConfig) => {
      producerConfigs.push(config);
      return producer;
    },
  } as unknown as KafkaConnector;
  return { kafka, admin, producer, producerConfigs };
}

const settings = { brokers: ['k1:9092', 'k2:9092'], partitions: 3, replicationFactor: 1 };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startKafkaPublication', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadModelStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-kafka-wiring-'));
    events = SqliteEventStore.open(join(dir, 'events.db'));
    reads = SqliteReadModelStore.open(join(dir, 'read.db'));
  });
  afterEach(async () => {
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const acquire = async (customerId: string) =>
    (
      await events.appendToStream(
        `customer-${customerId}`,
        [{ eventId: randomUUID(), type: 'CustomerAcquired', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId, name: customerId, acquisitionChannel: 'web', keyAccount: false }, metadata: {} }],
        { expectedRevision: 'no_stream' },
      )
    ).position;

  const start = (kafka: KafkaConnector) =>
    startKafkaPublication({ kafka, settings, eventStore: events, readStore: reads, projections: ALL_PROJECTIONS, logger: silent, loopOptions: { idleDelayMs: 5, retryDelayMs: 5 } });

  it('creates the topics as configured, then publishes events and profile documents, checkpointing in the read store', async () => {
    await acquire('c-1');
    const head = await acquire('c-2');
    const projector = new Projector(events, reads, ALL_PROJECTIONS, { logger: silent, batchDelayMs: 1 });
    await projector.start();
    const { kafka, admin, producer, producerConfigs } = substituteKafka();
    const publication = await start(kafka);
    try {
      expect(publication.createdTopics).toEqual(['lifeline.customer-events.v1', 'lifeline.customer-profiles.v1', 'lifeline.customer-clv.v1', 'lifeline.retention.v1']);
      const created = (admin.createTopics.mock.calls[0]![0] as { topics: { numPartitions: number; replicationFactor: number }[] }).topics;
      expect(created.every((t) => t.numPartitions === 3 && t.replicationFactor === 1)).toBe(true);
      expect(admin.disconnect).toHaveBeenCalled();
      expect(producerConfigs).toEqual([expect.objectContaining({ idempotent: true, maxInFlightRequests: 1 })]);

      await until(async () => (await reads.getCheckpoint('publisher-kafka')).position === head);
      expect(producer.send.mock.calls.flatMap(([record]) => record.messages.map((m) => [record.topic, m.key]))).toEqual([
        ['lifeline.customer-events.v1', 'c-1'],
        ['lifeline.customer-events.v1', 'c-2'],
      ]);
      await until(async () => (await reads.getCheckpoint('publisher-kafka-documents')).position === head);
      const documents = producer.sendBatch.mock.calls.flatMap(([batch]) => batch.topicMessages!.flatMap((t) => t.messages.map((m) => [t.topic, m.key])));
      expect(documents.filter(([topic]) => topic === 'lifeline.customer-profiles.v1')).toEqual([
        ['lifeline.customer-profiles.v1', 'c-1'],
        ['lifeline.customer-profiles.v1', 'c-2'],
      ]);
    } finally {
      await publication.stop();
      await projector.stop();
    }
    expect(producer.disconnect).toHaveBeenCalledTimes(1);
  });

  it('publishes the latest CLV model\'s scores and the cohort retention rows to their compacted topics', async () => {
    await reads.ensureCollection('clv-models', [{ field: 'fittedAt' }]);
    await reads.commitBatch('clv-models', { checkpoint: 9, upserts: [{ _id: 'm-1', modelId: 'm-1', fittedAt: '2025-02-01T00:00:00.000Z', basedOnPosition: 9 }], deletes: [] });
    await reads.ensureCollection('customer-clv', []);
    await reads.commitBatch('customer-clv', { checkpoint: 9, upserts: [{ _id: 'c-1', customerId: 'c-1', modelId: 'm-1', clvMinor: 1234 }], deletes: [] });
    const head = await acquire('c-1');
    const projector = new Projector(events, reads, ALL_PROJECTIONS, { logger: silent, batchDelayMs: 1 });
    await projector.start();
    await projector.waitForPosition(head, 5000);
    const { kafka, producer } = substituteKafka();
    const publication = await start(kafka);
    const sentTo = (topic: string) =>
      producer.sendBatch.mock.calls.flatMap(([batch]) => batch.topicMessages!.filter((t) => t.topic === topic).flatMap((t) => t.messages));
    try {
      await until(async () => (await reads.getCheckpoint('publisher-kafka-clv')).position === 9);
      expect(sentTo('lifeline.customer-clv.v1').map((m) => [m.key, JSON.parse(String(m.value)).clvMinor])).toEqual([['c-1', 1234]]);
      await until(() => sentTo('lifeline.retention.v1').some((m) => m.key === 'month:2025-01'));
      const january = sentTo('lifeline.retention.v1').find((m) => m.key === 'month:2025-01')!;
      expect(JSON.parse(String(january.value))).toMatchObject({ granularity: 'month', cohort: '2025-01', size: 1 });
    } finally {
      await publication.stop();
      await projector.stop();
    }
  });

  it('after a restart sends only what the broker had not acknowledged', async () => {
    await acquire('c-1');
    const first = substituteKafka();
    const publication = await start(first.kafka);
    await until(async () => (await reads.getCheckpoint('publisher-kafka')).position > 0);
    await publication.stop();
    const head = await acquire('c-2');

    const second = substituteKafka();
    second.admin.listTopics.mockResolvedValue(['lifeline.customer-events.v1', 'lifeline.customer-profiles.v1', 'lifeline.customer-clv.v1', 'lifeline.retention.v1']);
    const again = await start(second.kafka);
    await until(async () => (await reads.getCheckpoint('publisher-kafka')).position === head);
    await again.stop();
    expect(second.admin.createTopics).not.toHaveBeenCalled();
    expect(second.producer.send.mock.calls.flatMap(([record]) => record.messages.map((m) => m.key))).toEqual(['c-2']);
  });

  it('fails fast with one line naming the brokers when Kafka cannot be reached, and connects no producer', async () => {
    const { kafka, admin, producerConfigs } = substituteKafka();
    admin.connect.mockRejectedValue(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092\n    at Socket...'));
    const starting = start(kafka);
    await expect(starting).rejects.toThrow(KafkaUnavailableError);
    await expect(starting).rejects.toThrow(/^cannot reach Kafka at k1:9092,k2:9092: Connection error: connect ECONNREFUSED 127.0.0.1:9092$/);
    expect(producerConfigs).toEqual([]);
  });

  it('fails fast when the cluster refuses the topics (e.g. replication factor above the broker count)', async () => {
    const { kafka, admin, producerConfigs } = substituteKafka();
    admin.createTopics.mockRejectedValue(new Error('Replication factor: 3 larger than available brokers: 1.'));
    await expect(start(kafka)).rejects.toThrow("cannot create Lifeline's topics on Kafka at k1:9092,k2:9092: Replication factor: 3 larger than available brokers: 1.");
    expect(admin.disconnect).toHaveBeenCalled();
    expect(producerConfigs).toEqual([]);
  });
});

describe('publishedProjections', () => {
  it('publishes the read models that have a topic: today the customer profiles', () => {
    expect(publishedProjections(ALL_PROJECTIONS).map((p) => p.name)).toEqual(['customer-profiles']);
  });
});
