import { ApiProperty } from '@nestjs/swagger';

const REVENUE_MINOR = 'Revenue to date in integer minor units, as a number (exact below 2^53; revenueAmount is exact always)';
const REVENUE_AMOUNT = { description: 'Revenue to date, the exact decimal string of the currency', example: '1234.50' } as const;

export class AbcClassFiguresDto {
  @ApiProperty()
  customers!: number;

  @ApiProperty({ description: REVENUE_MINOR })
  revenueMinor!: number;

  @ApiProperty(REVENUE_AMOUNT)
  revenueAmount!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Share (0–1) of the revenue; null without revenue' })
  revenueShare!: number | null;
}

export class AbcClassesDto {
  @ApiProperty({ type: AbcClassFiguresDto, description: 'The customers making the first 80 % of revenue' })
  A!: AbcClassFiguresDto;

  @ApiProperty({ type: AbcClassFiguresDto, description: 'The next 15 %' })
  B!: AbcClassFiguresDto;

  @ApiProperty({ type: AbcClassFiguresDto, description: 'The rest, and customers without revenue' })
  C!: AbcClassFiguresDto;
}

export class KeyAccountSuggestionDto {
  @ApiProperty()
  customerId!: string;

  @ApiProperty({ description: REVENUE_MINOR })
  revenueMinor!: number;

  @ApiProperty(REVENUE_AMOUNT)
  revenueAmount!: string;

  @ApiProperty({ type: String, nullable: true })
  segment!: string | null;

  @ApiProperty()
  keyAccount!: boolean;
}

/** GET /analytics/abc (segmentation.ts AbcAnswer). */
export class AbcAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ description: 'Customers acquired by asOf with a purchase history' })
  customers!: number;

  @ApiProperty({ description: REVENUE_MINOR })
  revenueMinor!: number;

  @ApiProperty(REVENUE_AMOUNT)
  revenueAmount!: string;

  @ApiProperty({ type: AbcClassesDto })
  classes!: AbcClassesDto;

  @ApiProperty({ type: [KeyAccountSuggestionDto], description: 'A customers without an account manager, by revenue descending: candidates for key-account management' })
  keyAccountSuggestions!: KeyAccountSuggestionDto[];
}
