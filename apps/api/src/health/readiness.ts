import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { LifelineConfig } from '@lifeline/config';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { PUBLISHER_CHECKPOINT_STORE, type PublisherCheckpointStore } from '@lifeline/publishing/port';
import { READ_MODEL_STORE, type ReadModelStore } from '@lifeline/read-store/port';
import { LIFELINE_CONFIG } from '../config/lifeline-config.module';
import { ProjectionLagReader, type ProjectionLag } from '../telemetry/projection-lag';
import { ServiceLifecycle } from './service-lifecycle';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The indicators behind GET /health/ready, each one terminus result. */
@Injectable()
export class Readiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: ServiceLifecycle,
    private readonly projectionLag: ProjectionLagReader,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore,
    @Inject(LIFELINE_CONFIG) private readonly config: LifelineConfig,
    @Optional() @Inject(PUBLISHER_CHECKPOINT_STORE) private readonly publisherCheckpoint?: PublisherCheckpointStore,
  ) {}

  /**
   * With LIFELINE_PUBLISHER=kafka: down when the Kafka event publisher (in this process or in
   * apps/projector) is further behind the log than the same lag bounds allow, which is how a
   * broker outage shows here: its checkpoint stops while events keep arriving. Undefined otherwise.
   */
  async publisherWithinLag(): Promise<HealthIndicatorResult | undefined> {
    if (!this.publisherCheckpoint) return undefined;
    const session = this.indicators.check('publisher');
    try {
      const checkpoint = await this.publisherCheckpoint.load();
      const { lagEvents, lagSeconds } = await this.projectionLag.lagBehind(checkpoint, await this.eventStore.headPosition());
      const { maxLagEvents, maxLagSeconds } = this.config.readiness;
      const details = { topic: 'kafka', checkpoint, lagEvents, lagSeconds: Math.round(lagSeconds * 1000) / 1000 };
      if (lagEvents > maxLagEvents) return session.down({ ...details, problem: `${lagEvents} events not acknowledged by Kafka (bound ${maxLagEvents})` });
      if (lagSeconds > maxLagSeconds) return session.down({ ...details, problem: `oldest unpublished event waited ${Math.round(lagSeconds)} s (bound ${maxLagSeconds} s)` });
      return session.up(details);
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
  }

  async service(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('service');
    return this.lifecycle.isStopping ? session.down({ message: 'shutting down' }) : session.up();
  }

  async eventStoreReachable(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('eventStore');
    try {
      return session.up({ headPosition: await this.eventStore.headPosition() });
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
  }

  async readStoreReachable(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('readStore');
    try {
      return session.up({ collections: (await this.readStore.status()).collections.length });
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
  }

  /** Down when a projection failed or is further behind than LIFELINE_READY_MAX_LAG_EVENTS / _SECONDS. */
  async projectionsWithinLag(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('projections');
    let lags: ProjectionLag[];
    try {
      lags = await this.projectionLag.read();
    } catch (error) {
      return session.down({ message: messageOf(error) });
    }
    const { maxLagEvents, maxLagSeconds } = this.config.readiness;
    const details = Object.fromEntries(
      lags.map((lag) => {
        const problem =
          lag.state === 'failed'
            ? `failed: ${lag.lastError ?? 'unknown error'}`
            : lag.lagEvents > maxLagEvents
              ? `${lag.lagEvents} events behind (bound ${maxLagEvents})`
              : lag.lagSeconds > maxLagSeconds
                ? `${Math.round(lag.lagSeconds)} s behind (bound ${maxLagSeconds} s)`
                : undefined;
        const { name, state, checkpoint, lagEvents, lagSeconds } = lag;
        return [name, { state, checkpoint, lagEvents, lagSeconds: Math.round(lagSeconds * 1000) / 1000, ...(problem !== undefined && { problem }) }];
      }),
    );
    return Object.values(details).some((detail) => 'problem' in detail) ? session.down(details) : session.up(details);
  }
}
