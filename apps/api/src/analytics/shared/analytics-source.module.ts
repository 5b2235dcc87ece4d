import { Module } from '@nestjs/common';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { AnalyticsPool } from '../workers/analytics-pool';
import { AnalyticsSource } from './analytics-source';
import { SharedComputations } from './shared-computations';

/**
 * One AnalyticsSource (one cache of the scanned read models), one pool of analytics worker
 * threads and one table of shared computations, for the analytics and the customer list's RFM filter.
 */
@Module({ providers: [AnalyticsSource, AnalyticsPool, SharedComputations, AnalyticsComputations], exports: [AnalyticsSource, AnalyticsPool, AnalyticsComputations] })
export class AnalyticsSourceModule {}
