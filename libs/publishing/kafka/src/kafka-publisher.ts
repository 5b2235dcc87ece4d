import type { Kafka, Message, Producer } from 'kafkajs';
import { toKafkaMessage, type CloudEventOptions } from '@lifeline/publishing/cloudevents';
import type { DocumentChange, Publisher } from '@lifeline/publishing/port';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { CUSTOMER_EVENTS_TOPIC, DEFAULT_DOCUMENT_TOPICS } from './topics';

/** The producer methods the publisher calls; unit tests substitute it at this boundary. */
export type KafkaProducerSurface = Pick<Producer, 'send' | 'sendBatch' | 'disconnect'>;

/** Wait for every in-sync replica: a resolved send survives the loss of the leader. */
export const ACKS_ALL = -1;

export interface KafkaPublisherOptions extends CloudEventOptions {
  eventsTopic?: string;
  /** Projection name -> compacted topic. */
  documentTopics?: Readonly<Record<string, string>>;
}

/**
 * Publishes lifecycle events as CloudEvents (binary mode) keyed by customer id, and
 * read-model documents keyed by document id (null value = deleted). A call resolves only when
 * the broker acknowledged every message with acks=all.
 */
export class KafkaPublisher implements Publisher {
  private readonly eventsTopic: string;
  private readonly documentTopics: Readonly<Record<string, string>>;

  constructor(
    private readonly producer: KafkaProducerSurface,
    private readonly options: KafkaPublisherOptions = {},
  ) {
    this.eventsTopic = options.eventsTopic ?? CUSTOMER_EVENTS_TOPIC;
    this.documentTopics = options.documentTopics ?? DEFAULT_DOCUMENT_TOPICS;
  }

  /**
   * Idempotent producer with one request in flight: retries neither duplicate nor reorder
   * messages within a partition, so a customer's events arrive in revision order.
   */
  static async connect(kafka: Pick<Kafka, 'producer'>, options: KafkaPublisherOptions = {}): Promise<KafkaPublisher> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return new KafkaPublisher(producer, options);
  }

  async publishEvents(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages: Message[] = events.map((event) => toKafkaMessage(event, this.options));
    await this.producer.send({ topic: this.eventsTopic, messages, acks: ACKS_ALL });
  }

  async publishDocumentChanges(changes: readonly DocumentChange[]): Promise<void> {
    if (changes.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const change of changes) {
      const topic = this.topicOf(change.projection);
      const messages = byTopic.get(topic) ?? [];
      messages.push(documentMessage(change));
      byTopic.set(topic, messages);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    await this.producer.sendBatch({ topicMessages, acks: ACKS_ALL });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }

  private topicOf(projection: string): string {
    const topic = this.documentTopics[projection];
    if (topic === undefined) {
      throw new Error(`no Kafka topic for projection "${projection}"; known: ${Object.keys(this.documentTopics).join(', ')}`);
    }
    return topic;
  }
}

function documentMessage(change: DocumentChange): Message {
  if (change.documentId === '') throw new Error(`projection ${change.projection}: a document change needs a document id`);
  return {
    key: change.documentId,
    // A tombstone: compaction then drops every earlier state of this document.
    value: change.document === null ? null : JSON.stringify(change.document),
    headers: {
      'lifeline-projection': change.projection,
      'lifeline-position': String(change.position),
      ...(change.document !== null && { 'content-type': 'application/json' }),
    },
  };
}
