import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, type ConsentChannel, type ConsentPurpose } from '@lifeline/customers/domain';
import { IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsBusinessTime, Optional } from '../shared/validators';

export class RecordConsentRequestDto {
  @ApiProperty({
    enum: CONSENT_PURPOSES,
    description: 'marketing: offers, promotions, newsletters; research: surveys and market research; service: service messages beyond what the contract needs',
    example: 'marketing',
  })
  @IsIn(CONSENT_PURPOSES, { message: `purpose must be one of ${CONSENT_PURPOSES.join(', ')}` })
  purpose!: ConsentPurpose;

  @ApiPropertyOptional({ enum: CONSENT_CHANNELS, description: 'Absent: every channel of the purpose (e.g. "unsubscribe me from all marketing")', example: 'email' })
  @Optional()
  @IsIn(CONSENT_CHANNELS, { message: `channel must be one of ${CONSENT_CHANNELS.join(', ')}` })
  channel?: ConsentChannel;

  @ApiProperty({ description: 'true: the customer gives consent (ConsentGiven); false: withdraws it or objects (ConsentWithdrawn)', example: true })
  @IsBoolean({ message: 'granted must be true or false' })
  granted!: boolean;

  @ApiPropertyOptional({
    description: 'Where the customer said so, as evidence (GDPR Art. 7(1)): a form, a call, a letter. Treated as personal data (it may name a person).',
    maxLength: 200,
    example: 'web form: newsletter sign-up',
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  source?: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone) the customer gave or withdrew it; defaults to now', format: 'date-time', example: '2025-05-01T12:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
