import { Module } from '@nestjs/common';

/** Analytics: complaints KPIs, retention, survival, churn and lifetime value. */
@Module({})
export class AnalyticsModule {}
