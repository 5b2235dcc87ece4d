import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsBusinessTime, Optional } from '../shared/validators';

export class ResolveComplaintRequestDto {
  @ApiProperty({ maxLength: 5000, example: 'refunded duplicate charge' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  resolution!: string;

  @ApiPropertyOptional({ description: "Customer's satisfaction with the resolution, 1 (poor) to 5 (excellent)", minimum: 1, maximum: 5, type: 'integer', example: 4 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now; not before the filing', format: 'date-time', example: '2025-02-04T16:30:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
