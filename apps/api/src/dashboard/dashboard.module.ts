import { Module } from '@nestjs/common';
import { DASHBOARD_BUNDLE, locateDashboardBundle } from './dashboard-bundle';
import { DashboardController } from './dashboard.controller';

/** GET /dashboard (and / redirecting to it): plots for analysts, drawn in the browser from the API's own endpoints. */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DASHBOARD_BUNDLE, useFactory: locateDashboardBundle }],
})
export class DashboardModule {}
