import { KafkaContainer, type StartedKafkaContainer } from '@testcontainers/kafka';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { v4 as uuid } from 'uuid';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { fromKafkaMessage } from '@lifeline/publishing/cloudevents';
import { KafkaPublisher, ensureTopics } from '@lifeline/publishing/kafka';
import { CONTAINER_START_TIMEOUT_MS, KAFKA_IMAGE, realServerFor } from './real-servers';

// The Kafka publisher against a real broker: the one in KAFKA_BROKERS, else a throw-away
// KRaft container when a Docker engine is around, else skipped (never a fake broker).
const server = realServerFor('KAFKA_BROKERS');
const WAIT_LIMIT_MS = 30_000;

function kafkaPublisherContract(openBrokers: () => Promise<string[]>, closeBrokers: () => Promise<void>): void {
  // Fresh topic names per run: the broker may be shared and is never wiped.
  const run = uuid().slice(0, 8);
  const eventsTopic = `test-${run}.customer-events`;
  const profilesTopic = `test-${run}.customer-profiles`;
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: `lifeline-contract-${run}`, brokers: await openBrokers(), logLevel: logLevel.WARN });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, {
        replicationFactor: 1,
        partitions: 3,
        topics: [
          { topic: eventsTopic, compacted: false },
          { topic: profilesTopic, compacted: true },
        ],
      });
      expect(created).toEqual([eventsTopic, profilesTopic]);
      const configs = await admin.describeConfigs({ resources: [{ type: 2, name: profilesTopic, configNames: ['cleanup.policy'] }], includeSynonyms: false });
      expect(configs.resources[0]!.configEntries).toContainEqual(expect.objectContaining({ configName: 'cleanup.policy', configValue: 'compact' }));
    } finally {
      await admin.disconnect();
    }
    publisher = await KafkaPublisher.connect(kafka, { eventsTopic, documentTopics: { 'customer-profiles': profilesTopic } });
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect();
    await publisher?.close();
    await closeBrokers();
  });

  async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
    const consumer = kafka.consumer({ groupId: `lifeline-contract-${uuid()}` });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`received ${received.length} of ${count} messages from ${topic}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return received;
  }

  it('publishes lifecycle events as CloudEvents keyed by customer, each customer in revision order', async () => {
    const events = [event('a', 0, 1), event('b', 0, 2), event('a', 1, 3), event('c', 0, 4), event('a', 2, 5), event('b', 1, 6)];
    await publisher.publishEvents(events);

    const received = await readAll(eventsTopic, events.length);
    const cloudEvents = received.map((message) => ({ key: message.key!.toString(), event: fromKafkaMessage(message) }));
    for (const { key, event: cloudEvent } of cloudEvents) expect(cloudEvent.subject).toBe(key);
    for (const customer of ['a', 'b', 'c']) {
      const revisions = cloudEvents.filter(({ key }) => key === customer).map(({ event: e }) => e.revision);
      expect(revisions).toEqual(events.filter((e) => e.data['customerId'] === customer).map((e) => e.revision));
    }
    expect(new Set(cloudEvents.map(({ event: e }) => e.id))).toEqual(new Set(events.map((e) => e.eventId)));
  });

  it('publishes document states keyed by id, a deletion as a tombstone', async () => {
    await publisher.publishDocumentChanges([
      { projection: 'customer-profiles', documentId: 'a', document: { name: 'Ada' }, position: 1 },
      { projection: 'customer-profiles', documentId: 'a', document: null, position: 2 },
    ]);
    const received = await readAll(profilesTopic, 2);
    expect(received.map((m) => [m.key!.toString(), m.value?.toString() ?? null])).toEqual([
      ['a', '{"name":"Ada"}'],
      ['a', null],
    ]);
  });
}

function event(customerId: string, revision: number, position: number): RecordedEvent {
  return {
    eventId: uuid(),
    type: 'CustomerContacted',
    schemaVersion: 1,
    occurredAt: '2025-01-01T00:00:00.000Z',
    data: { customerId, contactId: uuid(), channel: 'email', direction: 'inbound', topic: 'contract' },
    metadata: { correlationId: 'kafka-contract' },
    streamId: `customer-${customerId}`,
    revision,
    position,
    recordedAt: '2025-01-01T00:00:01.000Z',
  };
}

if (server.kind === 'environment') {
  describe(`Kafka publisher against ${server.address}`, () => {
    // Leaving a consumer group and the first group coordinator lookup take seconds on a real broker.
    jest.setTimeout(60_000);
    kafkaPublisherContract(
      async () => server.address.split(',').map((broker) => broker.trim()),
      async () => undefined,
    );
  });
} else if (server.kind === 'testcontainers') {
  describe(`Kafka publisher against a KRaft container (${KAFKA_IMAGE})`, () => {
    jest.setTimeout(CONTAINER_START_TIMEOUT_MS);
    let container: StartedKafkaContainer | undefined;
    kafkaPublisherContract(
      async () => {
        container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
        return [`${container.getHost()}:${container.getMappedPort(9093)}`];
      },
      async () => {
        await container?.stop();
      },
    );
  });
} else {
  describe.skip('Kafka publisher contract skipped: set KAFKA_BROKERS (scripts/services up starts a broker) or run a Docker engine', () => {
    it('publishes events and document changes to a real broker and reads them back', () => undefined);
  });
}
