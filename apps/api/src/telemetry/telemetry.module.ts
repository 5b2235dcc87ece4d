import { Module } from '@nestjs/common';

/** Prometheus metrics and structured request logging. */
@Module({})
export class TelemetryModule {}
