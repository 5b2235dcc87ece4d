import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, Max, Min, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { Optional } from '../../../customers/commands/shared/validators';
import { CLV_TIME_UNITS, type ClvTimeUnit } from '../clv-model';

/** Longest horizon in steps: prediction cost grows with steps × distinct customer rows. */
export const MAX_HORIZON_UNITS = 520;

@ValidatorConstraint({ name: 'isCalendarDay' })
class IsCalendarDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar day YYYY-MM-DD, like 1997-09-30`;
  }
}

@ValidatorConstraint({ name: 'oneDiscountRate' })
class AtMostOneDiscountRate implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const body = args.object as FitClvModelRequestDto;
    return body.annualDiscountRate === undefined || body.discountRate === undefined;
  }
  defaultMessage(): string {
    return 'give either discountRate (per time unit) or annualDiscountRate, not both';
  }
}

export class FitClvModelRequestDto {
  @ApiProperty({ description: 'Last day (UTC, inclusive) of the calibration period: purchases up to it are fitted, and predictions start after it', example: '1997-09-30' })
  @Validate(IsCalendarDay)
  calibrationEnd!: string;

  @ApiProperty({ enum: CLV_TIME_UNITS, description: 'Model time unit: day, week (7 days) or month (30.4375 days)', example: 'week' })
  @IsIn(CLV_TIME_UNITS)
  timeUnit!: ClvTimeUnit;

  @ApiProperty({ description: `Prediction horizon in time units, 1 to ${MAX_HORIZON_UNITS}`, example: 52 })
  @IsInt()
  @Min(1)
  @Max(MAX_HORIZON_UNITS)
  horizon!: number;

  @ApiPropertyOptional({ description: 'Discount rate per time unit, e.g. 0.01 for 1% a month; default 0 unless annualDiscountRate is given', example: 0.0018 })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @Validate(AtMostOneDiscountRate)
  discountRate?: number;

  @ApiPropertyOptional({ description: 'Annual discount rate, e.g. 0.1; converted to (1 + rate)^(unit days / 365.25) − 1 per unit', example: 0.1 })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  annualDiscountRate?: number;
}
