import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsBusinessTime, Optional } from '../shared/validators';

export class ReactivateCustomerRequestDto {
  @ApiPropertyOptional({ description: 'How the customer was won back', maxLength: 64, example: 'email' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  channel?: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now; not before the churn', format: 'date-time', example: '2025-04-01T00:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
