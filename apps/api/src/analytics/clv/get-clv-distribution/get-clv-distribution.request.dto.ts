import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Optional } from '../../../customers/commands/shared/validators';
import { wholeNumber } from '../../../customers/queries/shared/page-query.dto';
import { IsNumberInRange } from '../../../customers/queries/shared/query-validators';

export class GetClvDistributionRequestDto {
  @ApiPropertyOptional({ description: 'Only customers of this segment ("(none)" for customers without one)', example: 'smb' })
  @Optional()
  @IsString()
  @Length(1, 64)
  segment?: string;

  @ApiPropertyOptional({ description: 'How many top customers to list, 1 to 100', default: 10 })
  @Optional()
  @wholeNumber()
  @IsNumberInRange({ min: 1, max: 100, integer: true }, { message: 'top must be a whole number from 1 to 100' })
  top?: number;
}
