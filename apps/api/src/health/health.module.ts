import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';
import { ServiceLifecycle } from './service-lifecycle';

/** Liveness, readiness and the service's stopping state (the HTTP app installs its middleware). */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [ServiceLifecycle, Readiness],
  exports: [ServiceLifecycle],
})
export class HealthModule {}
