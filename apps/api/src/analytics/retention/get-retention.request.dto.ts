import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../customers/commands/shared/validators';
import { granularityProperty, GRANULARITIES, PopulationParams, type GranularityParam } from '../shared/query-params';

export const RETENTION_BASES = ['status', 'activity'] as const;
export type RetentionBasis = (typeof RETENTION_BASES)[number];

export class GetRetentionRequestDto extends PopulationParams {
  @granularityProperty()
  @Optional()
  @IsIn(GRANULARITIES)
  granularity?: GranularityParam;

  @ApiPropertyOptional({
    enum: RETENTION_BASES,
    default: 'status',
    description:
      'status: share of the cohort not churned at the end of period k (needs recorded churn). ' +
      'activity: share of the cohort with at least one purchase in period k (what purchase-only data supports).',
  })
  @Optional()
  @IsIn(RETENTION_BASES)
  basis?: RetentionBasis;
}
