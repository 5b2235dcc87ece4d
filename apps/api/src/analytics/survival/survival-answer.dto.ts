import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { SURVIVAL_GROUPINGS, SURVIVAL_UNITS, type SurvivalGrouping, type SurvivalUnit } from './get-survival.request.dto';
import { nullableEnum } from '../shared/nullable-enum';

export class SurvivalStepDto {
  @ApiProperty({ description: 'Time since acquisition, in `unit`' })
  time!: number;

  @ApiProperty({ description: 'Customers still observed just before `time`' })
  atRisk!: number;

  @ApiProperty({ description: 'Churns at `time`' })
  events!: number;

  @ApiProperty({ description: 'Customers censored at `time`' })
  censored!: number;

  @ApiProperty({ description: 'Kaplan–Meier estimate S(time), 0–1' })
  survival!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Greenwood 95% band on the log-log scale; null once survival is 0' })
  lower95!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Greenwood 95% band on the log-log scale; null once survival is 0' })
  upper95!: number | null;
}

export class SurvivalAtRiskRowDto {
  @ApiProperty()
  time!: number;

  @ApiProperty({ description: 'Still under observation at `time`' })
  atRisk!: number;

  @ApiProperty({ description: 'Churns up to and including `time`' })
  cumulativeEvents!: number;

  @ApiProperty({ description: 'Censorings up to and including `time`' })
  cumulativeCensored!: number;
}

export class SurvivalAtRiskTableDto {
  @ApiProperty({ description: 'Rows at 0, interval, 2·interval, … (in `unit`)' })
  interval!: number;

  @ApiProperty({ type: [SurvivalAtRiskRowDto] })
  rows!: SurvivalAtRiskRowDto[];
}

export class SurvivalCurveDto {
  @ApiProperty({ description: 'Segment or channel; "all" without grouping, "(none)" for customers without a segment' })
  group!: string;

  @ApiProperty()
  customers!: number;

  @ApiProperty()
  churned!: number;

  @ApiProperty()
  censored!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'First time the estimate is at or below 0.5; null while more than half are without a churn' })
  medianLifetime!: number | null;

  @ApiProperty({ type: [SurvivalStepDto], description: 'Exact steps with unit=day; one per unit (step k covers (k−1, k]) with week or month' })
  steps!: SurvivalStepDto[];

  @ApiProperty({ type: SurvivalAtRiskTableDto, description: 'Number at risk at regular times, as printed under a survival plot' })
  atRiskTable!: SurvivalAtRiskTableDto;
}

export class SurvivalLogRankDto {
  @ApiProperty()
  chiSquare!: number;

  @ApiProperty()
  degreesOfFreedom!: number;

  @ApiProperty()
  pValue!: number;
}

export class RecordedChurnRuleDto {
  @ApiProperty({ enum: ['recorded'] })
  kind!: 'recorded';

  @ApiProperty({ type: 'boolean', enum: [false] })
  derived!: false;
}

export class InactivityChurnRuleDto {
  @ApiProperty({ enum: ['inactivity'] })
  kind!: 'inactivity';

  @ApiProperty({ description: 'Days without a purchase that make a churn' })
  days!: number;

  @ApiProperty({ type: 'boolean', enum: [true] })
  derived!: true;

  @ApiProperty({ example: 'churn derived from 90 days without a purchase, not recorded' })
  description!: string;
}

/** GET /analytics/survival (get-survival.query.ts SurvivalAnswer). */
@ApiExtraModels(RecordedChurnRuleDto, InactivityChurnRuleDto)
export class SurvivalAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ enum: SURVIVAL_UNITS })
  unit!: SurvivalUnit;

  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(RecordedChurnRuleDto) }, { $ref: getSchemaPath(InactivityChurnRuleDto) }],
    discriminator: {
      propertyName: 'kind',
      mapping: { recorded: getSchemaPath(RecordedChurnRuleDto), inactivity: getSchemaPath(InactivityChurnRuleDto) },
    },
    description: 'What counts as the event: the recorded churn, or one derived from inactivity (churnRule=inactivity)',
  })
  churnRule!: RecordedChurnRuleDto | InactivityChurnRuleDto;

  @ApiProperty({ ...nullableEnum(SURVIVAL_GROUPINGS), description: 'null: one curve, "all"' })
  by!: SurvivalGrouping | null;

  @ApiProperty({ type: [SurvivalCurveDto], description: 'One curve per group, by group name' })
  groups!: SurvivalCurveDto[];

  @ApiProperty({
    type: SurvivalLogRankDto,
    nullable: true,
    description: 'k-sample log-rank test across the groups (survdiff rho = 0); null without grouping or with fewer than two groups',
  })
  logRank!: SurvivalLogRankDto | null;
}
