import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SURVEY_KINDS, type SurveyKind } from '@lifeline/customers/domain';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsBusinessTime, Optional } from '../shared/validators';

export class RecordSurveyAnswerRequestDto {
  @ApiProperty({ description: `The survey (campaign or send-out) answered; a customer answers each once. ${ENTITY_ID_RULE}`, example: 'nps-2025-q2' })
  @IsString()
  @Matches(ENTITY_ID_PATTERN, { message: `surveyId must be ${ENTITY_ID_RULE}` })
  surveyId!: string;

  @ApiProperty({ enum: SURVEY_KINDS, description: 'nps: 0–10 likelihood to recommend; csat: 1–5 satisfaction; ces: 1–7 ease (7 easiest)' })
  @IsIn(SURVEY_KINDS)
  kind!: SurveyKind;

  @ApiProperty({ type: 'integer', description: 'On the scale of the kind (checked by the rules: 422 score_out_of_range otherwise)', example: 9 })
  @IsInt()
  score!: number;

  @ApiPropertyOptional({ maxLength: 5000, example: 'quick and friendly' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Where in the relationship the survey was asked, e.g. onboarding, purchase, support, complaint_resolution', maxLength: 64, example: 'support' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  touchpoint?: string;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone) of the answer; defaults to now', format: 'date-time' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}
