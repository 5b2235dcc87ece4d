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
    if (publisherCheckpoint) {
      new Gauge({
        name: 'lifeline_publisher_lag_events',
        help: 'Customer events the event publisher has not published yet (counted up to 100000, which means at least that many)',
        registers: [metrics.registry],
        async collect() {
          const head = await runtime.eventStore.headPosition();
          this.set((await lagReader.lagBehind(await publisherCheckpoint.load(), head)).lagEvents);
        },
      });
    }
  }
}
