import type { Kafka, Producer, ProducerBatch, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { ReadAllOptions, RecordedEvent } from '@lifeline/event-store/port';
import type { PublisherCheckpointStore } from '@lifeline/publishing/port';
import { EventPublishingLoop } from './event-publishing-loop';
import { ACKS_ALL, KafkaPublisher, type KafkaProducerSurface } from './kafka-publisher';
import { ensureTopics, type KafkaAdminSurface } from './topic-bootstrapper';

// The kafkajs producer and admin are substituted at their method boundary: these tests check
// what the publisher asks of the broker and when it trusts the answer.

function recorded(position: number, customerId: string, revision = 0): RecordedEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'CustomerContacted',
    schemaVersion: 1,
    occurredAt: '2024-01-01T00:00:00.000Z',
    data: { customerId, contactId: `k-${position}`, channel: 'email', direction: 'inbound', topic: 'billing' },
    metadata: {},
    streamId: `customer-${customerId}`,
    revision,
    position,
    recordedAt: '2024-01-01T00:00:01.000Z',
  };
}

function fakeProducer(): jest.Mocked<KafkaProducerSurface> {
  return {
    send: jest.fn(async (_record: ProducerRecord): Promise<RecordMetadata[]> => []),
    sendBatch: jest.fn(async (_batch: ProducerBatch): Promise<RecordMetadata[]> => []),
    disconnect: jest.fn(async () => undefined),
  };
}

describe('KafkaPublisher: lifecycle events', () => {
  it('sends a batch in one request to the events topic with acks=all, keyed by customer, in the given order', async () => {
    const producer = fakeProducer();
    await new KafkaPublisher(producer).publishEvents([recorded(10, 'c-1', 0), recorded(11, 'c-2', 0), recorded(12, 'c-1', 1)]);
    expect(producer.send).toHaveBeenCalledTimes(1);
    const record = producer.send.mock.calls[0]![0] as ProducerRecord;
    expect(record.topic).toBe('lifeline.customer-events.v1');
    expect(record.acks).toBe(ACKS_ALL);
    expect(record.messages.map((m) => [m.key, m.headers!['ce_position']])).toEqual([
      ['c-1', '10'],
      ['c-2', '11'],
      ['c-1', '12'],
    ]);
    expect(record.messages[0]!.headers).toMatchObject({
      ce_id: '00000000-0000-4000-8000-000000000010',
      ce_type: 'com.lifeline.customer.CustomerContacted.v1',
      'content-type': 'application/json',
    });
  });

  it('sends nothing for an empty batch', async () => {
    const producer = fakeProducer();
    await new KafkaPublisher(producer).publishEvents([]);
    expect(producer.send).not.toHaveBeenCalled();
  });

  it('rejects when the broker does not acknowledge', async () => {
    const producer = fakeProducer();
    producer.send.mockRejectedValueOnce(new Error('NOT_ENOUGH_REPLICAS'));
    await expect(new KafkaPublisher(producer).publishEvents([recorded(1, 'c-1')])).rejects.toThrow('NOT_ENOUGH_REPLICAS');
  });

  it('connects an idempotent producer with one request in flight, so retries neither duplicate nor reorder', async () => {
    const producer = { ...fakeProducer(), connect: jest.fn(async () => undefined) };
    const kafka = { producer: jest.fn(() => producer as unknown as Producer) };
    await KafkaPublisher.connect(kafka as unknown as Kafka);
    expect(kafka.producer).toHaveBeenCalledWith(expect.objectContaining({ idempotent: true, maxInFlightRequests: 1 }));
    expect(producer.connect).toHaveBeenCalled();
  });
});

