import { Inject, Injectable, Optional } from '@nestjs/common';
import { LIFELINE_RUNTIME, type LifelineRuntime } from '@lifeline/composition';
import { PUBLISHER_CHECKPOINT_STORE, type PublisherCheckpointStore } from '@lifeline/publishing/port';
import { Gauge } from 'prom-client';
import { LifelineMetrics } from './lifeline-metrics';
import { ProjectionLagReader, type ProjectionLag } from './projection-lag';

/**
 * Lag gauges, read at scrape time (never stale, nothing polls between scrapes). The two
 * projection gauges of one scrape share one read of the projector status.
 */
@Injectable()
export class ProjectionLagMetrics {
  private pending?: Promise<ProjectionLag[]>;

  constructor(
    metrics: LifelineMetrics,
    lagReader: ProjectionLagReader,
    @Inject(LIFELINE_RUNTIME) runtime: LifelineRuntime,
    @Optional() @Inject(PUBLISHER_CHECKPOINT_STORE) publisherCheckpoint?: PublisherCheckpointStore,
  ) {
    const read = () => (this.pending ??= lagReader.read().finally(() => (this.pending = undefined)));
    new Gauge({
      name: 'lifeline_projection_lag_events',
      help: 'Customer events each projection has not applied yet (counted up to 100000, which means at least that many)',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const projection of await read()) this.set({ projection: projection.name }, projection.lagEvents);
      },
    });
    new Gauge({
      name: 'lifeline_projection_lag_seconds',
      help: 'Age of the oldest event each projection has not applied yet (0 when caught up)',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const projection of await read()) this.set({ projection: projection.name }, projection.lagSeconds);
      },
    });
    new Gauge({
      name: 'lifeline_projection_failed',
      help: 'Whether each projection is stopped on an error (1) or not (0); /projections and `lifeline status` tell where and why',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const projection of await read()) this.set({ projection: projection.name }, projection.state === 'failed' ? 1 : 0);
      },
    });
    if (publisherCheckpoint) {
      let publisherPending: Promise<{ lagEvents: number; lagSeconds: number }> | undefined;
      const publisherLag = () =>
        (publisherPending ??= (async () => lagReader.lagBehind(await publisherCheckpoint.load(), await runtime.eventStore.headPosition()))().finally(
          () => (publisherPending = undefined),
        ));
      new Gauge({
        name: 'lifeline_publisher_lag_events',
        help: 'Customer events the event publisher has not published yet (counted up to 100000, which means at least that many)',
        registers: [metrics.registry],
        async collect() {
          this.set((await publisherLag()).lagEvents);
        },
      });
      new Gauge({
        name: 'lifeline_publisher_lag_seconds',
        help: 'Age of the oldest event the Kafka event publisher has not had acknowledged yet (0 when caught up)',
        registers: [metrics.registry],
        async collect() {
          this.set((await publisherLag()).lagSeconds);
        },
      });
    }
  }
}
