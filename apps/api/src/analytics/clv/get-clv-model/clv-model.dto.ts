import { ApiProperty } from '@nestjs/swagger';
import { CLV_TIME_UNITS, type ClvTimeUnit } from '../clv-model';

class FitDiagnosticsDto {
  @ApiProperty({ description: 'Log-likelihood at the fitted parameters' })
  logLikelihood!: number;

  @ApiProperty()
  iterations!: number;

  @ApiProperty()
  converged!: boolean;

  @ApiProperty()
  fitTimeMs!: number;
}

export class BgNbdFitDto extends FitDiagnosticsDto {
  @ApiProperty({ description: 'Purchase-rate Gamma shape' })
  r!: number;

  @ApiProperty({ description: 'Purchase-rate Gamma scale, in time units' })
  alpha!: number;

  @ApiProperty({ description: 'Dropout Beta a' })
  a!: number;

  @ApiProperty({ description: 'Dropout Beta b' })
  b!: number;
}

export class GammaGammaFitDto extends FitDiagnosticsDto {
  @ApiProperty()
  p!: number;

  @ApiProperty()
  q!: number;

  @ApiProperty({ description: 'In minor units of `currency`' })
  gamma!: number;
}

/** POST and GET /analytics/clv/model (libs/clv-fitting ClvModel). */
export class ClvModelDto {
  @ApiProperty({ example: 'clv-2025-07-01T10:00:00.000Z' })
  modelId!: string;

  @ApiProperty({ format: 'date-time' })
  fittedAt!: string;

  @ApiProperty({ format: 'date', description: 'Last day (UTC, inclusive) of the calibration period', example: '1997-09-30' })
  calibrationEnd!: string;

  @ApiProperty({ enum: CLV_TIME_UNITS })
  timeUnit!: ClvTimeUnit;

  @ApiProperty({ description: 'Prediction horizon in time units' })
  horizon!: number;

  @ApiProperty({ description: 'Discount rate per time unit (derived from annualDiscountRate when that was given)' })
  discountRatePerUnit!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The annual rate the fit was asked with; null when a rate per unit was given' })
  annualDiscountRate!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Spend figures are in minor units of it; null without purchases' })
  currency!: string | null;

  @ApiProperty({ description: 'Event-log position the purchase histories reflected when the model was fitted' })
  basedOnPosition!: number;

  @ApiProperty({ description: 'Customers with a purchase by calibrationEnd (the scored population)' })
  customers!: number;

  @ApiProperty()
  repeatCustomers!: number;

  @ApiProperty({ description: 'Customers whose recorded churn (no later reactivation) set P(alive) and CLV to 0' })
  zeroedByRecordedChurn!: number;

  @ApiProperty({ type: BgNbdFitDto, description: 'BG/NBD purchase and dropout model' })
  bgNbd!: BgNbdFitDto;

  @ApiProperty({ type: GammaGammaFitDto, description: 'Gamma-Gamma spend model' })
  gammaGamma!: GammaGammaFitDto;

  @ApiProperty({ description: 'Milliseconds the whole fit took' })
  fitTimeMs!: number;
}
