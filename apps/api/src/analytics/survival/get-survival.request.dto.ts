import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../customers/commands/shared/validators';
import { PopulationParams } from '../shared/query-params';

export const SURVIVAL_GROUPINGS = ['segment', 'channel'] as const;
export const SURVIVAL_UNITS = ['day', 'week', 'month'] as const;
export type SurvivalGrouping = (typeof SURVIVAL_GROUPINGS)[number];
export type SurvivalUnit = (typeof SURVIVAL_UNITS)[number];

export class GetSurvivalRequestDto extends PopulationParams {
  @ApiPropertyOptional({ enum: SURVIVAL_GROUPINGS, description: 'One curve per segment or acquisition channel, with a log-rank test; default one curve' })
  @Optional()
  @IsIn(SURVIVAL_GROUPINGS)
  by?: SurvivalGrouping;

  @ApiPropertyOptional({ enum: SURVIVAL_UNITS, default: 'day', description: 'Time unit of the curve: day, week (7 days) or month (30.4375 days)' })
  @Optional()
  @IsIn(SURVIVAL_UNITS)
  unit?: SurvivalUnit;
}
