import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Optional } from '../../../customers/commands/shared/validators';

export class GetClvDistributionRequestDto {
  @ApiPropertyOptional({ description: 'Only customers of this segment ("(none)" for customers without one)', example: 'smb' })
  @Optional()
  @IsString()
  @Length(1, 64)
  segment?: string;

  @ApiPropertyOptional({ description: 'How many top customers to list, 1 to 100', default: 10 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  top?: number;
}
