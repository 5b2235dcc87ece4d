import { startLifeline, type LifelineRuntime, type LiveProjector } from '@lifeline/composition';
import type { LifelineConfig } from '@lifeline/config';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import type { DocumentProjection, ProjectorLogger } from '@lifeline/projections/runtime';
import { createKafka, startKafkaPublication, type KafkaConnector, type RunningPublication } from '@lifeline/publishing/kafka';

export interface ProjectorApp {
  readonly projector: LiveProjector;
  readonly runtime: LifelineRuntime;
  /** Present when LIFELINE_PUBLISHER=kafka. */
  readonly publication?: RunningPublication;
  /** Stops publishing (acknowledged checkpoints written), finishes the projector's batches, closes the stores. */
  stop(): Promise<void>;
}

export interface ProjectorAppOptions {
  readonly config: LifelineConfig;
  readonly logger: ProjectorLogger;
  readonly projections?: readonly DocumentProjection<object>[];
  /** The Kafka client; by default one for config.kafkaBrokers. */
  readonly kafka?: KafkaConnector;
}

/**
 * The production projector process: the configured stores (LIFELINE_EVENT_STORE /
 * LIFELINE_READ_STORE), every read model, and with LIFELINE_PUBLISHER=kafka the publication of
 * events and documents. Start-up fails, with everything closed again, if a server is unreachable.
 */
export async function startProjectorApp(options: ProjectorAppOptions): Promise<ProjectorApp> {
  const { config, logger } = options;
  const projections = options.projections ?? ALL_PROJECTIONS;
  const runtime = await startLifeline(config, { runProjector: true, projections, logger });
  let publication: RunningPublication | undefined;
  if (config.publisher === 'kafka') {
    try {
      publication = await startKafkaPublication({
        kafka: options.kafka ?? createKafka(config.kafkaBrokers ?? []),
        settings: { brokers: config.kafkaBrokers ?? [], partitions: config.kafkaPartitions, replicationFactor: config.kafkaReplicationFactor },
        eventStore: runtime.eventStore,
        readStore: runtime.readStore,
        projections,
        logger,
      });
      if (publication.createdTopics.length > 0) logger.info({ topics: publication.createdTopics }, 'created Kafka topics');
    } catch (error) {
      await runtime.close();
      throw error;
    }
  }
  let stopping: Promise<void> | undefined;
  return {
    projector: runtime.projector,
    runtime,
    ...(publication && { publication }),
    stop: () =>
      (stopping ??= (async () => {
        await publication?.stop();
        await runtime.close();
      })()),
  };
}
