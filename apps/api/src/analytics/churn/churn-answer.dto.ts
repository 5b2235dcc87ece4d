import { ApiProperty } from '@nestjs/swagger';
import { GRANULARITIES, type GranularityParam } from '../shared/query-params';

export class PeriodChurnDto {
  @ApiProperty({ description: 'Calendar period: 2025-03 (month) or 2025-W10 (ISO week)', example: '2025-03' })
  period!: string;

  @ApiProperty({ description: 'Customers acquired before the period and active at its start' })
  activeAtStart!: number;

  @ApiProperty({ description: 'Churns in the period' })
  churnEvents!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'churnEvents / activeAtStart; null when nobody was active at the start' })
  churnRate!: number | null;
}

export class RelationshipLengthDto {
  @ApiProperty()
  customers!: number;

  @ApiProperty()
  churned!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Plain mean of the observed spans in days (biased low by censoring); null without customers' })
  meanObservedDays!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Kaplan–Meier restricted mean in days up to horizonDays; null without customers' })
  restrictedMeanDays!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The longest observed span in days; null without customers' })
  horizonDays!: number | null;
}

/** GET /analytics/churn (get-churn.query.ts ChurnAnswer). */
export class ChurnAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: GranularityParam;

  @ApiProperty({ type: String, nullable: true, description: 'The segment filter; null: every segment' })
  segment!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The acquisition-channel filter; null: every channel' })
  channel!: string | null;

  @ApiProperty({ type: [PeriodChurnDto], description: 'Fully ended calendar periods, oldest first' })
  periods!: PeriodChurnDto[];

  @ApiProperty({ type: RelationshipLengthDto, description: 'Days from acquisition to the churn in force at asOf; active customers censored at asOf' })
  relationshipLength!: RelationshipLengthDto;
}
