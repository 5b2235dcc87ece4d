import { ApiProperty } from '@nestjs/swagger';
import { GRANULARITIES, type GranularityParam } from '../shared/query-params';
import { RETENTION_BASES, type RetentionBasis } from './get-retention.request.dto';

export class CohortRetentionDto {
  @ApiProperty({ description: 'Acquisition period: 2025-03 (month) or 2025-W10 (ISO week)', example: '2025-03' })
  cohort!: string;

  @ApiProperty({ description: 'Customers acquired in the period' })
  size!: number;

  @ApiProperty({
    type: [Number],
    description: 'retention[k]: share (0–1) of the cohort retained at period k (k = 0 is the acquisition period); only fully ended periods',
  })
  retention!: number[];
}

/** GET /analytics/retention (get-retention.query.ts RetentionAnswer). */
export class RetentionAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: GranularityParam;

  @ApiProperty({ enum: RETENTION_BASES, description: 'status: not churned at the end of period k; activity: a purchase in period k' })
  basis!: RetentionBasis;

  @ApiProperty({ type: String, nullable: true, description: 'The segment filter; null: every segment' })
  segment!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The acquisition-channel filter; null: every channel' })
  channel!: string | null;

  @ApiProperty({ description: 'Customers in the population (acquired by asOf, after the filters)' })
  customers!: number;

  @ApiProperty({ type: [CohortRetentionDto], description: 'Oldest cohort first' })
  cohorts!: CohortRetentionDto[];
}
