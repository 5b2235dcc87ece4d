import { ApiPropertyOptional } from '@nestjs/swagger';
import { SURVEY_KINDS, type SurveyKind } from '@lifeline/customers/domain';
import { IsIn } from 'class-validator';
import { Optional } from '../../customers/commands/shared/validators';
import { granularityProperty, GRANULARITIES, PopulationParams, type GranularityParam } from '../shared/query-params';

export const SATISFACTION_GROUPINGS = ['segment', 'channel', 'touchpoint'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];

export class GetSatisfactionRequestDto extends PopulationParams {
  @ApiPropertyOptional({ enum: SURVEY_KINDS, description: 'Only this kind of answer (the other figures are then empty); default all' })
  @Optional()
  @IsIn(SURVEY_KINDS)
  kind?: SurveyKind;

  @ApiPropertyOptional({ enum: SATISFACTION_GROUPINGS, description: "Also per customer segment, acquisition channel, or the answer's touchpoint" })
  @Optional()
  @IsIn(SATISFACTION_GROUPINGS)
  by?: SatisfactionGrouping;

  @granularityProperty()
  @Optional()
  @IsIn(GRANULARITIES)
  granularity?: GranularityParam;
}
