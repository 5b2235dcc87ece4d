import { ApiProperty } from '@nestjs/swagger';
import { CLV_TIME_UNITS, type ClvTimeUnit } from '../clv-model';

export class ClvSummaryDto {
  @ApiProperty()
  customers!: number;

  @ApiProperty({ description: 'Predicted CLV summed, minor units' })
  totalClvMinor!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Minor units; null without customers' })
  meanClvMinor!: number | null;
}

export class ClvDecileDto extends ClvSummaryDto {
  @ApiProperty({ description: '1 = the most valuable tenth by predicted CLV, 10 the least', minimum: 1, maximum: 10 })
  decile!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Minor units; null for an empty decile (fewer than 10 customers)' })
  minClvMinor!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Minor units; null for an empty decile' })
  maxClvMinor!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Share (0–1) of the total predicted value; null when the total is 0' })
  shareOfTotal!: number | null;
}

export class ClvSegmentSummaryDto extends ClvSummaryDto {
  @ApiProperty({ description: '"(none)": customers without a segment' })
  segment!: string;
}

/** One customer's stored score (collection customer-clv). */
export class CustomerClvScoreDto {
  @ApiProperty()
  customerId!: string;

  @ApiProperty()
  modelId!: string;

  @ApiProperty({ type: String, nullable: true })
  segment!: string | null;

  @ApiProperty({ type: String, nullable: true })
  currency!: string | null;

  @ApiProperty({ description: 'Repeat purchase days by the calibration end (BG/NBD x)' })
  frequency!: number;

  @ApiProperty({ description: 'Time of the last purchase since the first, in time units (t_x)' })
  recency!: number;

  @ApiProperty({ description: 'Time from the first purchase to the calibration end, in time units (T)' })
  age!: number;

  @ApiProperty({ description: 'P(alive) at the calibration end' })
  probabilityAlive!: number;

  @ApiProperty({ description: 'Over the horizon after the calibration end' })
  expectedPurchases!: number;

  @ApiProperty({ description: 'Minor units' })
  expectedSpendPerPurchaseMinor!: number;

  @ApiProperty({ description: 'Discounted, minor units (unrounded)' })
  clvMinor!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The recorded churn that set P(alive) and CLV to 0, or null' })
  recordedChurnAt!: string | null;
}

/** GET /analytics/clv (get-clv-distribution.query.ts ClvDistributionAnswer). */
export class ClvDistributionAnswerDto {
  @ApiProperty()
  modelId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Amounts are in minor units of it' })
  currency!: string | null;

  @ApiProperty({ format: 'date', example: '1997-09-30' })
  calibrationEnd!: string;

  @ApiProperty({ enum: CLV_TIME_UNITS })
  timeUnit!: ClvTimeUnit;

  @ApiProperty({ description: 'In time units' })
  horizon!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The segment filter; null: every segment' })
  segment!: string | null;

  @ApiProperty({ type: ClvSummaryDto })
  overall!: ClvSummaryDto;

  @ApiProperty({ description: 'Customers whose recorded churn (no reactivation after it) overrode the model: P(alive) and CLV 0' })
  zeroedByRecordedChurn!: number;

  @ApiProperty({ type: [ClvDecileDto], description: 'Ten deciles by rank, sizes differing by at most one' })
  deciles!: ClvDecileDto[];

  @ApiProperty({ type: [ClvSegmentSummaryDto], description: 'By segment name' })
  bySegment!: ClvSegmentSummaryDto[];

  @ApiProperty({ type: [CustomerClvScoreDto], description: 'The `top` customers by predicted CLV, descending' })
  top!: CustomerClvScoreDto[];
}
