/**
 * Satisfaction surveys: a customer's answer to one survey, on the scale its kind uses.
 * NPS: "how likely are you to recommend us", 0–10. CSAT: "how satisfied were you", 1–5.
 * CES (customer effort score, 7-point agreement with "it was easy to …"): 1–7, higher is easier.
 */
import type { CommandOf } from './commands';
import type { EventOf } from './events';
import { GrowingMap } from './growing-map';
import { RuleViolation } from './rule-violation';
import type { CustomerState } from './state';

export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const SURVEY_SCALES: Readonly<Record<SurveyKind, { readonly min: number; readonly max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export type RecordSurveyAnswer = CommandOf<
  'RecordSurveyAnswer',
  { surveyId: string; kind: SurveyKind; score: number; comment?: string; touchpoint?: string }
>;

export type SurveyAnswered = EventOf<
  'SurveyAnswered',
  { customerId: string; surveyId: string; kind: SurveyKind; score: number; comment?: string; touchpoint?: string }
>;

export function decideSurveyAnswer(command: RecordSurveyAnswer, state: CustomerState, occurredAt: string): readonly SurveyAnswered[] | RuleViolation {
  const { surveyId, kind, score, comment, touchpoint } = command.payload;
  const scale = SURVEY_SCALES[kind];
  if (scale === undefined) return new RuleViolation('score_out_of_range', `unknown survey kind ${String(kind)}`);
  if (!Number.isInteger(score) || score < scale.min || score > scale.max) {
    return new RuleViolation('score_out_of_range', `a ${kind} score is a whole number from ${scale.min} to ${scale.max} (got ${score})`);
  }
  if (state.surveyIds?.has(surveyId)) {
    return new RuleViolation('survey_already_answered', `customer ${command.customerId} already answered survey ${surveyId}`);
  }
  return [
    {
      type: 'SurveyAnswered',
      schemaVersion: 1,
      occurredAt,
      data: {
        customerId: command.customerId,
        surveyId,
        kind,
        score,
        ...(comment !== undefined && { comment }),
        ...(touchpoint !== undefined && { touchpoint }),
      },
    },
  ];
}

export function evolveSurveys(state: CustomerState, event: SurveyAnswered): CustomerState {
  return { ...state, surveyIds: (state.surveyIds ?? GrowingMap.empty<string, true>()).set(event.data.surveyId, true) };
}
