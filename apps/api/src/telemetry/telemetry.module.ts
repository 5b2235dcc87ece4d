import { Global, Module } from '@nestjs/common';
import type { LifelineConfig } from '@lifeline/config';
import type { Logger } from 'pino';
import { LIFELINE_CONFIG } from '../config/lifeline-config.module';
import { LifelineMetrics } from './lifeline-metrics';
import { createLogger, LOGGER } from './logger';
import { MetricsController } from './metrics.controller';
import { PinoNestLogger } from './nest-logger';
import { ProjectionLagReader } from './projection-lag';
import { ProjectionLagMetrics } from './projection-lag.metrics';

/**
 * Prometheus metrics (GET /metrics) and the JSON logger. Global: the persistence layer
 * counts projected events and logs projector trouble through them.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: LOGGER, useFactory: (config: LifelineConfig) => createLogger(config), inject: [LIFELINE_CONFIG] },
    { provide: PinoNestLogger, useFactory: (logger: Logger) => new PinoNestLogger(logger), inject: [LOGGER] },
    { provide: LifelineMetrics, useFactory: () => new LifelineMetrics() },
    ProjectionLagReader,
    ProjectionLagMetrics,
  ],
  exports: [LOGGER, PinoNestLogger, LifelineMetrics, ProjectionLagReader],
})
export class TelemetryModule {}
