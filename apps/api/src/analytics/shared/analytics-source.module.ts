import { Module } from '@nestjs/common';
import { AnalyticsSource } from './analytics-source';

/** One AnalyticsSource (and so one cache of the scanned read models) for the analytics and the customer list's RFM filter. */
@Module({ providers: [AnalyticsSource], exports: [AnalyticsSource] })
export class AnalyticsSourceModule {}
