import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  CONTACT_CHANNELS,
  type ComplaintCategory,
  type ComplaintSeverity,
  type ContactChannel,
} from '@lifeline/customers/domain';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsBusinessTime, Optional } from '../shared/validators';

export class FileComplaintRequestDto {
  @ApiPropertyOptional({ description: `Unique per customer (${ENTITY_ID_RULE}); generated when absent`, pattern: ENTITY_ID_PATTERN.source, example: 'k-3' })
  @Optional()
  @Matches(ENTITY_ID_PATTERN, { message: `complaintId must be ${ENTITY_ID_RULE}` })
  complaintId?: string;

  @ApiProperty({ enum: COMPLAINT_CATEGORIES, example: 'billing' })
  @IsIn(COMPLAINT_CATEGORIES)
  category!: ComplaintCategory;

  @ApiProperty({ enum: COMPLAINT_SEVERITIES, example: 'high' })
  @IsIn(COMPLAINT_SEVERITIES)
  severity!: ComplaintSeverity;

  @ApiProperty({ enum: CONTACT_CHANNELS, description: 'How the complaint came in', example: 'email' })
  @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @ApiProperty({ maxLength: 5000, example: 'charged twice for order o-17' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now', format: 'date-time', example: '2025-02-03T08:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
