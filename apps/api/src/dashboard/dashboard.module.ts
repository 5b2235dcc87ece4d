import { Module } from '@nestjs/common';
import { CHART_JS_ASSET, locateChartJs } from './chart-js-asset';
import { DashboardController } from './dashboard.controller';

/** GET /dashboard (and / redirecting to it): plots for analysts, drawn in the browser from the API's own endpoints. */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: CHART_JS_ASSET, useFactory: locateChartJs }],
})
export class DashboardModule {}
