import { Module } from '@nestjs/common';

/** The HTTP feed of customer events (CloudEvents) for consumers without Kafka. */
@Module({})
export class FeedModule {}
