import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LIFELINE_RUNTIME, PROJECTOR, startLifeline, type LifelineRuntime } from '@lifeline/composition';
import type { LifelineConfig } from '@lifeline/config';
import { EVENT_STORE } from '@lifeline/event-store/port';
import { IDEMPOTENCY_STORE } from '@lifeline/idempotency/port';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { PUBLISHER_CHECKPOINT_STORE } from '@lifeline/publishing/port';
import { EVENT_PUBLISHER_CHECKPOINT, ReadStoreCheckpoint } from '@lifeline/publishing/runtime';
import { READ_MODEL_STORE } from '@lifeline/read-store/port';
import type { Logger } from 'pino';
import { LifelineMetrics } from '../telemetry/lifeline-metrics';
import { LOGGER } from '../telemetry/logger';

/**
 * The stores the configuration chose and, by default, the projector running on them in
 * this process (in a worker thread when built, see ProjectorThread); exported under the ports' tokens. Shutdown finishes the projector's batch
 * in hand, writes its checkpoint, then closes the stores.
 */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(LIFELINE_RUNTIME) private readonly runtime: LifelineRuntime) {}

  static forRoot(config: LifelineConfig): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: LIFELINE_RUNTIME,
          useFactory: (metrics: LifelineMetrics, logger: Logger) =>
            startLifeline(config, {
              runProjector: config.runProjector,
              projections: ALL_PROJECTIONS.map((projection) => metrics.counting(projection)),
              logger: logger.child({ component: 'projector' }),
              // The built API projects in a worker thread, off the requests' event loop (docs/benchmarks.md, http-commands).
              projectorThread: { onProjected: (projection, events) => metrics.eventsProjected.labels(projection).inc(events) },
            }),
          inject: [LifelineMetrics, LOGGER],
        },
        { provide: EVENT_STORE, useFactory: (runtime: LifelineRuntime) => runtime.eventStore, inject: [LIFELINE_RUNTIME] },
        { provide: READ_MODEL_STORE, useFactory: (runtime: LifelineRuntime) => runtime.readStore, inject: [LIFELINE_RUNTIME] },
        { provide: IDEMPOTENCY_STORE, useFactory: (runtime: LifelineRuntime) => runtime.idempotencyStore, inject: [LIFELINE_RUNTIME] },
        { provide: PROJECTOR, useFactory: (runtime: LifelineRuntime) => runtime.projector, inject: [LIFELINE_RUNTIME] },
        // The projector process publishes to Kafka; the API only reads that checkpoint for the publisher-lag metric.
        ...(config.publisher === 'kafka'
          ? [
              {
                provide: PUBLISHER_CHECKPOINT_STORE,
                useFactory: (runtime: LifelineRuntime) => ReadStoreCheckpoint.open(runtime.readStore, EVENT_PUBLISHER_CHECKPOINT),
                inject: [LIFELINE_RUNTIME],
              },
            ]
          : []),
      ],
      exports: [
        LIFELINE_RUNTIME,
        EVENT_STORE,
        READ_MODEL_STORE,
        IDEMPOTENCY_STORE,
        PROJECTOR,
        ...(config.publisher === 'kafka' ? [PUBLISHER_CHECKPOINT_STORE] : []),
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}
