import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACQUISITION_CHANNELS, type AcquisitionChannel } from '@lifeline/customers/domain';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsBusinessTime, Optional } from '../shared/validators';

export class AcquireCustomerRequestDto {
  @ApiPropertyOptional({ description: `Chosen by the caller (${ENTITY_ID_RULE}); generated when absent`, pattern: ENTITY_ID_PATTERN.source, example: 'c-1042' })
  @Optional()
  @Matches(ENTITY_ID_PATTERN, { message: `customerId must be ${ENTITY_ID_RULE}` })
  customerId?: string;

  @ApiProperty({ maxLength: 200, example: 'Acme GmbH' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254, example: 'buying@acme.example' })
  @Optional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Free text, e.g. smb, mid_market, enterprise', maxLength: 64, example: 'mid_market' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  segment?: string;

  @ApiProperty({ enum: ACQUISITION_CHANNELS, example: 'referral' })
  @IsIn(ACQUISITION_CHANNELS)
  acquisitionChannel!: AcquisitionChannel;

  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  keyAccount?: boolean;

  @ApiPropertyOptional({ maxLength: 200, example: 'j.berger' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountManager?: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now; at most 5 minutes ahead', format: 'date-time', example: '2025-01-10T09:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
