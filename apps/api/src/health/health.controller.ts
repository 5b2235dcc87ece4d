import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

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
}
