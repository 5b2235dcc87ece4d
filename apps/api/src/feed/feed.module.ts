import { Module } from '@nestjs/common';
import { EventStreamService } from './event-stream.service';
import { FeedCapacity } from './feed-capacity';
import { FeedController } from './feed.controller';

/** The HTTP feed of customer events (CloudEvents) for consumers without Kafka. */
@Module({
  controllers: [FeedController],
  providers: [EventStreamService, FeedCapacity],
})
export class FeedModule {}
