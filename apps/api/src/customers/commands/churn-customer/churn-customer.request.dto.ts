import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHURN_REASONS, type ChurnReason } from '@lifeline/customers/domain';
import { IsIn } from 'class-validator';
import { IsBusinessTime, Optional } from '../shared/validators';

export class ChurnCustomerRequestDto {
  @ApiProperty({ enum: CHURN_REASONS, example: 'competitor' })
  @IsIn(CHURN_REASONS)
  reason!: ChurnReason;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now', format: 'date-time', example: '2025-03-01T00:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
