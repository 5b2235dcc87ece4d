import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../customers/commands/shared/validators';
import { AsOfParams, granularityProperty, GRANULARITIES, type GranularityParam } from '../shared/query-params';

export const REVENUE_GROUPINGS = ['cohort', 'segment'] as const;
export type RevenueGrouping = (typeof REVENUE_GROUPINGS)[number];

export class GetRevenueRequestDto extends AsOfParams {
  @granularityProperty()
  @Optional()
  @IsIn(GRANULARITIES)
  granularity?: GranularityParam;

  @ApiPropertyOptional({ enum: REVENUE_GROUPINGS, default: 'cohort', description: 'Group customers by acquisition cohort (of `granularity`) or by segment' })
  @Optional()
  @IsIn(REVENUE_GROUPINGS)
  by?: RevenueGrouping;
}