describe('KafkaPublisher: read-model documents', () => {
  it('sends each projection to its compacted topic keyed by document id; a deleted document becomes a tombstone', async () => {
    const producer = fakeProducer();
    await new KafkaPublisher(producer).publishDocumentChanges([
      { projection: 'customer-profiles', documentId: 'c-1', document: { name: 'Ada', status: 'active' }, position: 5 },
      { projection: 'customer-clv', documentId: 'c-1', document: { clv: 120.5 }, position: 5 },
      { projection: 'customer-profiles', documentId: 'c-2', document: null, position: 6 },
    ]);
    const batch = producer.sendBatch.mock.calls[0]![0] as ProducerBatch;
    expect(batch.acks).toBe(ACKS_ALL);
    expect(batch.topicMessages).toEqual([
      {
        topic: 'lifeline.customer-profiles.v1',
        messages: [
          {
            key: 'c-1',
            value: '{"name":"Ada","status":"active"}',
            headers: { 'lifeline-projection': 'customer-profiles', 'lifeline-position': '5', 'content-type': 'application/json' },
          },
          { key: 'c-2', value: null, headers: { 'lifeline-projection': 'customer-profiles', 'lifeline-position': '6' } },
        ],
      },
      {
        topic: 'lifeline.customer-clv.v1',
        messages: [{ key: 'c-1', value: '{"clv":120.5}', headers: expect.objectContaining({ 'lifeline-position': '5' }) }],
      },
    ]);
  });

  it('refuses a projection without a topic and sends none of the batch', async () => {
    const producer = fakeProducer();
    const publish = new KafkaPublisher(producer).publishDocumentChanges([
      { projection: 'customer-profiles', documentId: 'c-1', document: {}, position: 1 },
      { projection: 'timeline', documentId: 'c-1', document: {}, position: 1 },
    ]);
    await expect(publish).rejects.toThrow(/no Kafka topic for projection "timeline"; known: customer-profiles, customer-clv, retention/);
    expect(producer.sendBatch).not.toHaveBeenCalled();
  });
});

describe('EventPublishingLoop', () => {
  function storeOf(events: RecordedEvent[]) {
    return {
      readAll: jest.fn(async ({ after = 0, maxCount = Infinity }: ReadAllOptions = {}) => events.filter((e) => e.position > after).slice(0, maxCount)),
    };
  }

  function memoryCheckpoint(start = 0): PublisherCheckpointStore & { saved: number[] } {
    let position = start;
    const saved: number[] = [];
    return {
      saved,
      load: async () => position,
      save: async (next) => {
        saved.push(next);
        position = next;
      },
    };
  }

  it('reads customer streams after the checkpoint, one batch at a time', async () => {
    const store = storeOf([recorded(3, 'a'), recorded(7, 'b'), recorded(9, 'c')]);
    const checkpoint = memoryCheckpoint(3);
    const producer = fakeProducer();
    const loop = new EventPublishingLoop(store, new KafkaPublisher(producer), checkpoint, { batchSize: 1 });
    await expect(loop.publishNextBatch()).resolves.toBe(1);
    expect(store.readAll).toHaveBeenCalledWith({ after: 3, maxCount: 1, streamPrefix: 'customer-' });
    expect(checkpoint.saved).toEqual([7]);
  });

  it('advances the checkpoint only after the broker acknowledged the batch', async () => {
    let acknowledge!: () => void;
    const producer = fakeProducer();
    producer.send.mockReturnValueOnce(new Promise((resolve) => (acknowledge = () => resolve([]))));
    const checkpoint = memoryCheckpoint();
    const loop = new EventPublishingLoop(storeOf([recorded(1, 'a'), recorded(2, 'b')]), new KafkaPublisher(producer), checkpoint);
    const publishing = loop.publishNextBatch();
    await new Promise(setImmediate);
    expect(producer.send).toHaveBeenCalledTimes(1);
    expect(checkpoint.saved).toEqual([]);
    acknowledge();
    await publishing;
    expect(checkpoint.saved).toEqual([2]);
  });

  it('keeps the checkpoint when the send fails and re-sends the same batch next time (at least once)', async () => {
    const producer = fakeProducer();
    producer.send.mockRejectedValueOnce(new Error('broker down'));
    const checkpoint = memoryCheckpoint();
    const loop = new EventPublishingLoop(storeOf([recorded(1, 'a'), recorded(2, 'b')]), new KafkaPublisher(producer), checkpoint);
    await expect(loop.publishNextBatch()).rejects.toThrow('broker down');
    expect(checkpoint.saved).toEqual([]);
    await loop.publishNextBatch();
    const keysOf = (call: number) => (producer.send.mock.calls[call]![0] as ProducerRecord).messages.map((m) => m.key);
    expect(keysOf(1)).toEqual(keysOf(0));
    expect(checkpoint.saved).toEqual([2]);
  });

  it('sends nothing and keeps the checkpoint when caught up', async () => {
    const producer = fakeProducer();
    const checkpoint = memoryCheckpoint(2);
    await expect(new EventPublishingLoop(storeOf([recorded(2, 'a')]), new KafkaPublisher(producer), checkpoint).publishNextBatch()).resolves.toBe(0);
    expect(producer.send).not.toHaveBeenCalled();
    expect(checkpoint.saved).toEqual([]);
  });

  it('run() reports a failed batch, retries it, and stops when aborted', async () => {
    const producer = fakeProducer();
    producer.send.mockRejectedValueOnce(new Error('leader not available'));
    const stop = new AbortController();
    const checkpoint = memoryCheckpoint();
    const save = checkpoint.save;
    checkpoint.save = async (position) => {
      await save(position);
      if (position === 3) stop.abort();
    };
    const errors: unknown[] = [];
    const loop = new EventPublishingLoop(storeOf([recorded(1, 'a'), recorded(2, 'b'), recorded(3, 'c')]), new KafkaPublisher(producer), checkpoint, {
      batchSize: 2,
      retryDelayMs: 0,
      onError: (error) => errors.push(error),
    });
    await loop.run(stop.signal);
    expect(errors).toEqual([new Error('leader not available')]);
    expect(checkpoint.saved).toEqual([2, 3]);
  });

  it('refuses a batch size that would never make progress', () => {
    expect(() => new EventPublishingLoop(storeOf([]), new KafkaPublisher(fakeProducer()), memoryCheckpoint(), { batchSize: 0 })).toThrow(RangeError);
  });
});

