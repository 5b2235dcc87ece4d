import { ApiProperty } from '@nestjs/swagger';
import { GRANULARITIES, type GranularityParam } from '../shared/query-params';
import { REVENUE_GROUPINGS, type RevenueGrouping } from './get-revenue.request.dto';

const REVENUE_MINOR = 'The exact sum in integer minor units, as a number (exact below 2^53; revenueAmount is exact always)';
const REVENUE_AMOUNT = { description: 'The exact sum as a decimal string of the currency', example: '1234.50' } as const;

export class RevenuePeriodDto {
  @ApiProperty({ description: 'Calendar period: 2025-03 (month) or 2025-W10 (ISO week)', example: '2025-03' })
  period!: string;

  @ApiProperty({ description: 'False for the period asOf falls in: it is still filling up' })
  complete!: boolean;

  @ApiProperty()
  purchases!: number;

  @ApiProperty({ description: REVENUE_MINOR })
  revenueMinor!: number;

  @ApiProperty(REVENUE_AMOUNT)
  revenueAmount!: string;

  @ApiProperty({ description: 'Customers acquired before the period ended (the base the revenue is spread over)' })
  customers!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Minor units, unrounded; null when no customer had been acquired' })
  revenuePerCustomerMinor!: number | null;
}

export class RevenueTotalsDto {
  @ApiProperty()
  customers!: number;

  @ApiProperty({ description: 'Customers with at least one purchase' })
  buyers!: number;

  @ApiProperty()
  purchases!: number;

  @ApiProperty({ description: REVENUE_MINOR })
  revenueMinor!: number;

  @ApiProperty(REVENUE_AMOUNT)
  revenueAmount!: string;

  @ApiProperty({ description: 'Minor units, unrounded (0 without customers)' })
  revenuePerCustomerMinor!: number;
}

export class RevenueGroupDto extends RevenueTotalsDto {
  @ApiProperty({ description: "Acquisition cohort ('2025-03', '2025-W10') or segment ('(none)': no segment)" })
  group!: string;
}

/** GET /analytics/revenue (get-revenue.query.ts RevenueAnswer). */
export class RevenueAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: GranularityParam;

  @ApiProperty({ enum: REVENUE_GROUPINGS })
  by!: RevenueGrouping;

  @ApiProperty({ type: String, nullable: true, description: 'Amounts are in this currency (minor units); null before the first purchase' })
  currency!: string | null;

  @ApiProperty({ type: RevenueTotalsDto })
  totals!: RevenueTotalsDto;

  @ApiProperty({ type: [RevenuePeriodDto], description: 'Every calendar period from the first acquisition or purchase to the one holding asOf' })
  periods!: RevenuePeriodDto[];

  @ApiProperty({ type: [RevenueGroupDto], description: 'Per acquisition cohort or segment, by name' })
  groups!: RevenueGroupDto[];
}
