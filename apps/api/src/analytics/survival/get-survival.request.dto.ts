import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { Type } from 'class-transformer';
import { Optional } from '../../customers/commands/shared/validators';
import { PopulationParams } from '../shared/query-params';

export const SURVIVAL_GROUPINGS = ['segment', 'channel'] as const;
export const SURVIVAL_UNITS = ['day', 'week', 'month'] as const;
export type SurvivalGrouping = (typeof SURVIVAL_GROUPINGS)[number];
export type SurvivalUnit = (typeof SURVIVAL_UNITS)[number];
export const CHURN_RULES = ['recorded', 'inactivity'] as const;
export type ChurnRule = (typeof CHURN_RULES)[number];

export class GetSurvivalRequestDto extends PopulationParams {
  @ApiPropertyOptional({ enum: SURVIVAL_GROUPINGS, description: 'One curve per segment or acquisition channel, with a log-rank test; default one curve' })
  @Optional()
  @IsIn(SURVIVAL_GROUPINGS)
  by?: SurvivalGrouping;

  @ApiPropertyOptional({
    enum: SURVIVAL_UNITS,
    default: 'day',
    description:
      'Time unit of the curve: day, week (7 days) or month (30.4375 days). With week or month the steps are aggregated to whole units ' +
      '(step k covers (k−1, k]; the estimate is the exact one at the end of the unit); with day every exact step is listed.',
  })
  @Optional()
  @IsIn(SURVIVAL_UNITS)
  unit?: SurvivalUnit;

  @ApiPropertyOptional({
    enum: CHURN_RULES,
    default: 'recorded',
    description:
      'recorded: the event is the first recorded churn (CustomerChurned). inactivity: a derived churn, `inactivityDays` without a purchase ' +
      '(dated at the end of that gap; acquisition counts as activity), for purchase-only data that never records churn.',
  })
  @Optional()
  @IsIn(CHURN_RULES)
  churnRule?: ChurnRule;

  @ApiPropertyOptional({ description: 'Days without a purchase after which churnRule=inactivity deems a customer churned (required with it)', minimum: 1, maximum: 3650, example: 90 })
  @ValidateIf((params: GetSurvivalRequestDto) => params.churnRule === 'inactivity' || params.inactivityDays !== undefined)
  @IsDefined({ message: 'inactivityDays is required with churnRule=inactivity' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  inactivityDays?: number;
}
