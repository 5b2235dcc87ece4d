import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { LifelineConfig } from '@lifeline/config';
import { LifelineConfigModule } from './config/lifeline-config.module';
import { PersistenceModule } from './config/persistence.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthModule } from './auth/auth.module';
import { ComplaintsQueryModule } from './complaints/complaints-query.module';
import { CustomerCommandsModule } from './customers/commands/customer-commands.module';
import { CustomerQueriesModule } from './customers/queries/customer-queries.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { FeedModule } from './feed/feed.module';
import { HealthModule } from './health/health.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { ProjectionsModule } from './projections/projections.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation.pipe';

/**
 * The API, built from a validated configuration (tests pass one with a temporary data dir).
 * One module per capability; the stores and the in-process projector come from PersistenceModule.
 */
@Module({})
export class AppModule {
  static forRoot(config: LifelineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LifelineConfigModule.forRoot(config),
        PersistenceModule.forRoot(config),
        CqrsModule.forRoot(),
        AuthModule.forRoot(config),
        TelemetryModule,
        HealthModule,
        CustomerCommandsModule,
        CustomerQueriesModule,
        ProjectionsModule,
        AnalyticsModule,
        ComplaintsQueryModule,
        FeedModule,
        DashboardModule,
        PersonalDataModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
