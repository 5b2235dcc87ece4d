import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One lifecycle event in CloudEvents 1.0 JSON format: the same attributes as on Kafka (docs/asyncapi.yaml). */
export class CloudEventDto {
  @ApiProperty({ example: '1.0' }) specversion!: string;
  @ApiProperty({ description: 'The event id; de-duplicate on it', format: 'uuid' }) id!: string;
  @ApiProperty({ example: '/lifeline/customers' }) source!: string;
  @ApiProperty({ example: 'com.lifeline.customer.PurchaseRecorded.v1' }) type!: string;
  @ApiProperty({ description: 'The customer id', example: 'c-1042' }) subject!: string;
  @ApiProperty({ description: 'Business time (occurredAt)', format: 'date-time' }) time!: string;
  @ApiProperty({ example: 'application/json' }) datacontenttype!: string;
  @ApiProperty({ description: 'The event payload (docs/events.md)', type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ description: 'When the event store committed it', format: 'date-time' }) recordedtime!: string;
  @ApiProperty({ description: 'Global position, a decimal string (may exceed 32 bits)', example: '42' }) position!: string;
  @ApiProperty({ description: "Revision in the customer's stream, consecutive from 0", example: 3 }) revision!: number;
  @ApiProperty({ example: 1 }) schemaversion!: number;
  @ApiPropertyOptional() correlationid?: string;
  @ApiPropertyOptional() causationid?: string;
}

export class FeedPageDto {
  @ApiProperty({ type: [CloudEventDto], description: 'Customer events after `after`, in global position order' })
  events!: CloudEventDto[];

  @ApiProperty({
    description:
      'Pass as `after` to get the following page. When the page is not full it is the head position: you have everything up to it.',
    example: 142,
  })
  next!: number;

  @ApiProperty({ description: 'Position of the newest event in the store when the page was read', example: 142 })
  head!: number;
}
