import type { LifelineConfig } from '@lifeline/config';
import { InvalidPositionError, type EventStore } from '@lifeline/event-store/port';
import { CUSTOMER_EVENTS_TOPIC, connectKafkaPublisher, createKafka } from '@lifeline/publishing/kafka';
import type { Publisher } from '@lifeline/publishing/port';
import { replayEvents } from '@lifeline/publishing/runtime';
import { CliError, EXIT, type CliContext } from '../cli-context';
import { startProgress } from '../progress';
import { cliConfig, openEventStore } from '../stores';

export const REPLAY_TARGETS = ['publisher'] as const;

export interface ReplayCommandOptions {
  readonly dataDir?: string;
  /** Re-publish events after this global position. */
  readonly from: number;
  /** Up to and including this position; default the head when the replay starts. */
  readonly to?: number;
  readonly batchSize?: number;
}

/** How the command reaches the broker (tests pass a recording Publisher) and the event store. */
export interface ReplayDependencies {
  connectPublisher(config: LifelineConfig): Promise<Pick<Publisher, 'publishEvents' | 'close'>>;
  openStore?(config: LifelineConfig): EventStore;
}

const kafka: ReplayDependencies = {
  connectPublisher: async (config) =>
    (
      await connectKafkaPublisher(createKafka(config.kafkaBrokers ?? [], 'lifeline-replay'), {
        brokers: config.kafkaBrokers ?? [],
        partitions: config.kafkaPartitions,
        replicationFactor: config.kafkaReplicationFactor,
      })
    ).publisher,
};

/**
 * `lifeline replay publisher --from P [--to Q]`: sends the customer events in (P, Q] to Kafka
 * again, for a new or broken consumer, without moving the live publisher's checkpoint. With the
 * HTTP feed there is nothing to send (consumers pull by position), so it says where to read.
 */
export async function runReplay(options: ReplayCommandOptions, ctx: CliContext, dependencies: ReplayDependencies = kafka): Promise<number> {
  if (options.to !== undefined && options.to < options.from) throw new CliError(`--to (${options.to}) must not be before --from (${options.from})`, EXIT.usage);
  const config = cliConfig(ctx.env, options.dataDir);
  if (config.publisher === 'feed') {
    ctx.stdout.write(
      `nothing to re-send: LIFELINE_PUBLISHER=feed and feed consumers pull by position; have the consumer read GET /feed/events?after=${options.from} ` +
        `(or follow /feed/events/stream with Last-Event-ID: ${options.from})\n`,
    );
    return EXIT.ok;
  }

  const store = dependencies.openStore?.(config) ?? (await openEventStore(config, { create: false }));
  let publisher: Pick<Publisher, 'publishEvents' | 'close'> | undefined;
  try {
    const to = options.to ?? (await store.headPosition());
    await refuseUnreadablePosition(store, options.from);
    publisher = await dependencies.connectPublisher(config);
    const progress = startProgress(ctx, 'replay', Math.max(0, to - options.from), 'positions');
    const result = await replayEvents(store, publisher, {
      from: options.from,
      to,
      batchSize: options.batchSize,
      signal: ctx.signal,
      onProgress: (_published, at) => progress.update(at - options.from),
    });
    progress.stop();
    const range = result.published === 0 ? `after position ${options.from}` : `positions ${options.from + 1}..${result.lastPosition}`;
    if (result.interrupted) {
      ctx.stderr.write(`replay stopped: re-published ${result.published} events (${range}); continue with --from ${result.lastPosition} --to ${result.to}\n`);
      return EXIT.interrupted;
    }
    ctx.stdout.write(`re-published ${result.published} customer events (${range}, up to ${result.to}) to ${CUSTOMER_EVENTS_TOPIC}\n`);
    return EXIT.ok;
  } finally {
    await publisher?.close();
    await store.close();
  }
}

/** Before connecting anything: the store must be able to read after `from` (EventStoreDB refuses numbers inside a log record). */
async function refuseUnreadablePosition(store: EventStore, from: number): Promise<void> {
  try {
    await store.readAll({ after: from, maxCount: 1 });
  } catch (error) {
    if (!(error instanceof InvalidPositionError)) throw error;
    throw new CliError(
      `--from ${from} is not a position in the event log: use 0 or a position the store returned ` +
        `(an event's position, a checkpoint, the feed's "next"); with EventStoreDB positions are log offsets, not event counts`,
      EXIT.usage,
    );
  }
}
