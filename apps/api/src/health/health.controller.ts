import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { HealthCheckFailedFilter } from './health-check-failed.filter';
import { Readiness } from './readiness';
import { PublicAccess } from '../auth/access.decorator';

@ApiTags('health')
// Probes are polled by orchestrators and monitors as often as they like; a rate limit would make
// a live server look dead (and /health must answer while anything else is refused).
@SkipThrottle()
@Controller('health')
@UseFilters(HealthCheckFailedFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  /** Liveness: the process serves and its event store answers. */
  @PublicAccess()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Ready to take commands: 200 when the event store answers, 503 otherwise' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const session = this.indicators.check('eventStore');
        try {
          return session.up({ headPosition: await this.eventStore.headPosition() });
        } catch (error) {
          return session.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
    ]);
  }

  /**
   * Readiness, for load balancers: both stores answer, every read model (and with Kafka, the
   * event publisher) is within the lag bound, and the service is not shutting down.
   * Documented in docs/runbook.md.
   */
  @PublicAccess()
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Ready to serve: both stores answer, every read model is within the lag bound, and the service is not stopping' })
  @ApiResponse({ status: 200, description: 'Ready (terminus JSON: status, info, error, details per check)' })
  @ApiResponse({ status: 503, description: 'Not ready: the failing checks are under `error`' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.readiness.service(),
      () => this.readiness.eventStoreReachable(),
      () => this.readiness.readStoreReachable(),
      () => this.readiness.projectionsWithinLag(),
      // Only with LIFELINE_PUBLISHER=kafka; otherwise there is nothing to report.
      async () => (await this.readiness.publisherWithinLag()) ?? {},
    ]);
  }
}
