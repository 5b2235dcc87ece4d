import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONSENT_PURPOSES, CONTACT_CHANNELS, CONTACT_DIRECTIONS, type ConsentPurpose, type ContactChannel, type ContactDirection } from '@lifeline/customers/domain';
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

  @ApiPropertyOptional({
    enum: CONSENT_PURPOSES,
    description:
      'What the contact was for, when it needed consent: an outbound contact for a purpose by email, phone or letter (post) is refused with 409 consent_withdrawn when the customer withdrew that consent. Leave it out for contacts that need none (answering the customer, contract matters).',
    example: 'marketing',
  })
  @Optional()
  @IsIn(CONSENT_PURPOSES, { message: `purpose must be one of ${CONSENT_PURPOSES.join(', ')}` })
  purpose?: ConsentPurpose;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now', format: 'date-time', example: '2025-02-01T10:15:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
