import { ApiProperty } from '@nestjs/swagger';
import { CLV_TIME_UNITS, type ClvTimeUnit } from '../clv-model';
import { NO_PREDICTION_REASONS, type NoPredictionReason } from './get-customer-clv.query';

export class CustomerClvPredictionDto {
  @ApiProperty({ description: 'P(alive) at the calibration end' })
  probabilityAlive!: number;

  @ApiProperty({ description: 'Over the horizon after the calibration end' })
  expectedPurchases!: number;

  @ApiProperty({ description: 'Minor units' })
  expectedSpendPerPurchaseMinor!: number;

  @ApiProperty({ description: 'Discounted, minor units (unrounded)' })
  clvMinor!: number;

  @ApiProperty({ description: 'Repeat purchase days by the calibration end (BG/NBD x)' })
  frequency!: number;

  @ApiProperty({ description: 'Time of the last purchase since the first, in time units (t_x)' })
  recency!: number;

  @ApiProperty({ description: 'Time from the first purchase to the calibration end, in time units (T)' })
  age!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The recorded churn that overrode the model (P(alive) and CLV 0), or null' })
  recordedChurnAt!: string | null;
}

export class NoClvPredictionDto {
  @ApiProperty({ enum: NO_PREDICTION_REASONS })
  reason!: NoPredictionReason;

  @ApiProperty()
  detail!: string;
}

export class CustomerRevenueToDateDto {
  @ApiProperty()
  purchases!: number;

  @ApiProperty({ description: 'Integer minor units, as a number (exact below 2^53)' })
  revenueMinor!: number;

  @ApiProperty({ description: 'The exact decimal string of the currency', example: '1234.50' })
  revenueAmount!: string;
}

/** GET /customers/{customerId}/clv (get-customer-clv.query.ts CustomerClvAnswer). */
export class CustomerClvAnswerDto {
  @ApiProperty()
  customerId!: string;

  @ApiProperty({ type: String, nullable: true })
  currency!: string | null;

  @ApiProperty()
  modelId!: string;

  @ApiProperty({ format: 'date', example: '1997-09-30' })
  calibrationEnd!: string;

  @ApiProperty({ enum: CLV_TIME_UNITS })
  timeUnit!: ClvTimeUnit;

  @ApiProperty({ description: 'In time units' })
  horizon!: number;

  @ApiProperty({ type: CustomerClvPredictionDto, nullable: true, description: 'null when the latest model did not score the customer (see noPrediction)' })
  prediction!: CustomerClvPredictionDto | null;

  @ApiProperty({ type: NoClvPredictionDto, nullable: true, description: 'Why `prediction` is null; null when there is one' })
  noPrediction!: NoClvPredictionDto | null;

  @ApiProperty({ type: CustomerRevenueToDateDto, description: 'To date, from the customer profile' })
  historical!: CustomerRevenueToDateDto;
}
