import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProducerRecord, RecordMetadata } from 'kafkajs';
import { loadConfig } from '@lifeline/config';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import type { KafkaConnector } from '@lifeline/publishing/kafka';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { startProjectorApp } from './projector-app';

const names: DocumentProjection<{ name: string }> = {
  name: 'names',
  version: 1,
  indexes: [],
  keysOf: (event) => (event.type === 'CustomerAcquired' ? [event.data.customerId] : []),
  evolve: (_doc, event) => (event.type === 'CustomerAcquired' ? { name: event.data.name } : undefined),
};
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** kafkajs admin and producer substituted at their method boundary (no broker here). */
function substituteKafka(options: { unreachable?: boolean } = {}) {
  const producer = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    send: jest.fn(async (_record: ProducerRecord): Promise<RecordMetadata[]> => []),
    sendBatch: jest.fn(async () => [] as RecordMetadata[]),
  };
  const admin = {
    connect: jest.fn(async () => {
      if (options.unreachable) throw new Error('Connection timeout');
    }),
    disconnect: jest.fn(async () => undefined),
    listTopics: jest.fn(async () => [] as string[]),
    createTopics: jest.fn(async () => true),
  };
  return { producer, kafka: { admin: () => admin, producer: () => producer } as unknown as KafkaConnector };
}

describe('projector app', () => {
  let dir: string;
  let position: number;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-projector-app-'));
    const events = SqliteEventStore.open(join(dir, 'events.db'));
    ({ position } = await events.appendToStream(
      'customer-c-1',
      [{ eventId: randomUUID(), type: 'CustomerAcquired', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false }, metadata: {} }],
      { expectedRevision: 'no_stream' },
    ));
    await events.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('projects the configured stores and leaves them closed and consistent on stop', async () => {
    const app = await startProjectorApp({ config: loadConfig({ LIFELINE_DATA_DIR: dir }), projections: [names], logger: silent });
    expect(app.publication).toBeUndefined();
    expect(await app.projector.waitForPosition(position, 5000)).toBe(true);
    await app.stop();
    await app.stop(); // a second signal is harmless

    const read = SqliteReadModelStore.open(join(dir, 'read.db'));
    expect(await read.get('names', 'c-1')).toEqual({ _id: 'c-1', name: 'Ada' });
    expect((await read.getCheckpoint('names')).position).toBe(position);
    await read.close();
  });

  it('with LIFELINE_PUBLISHER=kafka also publishes the events, and stop disconnects before closing the stores', async () => {
    const { kafka, producer } = substituteKafka();
    const config = loadConfig({ LIFELINE_DATA_DIR: dir, LIFELINE_PUBLISHER: 'kafka', KAFKA_BROKERS: 'localhost:9092' });
    const app = await startProjectorApp({ config, projections: [names], logger: silent, kafka });
    const deadline = Date.now() + 5000;
    while (producer.send.mock.calls.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await app.stop();
    expect(producer.send.mock.calls[0]![0].topic).toBe('lifeline.customer-events.v1');
    expect(producer.disconnect).toHaveBeenCalled();
    const read = SqliteReadModelStore.open(join(dir, 'read.db'));
    expect((await read.getCheckpoint('publisher-kafka')).position).toBe(position);
    await read.close();
  });

  it('refuses to start when Kafka is unreachable, in one line naming the brokers', async () => {
    const config = loadConfig({ LIFELINE_DATA_DIR: dir, LIFELINE_PUBLISHER: 'kafka', KAFKA_BROKERS: 'localhost:9092' });
    await expect(startProjectorApp({ config, projections: [names], logger: silent, kafka: substituteKafka({ unreachable: true }).kafka })).rejects.toThrow(
      'cannot reach Kafka at localhost:9092: Connection timeout',
    );
  });
});