describe('ensureTopics', () => {
  function fakeAdmin(existing: string[]): jest.Mocked<KafkaAdminSurface> {
    return { listTopics: jest.fn(async () => existing), createTopics: jest.fn(async (_options: Parameters<KafkaAdminSurface['createTopics']>[0]) => true) };
  }

  it('creates the missing topics: events with delete retention, read models compacted, partitions and replication as configured', async () => {
    const admin = fakeAdmin(['lifeline.customer-clv.v1']);
    const created = await ensureTopics(admin, { replicationFactor: 3 });
    expect(created).toEqual(['lifeline.customer-events.v1', 'lifeline.customer-profiles.v1', 'lifeline.retention.v1']);
    const { topics, waitForLeaders } = admin.createTopics.mock.calls[0]![0];
    expect(waitForLeaders).toBe(true);
    expect(topics.map((t) => [t.topic, t.numPartitions, t.replicationFactor, t.configEntries])).toEqual([
      ['lifeline.customer-events.v1', 6, 3, [{ name: 'cleanup.policy', value: 'delete' }, { name: 'min.insync.replicas', value: '2' }]],
      ['lifeline.customer-profiles.v1', 6, 3, [{ name: 'cleanup.policy', value: 'compact' }, { name: 'min.insync.replicas', value: '2' }, { name: 'max.compaction.lag.ms', value: '604800000' }]],
      ['lifeline.retention.v1', 6, 3, [{ name: 'cleanup.policy', value: 'compact' }, { name: 'min.insync.replicas', value: '2' }, { name: 'max.compaction.lag.ms', value: '604800000' }]],
    ]);
  });

  it('on a single broker uses one replica and min.insync.replicas 1', async () => {
    const admin = fakeAdmin([]);
    await ensureTopics(admin, { replicationFactor: 1, partitions: 3 });
    for (const topic of admin.createTopics.mock.calls[0]![0].topics) {
      expect(topic).toMatchObject({ numPartitions: 3, replicationFactor: 1 });
      expect(topic.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '1' });
    }
  });

  it('leaves existing topics alone', async () => {
    const admin = fakeAdmin(['lifeline.customer-events.v1', 'lifeline.customer-profiles.v1', 'lifeline.customer-clv.v1', 'lifeline.retention.v1']);
    await expect(ensureTopics(admin, { replicationFactor: 1 })).resolves.toEqual([]);
    expect(admin.createTopics).not.toHaveBeenCalled();
  });

  it.each([
    [{ replicationFactor: 0 }, /replicationFactor/],
    [{ replicationFactor: 1, partitions: 0 }, /partitions/],
    [{ replicationFactor: 1, minInSyncReplicas: 2 }, /minInSyncReplicas/],
  ])('refuses %p before asking the broker', async (options, message) => {
    const admin = fakeAdmin([]);
    await expect(ensureTopics(admin, options)).rejects.toThrow(message);
    expect(admin.listTopics).not.toHaveBeenCalled();
  });
});
