import { ApiProperty } from '@nestjs/swagger';
import { SURVEY_KINDS, type SurveyKind } from '@lifeline/customers/domain';
import { GRANULARITIES, type GranularityParam } from '../shared/query-params';
import { SATISFACTION_GROUPINGS, type SatisfactionGrouping } from './get-satisfaction.request.dto';
import { nullableEnum } from '../shared/nullable-enum';

export class NpsFiguresDto {
  @ApiProperty()
  answers!: number;

  @ApiProperty({ description: 'Answers 9–10' })
  promoters!: number;

  @ApiProperty({ description: 'Answers 7–8' })
  passives!: number;

  @ApiProperty({ description: 'Answers 0–6' })
  detractors!: number;

  @ApiProperty({ type: Number, nullable: true, description: '% promoters − % detractors, −100…100; null without answers' })
  nps!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '95% interval (multinomial variance), clipped to −100…100; null without answers' })
  lower95!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  upper95!: number | null;
}

export class CsatFiguresDto {
  @ApiProperty()
  answers!: number;

  @ApiProperty({ description: 'Answers 4 or 5 (of 1–5)' })
  satisfied!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'satisfied / answers in %; null without answers' })
  csatPercent!: number | null;
}

export class CesFiguresDto {
  @ApiProperty()
  answers!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean of 1–7 (7 easiest); null without answers' })
  mean!: number | null;
}

export class SatisfactionFiguresDto {
  @ApiProperty({ type: NpsFiguresDto })
  nps!: NpsFiguresDto;

  @ApiProperty({ type: CsatFiguresDto })
  csat!: CsatFiguresDto;

  @ApiProperty({ type: CesFiguresDto })
  ces!: CesFiguresDto;
}

export class SatisfactionPeriodDto {
  @ApiProperty({ description: 'Calendar period: 2025-03 (month) or 2025-W10 (ISO week)', example: '2025-03' })
  period!: string;

  @ApiProperty({ description: 'False for the period holding asOf' })
  complete!: boolean;

  @ApiProperty({ type: SatisfactionFiguresDto })
  figures!: SatisfactionFiguresDto;
}

export class SatisfactionGroupDto {
  @ApiProperty({ description: 'Segment ("(none)": no segment), acquisition channel, or touchpoint ("(none)": no touchpoint)' })
  group!: string;

  @ApiProperty({ type: SatisfactionFiguresDto })
  overall!: SatisfactionFiguresDto;

  @ApiProperty({ type: [SatisfactionPeriodDto] })
  periods!: SatisfactionPeriodDto[];
}

/** GET /analytics/satisfaction (get-satisfaction.query.ts SatisfactionAnswerBody). */
export class SatisfactionAnswerDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: GranularityParam;

  @ApiProperty({ ...nullableEnum(SURVEY_KINDS), description: 'The survey-kind filter; null: every kind' })
  kind!: SurveyKind | null;

  @ApiProperty({ ...nullableEnum(SATISFACTION_GROUPINGS), description: 'null: no groups' })
  by!: SatisfactionGrouping | null;

  @ApiProperty({ type: String, nullable: true, description: 'The segment filter; null: every segment' })
  segment!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The acquisition-channel filter; null: every channel' })
  channel!: string | null;

  @ApiProperty({ type: SatisfactionFiguresDto })
  overall!: SatisfactionFiguresDto;

  @ApiProperty({ type: [SatisfactionPeriodDto], description: 'From the first answer’s period to the one holding asOf' })
  periods!: SatisfactionPeriodDto[];

  @ApiProperty({ type: [SatisfactionGroupDto], description: 'With `by`: per group; empty without' })
  groups!: SatisfactionGroupDto[];
}
