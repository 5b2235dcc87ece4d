import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, type ContactChannel, type ContactDirection } from '@lifeline/customers/domain';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsBusinessTime, Optional } from '../shared/validators';

export class RecordContactRequestDto {
  @ApiPropertyOptional({ description: `Unique per customer (${ENTITY_ID_RULE}); generated when absent`, pattern: ENTITY_ID_PATTERN.source, example: 'ct-7' })
  @Optional()
  @Matches(ENTITY_ID_PATTERN, { message: `contactId must be ${ENTITY_ID_RULE}` })
  contactId?: string;

  @ApiProperty({ enum: CONTACT_CHANNELS, example: 'phone' })
  @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @ApiProperty({ enum: CONTACT_DIRECTIONS, example: 'inbound' })
  @IsIn(CONTACT_DIRECTIONS)
  direction!: ContactDirection;

  @ApiProperty({ maxLength: 500, example: 'invoice question' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  topic!: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'm.weiss' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agent?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now', format: 'date-time', example: '2025-02-01T10:15:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
