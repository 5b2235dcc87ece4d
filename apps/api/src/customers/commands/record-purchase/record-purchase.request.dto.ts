import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PURCHASE_AMOUNT } from '@lifeline/customers/domain';
import { IsString, Matches } from 'class-validator';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsBusinessTime, IsDecimalAmount, Optional } from '../shared/validators';

export class RecordPurchaseRequestDto {
  @ApiPropertyOptional({ description: `Unique per customer (${ENTITY_ID_RULE}); generated when absent`, pattern: ENTITY_ID_PATTERN.source, example: 'o-17' })
  @Optional()
  @Matches(ENTITY_ID_PATTERN, { message: `orderId must be ${ENTITY_ID_RULE}` })
  orderId?: string;

  @ApiProperty({
    description: `Decimal string, greater than 0 and at most ${MAX_PURCHASE_AMOUNT}, at most 2 decimals; stored as integer minor units (cents)`,
    pattern: '^\\d{1,9}(\\.\\d{1,2})?$',
    example: '19.99',
  })
  @IsString()
  @IsDecimalAmount()
  amount!: string;

  @ApiProperty({ description: 'ISO 4217 code; must be the configured LIFELINE_CURRENCY (else 422)', pattern: '^[A-Z]{3}$', example: 'EUR' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter upper-case ISO 4217 code like EUR' })
  currency!: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now', format: 'date-time', example: '2025-02-05T11:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
