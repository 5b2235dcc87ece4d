import { ApiProperty } from '@nestjs/swagger';
import { RFM_SEGMENT_NAMES, type RfmSegment } from '@lifeline/analytics/segmentation';

export class RfmSegmentFiguresDto {
  @ApiProperty({ enum: RFM_SEGMENT_NAMES })
  segment!: RfmSegment;

  @ApiProperty()
  customers!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Share (0–1) of the scored customers; null when nobody is scored' })
  share!: number | null;

  @ApiProperty({ description: 'Revenue to date in integer minor units, as a number (exact below 2^53)' })
  revenueMinor!: number;

  @ApiProperty({ description: 'Revenue to date, the exact decimal string of the currency', example: '1234.50' })
  revenueAmount!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Share (0–1) of the revenue; null without revenue' })
  revenueShare!: number | null;
}

export class RfmTransitionDto {
  @ApiProperty({ description: 'Segment at `from`; "(none)": no purchase by then' })
  from!: string;

  @ApiProperty({ description: 'Segment at asOf' })
  to!: string;

  @ApiProperty()
  customers!: number;
}

export class RfmMemberDto {
  @ApiProperty()
  customerId!: string;

  @ApiProperty({ description: 'Days from the last purchase to asOf' })
  recencyDays!: number;

  @ApiProperty({ description: 'Purchases by asOf' })
  frequency!: number;

  @ApiProperty({ description: 'Revenue to date in integer minor units, as a number (exact below 2^53)' })
  monetaryMinor!: number;

  @ApiProperty({ description: 'Revenue to date, the exact decimal string of the currency', example: '1234.50' })
  monetaryAmount!: string;

  @ApiProperty({ description: 'Recency score 1–5' })
  r!: number;

  @ApiProperty({ description: 'Frequency score 1–5' })
  f!: number;

  @ApiProperty({ description: 'Monetary score 1–5' })
  m!: number;

  @ApiProperty({ enum: RFM_SEGMENT_NAMES })
  segment!: RfmSegment;
}

/** GET /analytics/rfm (segmentation.ts RfmAnswer). */
export class RfmAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The `from` parameter; null without it' })
  from!: string | null;

  @ApiProperty({ description: 'Customers with at least one purchase by asOf (the scored population)' })
  customers!: number;

  @ApiProperty({ type: [RfmSegmentFiguresDto], description: 'Every segment, zero counts included' })
  segments!: RfmSegmentFiguresDto[];

  @ApiProperty({ type: [RfmTransitionDto], nullable: true, description: 'With `from`: customers moving between segments, most first; null without it' })
  transitions!: RfmTransitionDto[] | null;

  @ApiProperty({ type: [RfmMemberDto], nullable: true, description: "With `segment`: its customers, by revenue descending; null without it" })
  members!: RfmMemberDto[] | null;
}
