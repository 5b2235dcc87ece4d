import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_EVENT_TYPES } from '@lifeline/customers/domain';
import type { TimelineEntry } from '@lifeline/projections/timeline';

export type TimelineEntryView = Omit<TimelineEntry, 'sortKey' | 'customerId'>;

export interface TimelinePage {
  readonly customerId: string;
  readonly items: TimelineEntryView[];
  readonly nextCursor: string | null;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ enum: CUSTOMER_EVENT_TYPES })
  type!: string;

  @ApiProperty({ format: 'date-time', description: 'Business time' })
  occurredAt!: string;

  @ApiProperty({ description: 'Global position in the event log', example: 1289 })
  position!: number;

  @ApiProperty({ description: "Revision in the customer's stream", example: 3 })
  revision!: number;

  @ApiProperty({ example: 'Purchase of 19.99 EUR (order o-17)' })
  summary!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data as recorded (see docs/events.md)" })
  details!: Record<string, unknown>;
}

export class TimelinePageDto {
  @ApiProperty({ example: 'c-1042' })
  customerId!: string;

  @ApiProperty({ type: [TimelineEntryDto], description: 'By business time, then position' })
  items!: TimelineEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
