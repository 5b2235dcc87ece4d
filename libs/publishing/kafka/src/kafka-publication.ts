import { Kafka, logLevel } from 'kafkajs';
import type { EventStore } from '@lifeline/event-store/port';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import {
  ClvPublishingLoop,
  DOCUMENT_PUBLISHER_CHECKPOINT,
  DocumentPublishingLoop,
  EVENT_PUBLISHER_CHECKPOINT,
  ReadStoreCheckpoint,
  RetentionPublishingLoop,
  type DocumentPublishingLoopOptions,
} from '@lifeline/publishing/runtime';
import type { ReadModelStore } from '@lifeline/read-store/port';
import { EventPublishingLoop } from './event-publishing-loop';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics, type KafkaAdminSurface } from './topic-bootstrapper';
import { DEFAULT_DOCUMENT_TOPICS } from './topics';

/** The two kafkajs factories the wiring calls; tests substitute their clients at the method boundary. */
export interface KafkaConnector {
  admin(): KafkaAdminSurface & { connect(): Promise<void>; disconnect(): Promise<void> };
  producer: Kafka['producer'];
}

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly partitions: number;
  readonly replicationFactor: number;
}

/** Kafka could not be reached or refused the topics at start-up: the operator's to fix, one line. */
export class KafkaUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * A kafkajs client that gives up within seconds at start-up (its default retries for minutes),
 * so a wrong KAFKA_BROKERS fails the process fast; the loops retry on their own afterwards.
 * kafkajs's own multi-line logs are off: failures reach the operator once, as one line, through
 * the start-up error or the loops' onError.
 */
export function createKafka(brokers: readonly string[], clientId = 'lifeline'): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], connectionTimeout: 3000, retry: { retries: 3, initialRetryTime: 300 }, logLevel: logLevel.NOTHING });
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** Connects, creates missing topics, and connects an idempotent producer; fails with one line. */
export async function connectKafkaPublisher(kafka: KafkaConnector, settings: KafkaSettings): Promise<{ publisher: KafkaPublisher; createdTopics: string[] }> {
  const where = `Kafka at ${settings.brokers.join(',')}`;
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new KafkaUnavailableError(`cannot reach ${where}: ${firstLine(error)}`);
  }
  let createdTopics: string[];
  try {
    createdTopics = await ensureTopics(admin, { partitions: settings.partitions, replicationFactor: settings.replicationFactor });
  } catch (error) {
    throw new KafkaUnavailableError(`cannot create Lifeline's topics on ${where}: ${firstLine(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  try {
    return { publisher: await KafkaPublisher.connect(kafka), createdTopics };
  } catch (error) {
    throw new KafkaUnavailableError(`cannot connect a producer to ${where}: ${firstLine(error)}`);
  }
}

/** The projections whose documents have a topic (today: customer-profiles). */
export function publishedProjections(
  projections: readonly DocumentProjection<object>[],
  documentTopics: Readonly<Record<string, string>> = DEFAULT_DOCUMENT_TOPICS,
): DocumentProjection<object>[] {
  return projections.filter((projection) => Object.hasOwn(documentTopics, projection.name));
}

export interface PublicationLogger {
  error(fields: object, message: string): void;
}

export interface KafkaPublicationOptions {
  readonly kafka: KafkaConnector;
  readonly settings: KafkaSettings;
  readonly eventStore: EventStore;
  readonly readStore: ReadModelStore;
  /** Every projection the process runs; those with a document topic are published. */
  readonly projections: readonly DocumentProjection<object>[];
  readonly logger: PublicationLogger;
  readonly loopOptions?: Pick<DocumentPublishingLoopOptions, 'batchSize' | 'idleDelayMs' | 'retryDelayMs'>;
}

export interface RunningPublication {
  readonly createdTopics: readonly string[];
  /** Lets the rounds in flight finish (their checkpoints written), then disconnects. */
  stop(): Promise<void>;
}

/**
 * Kafka publication as the production projector runs it: lifecycle events to the events topic,
 * read-model documents, the latest CLV model's scores and the cohort retention rows to their
 * compacted topics, each loop with its own checkpoint in the read store, advanced only after
 * the broker acknowledged (at least once).
 */
export async function startKafkaPublication(options: KafkaPublicationOptions): Promise<RunningPublication> {
  const { publisher, createdTopics } = await connectKafkaPublisher(options.kafka, options.settings);
  const report = (loop: string) => (error: unknown) => options.logger.error({ loop, error: firstLine(error) }, 'publishing failed; retrying the same batch');
  let eventCheckpoint: ReadStoreCheckpoint;
  let documentCheckpoint: ReadStoreCheckpoint;
  let clv: ClvPublishingLoop;
  let retention: RetentionPublishingLoop;
  try {
    eventCheckpoint = await ReadStoreCheckpoint.open(options.readStore, EVENT_PUBLISHER_CHECKPOINT);
    documentCheckpoint = await ReadStoreCheckpoint.open(options.readStore, DOCUMENT_PUBLISHER_CHECKPOINT);
    const retry = { ...(options.loopOptions?.retryDelayMs !== undefined && { retryDelayMs: options.loopOptions.retryDelayMs }) };
    const poll = { ...(options.loopOptions?.idleDelayMs !== undefined && { pollIntervalMs: options.loopOptions.idleDelayMs }) };
    clv = await ClvPublishingLoop.open(options.readStore, publisher, { ...retry, ...poll, onError: report('clv') });
    retention = await RetentionPublishingLoop.open(options.readStore, publisher, { ...retry, ...poll, onError: report('retention') });
  } catch (error) {
    await publisher.close();
    throw error;
  }
  const events = new EventPublishingLoop(options.eventStore, publisher, eventCheckpoint, { ...options.loopOptions, onError: report('events') });
  const documents = new DocumentPublishingLoop(options.eventStore, options.readStore, publishedProjections(options.projections), publisher, documentCheckpoint, {
    ...options.loopOptions,
    onError: report('documents'),
  });
  const stopping = new AbortController();
  const running = Promise.all([events.run(stopping.signal), documents.run(stopping.signal), clv.run(stopping.signal), retention.run(stopping.signal)]);
  let stopped: Promise<void> | undefined;
  return {
    createdTopics,
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await running;
        await publisher.close();
      })()),
  };
}
