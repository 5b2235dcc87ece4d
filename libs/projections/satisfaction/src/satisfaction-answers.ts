import type { SurveyKind } from '@lifeline/customers/domain';
import type { DocumentProjection } from '@lifeline/projections/runtime';

/** The touchpoint of the 1–5 satisfaction given with a complaint's resolution, which counts as CSAT. */
export const COMPLAINT_RESOLUTION_TOUCHPOINT = 'complaint_resolution';

/** One satisfaction answer: a survey answer, or the satisfaction given with a complaint resolution (as CSAT). */
export interface SatisfactionAnswer {
  readonly customerId: string;
  readonly kind: SurveyKind;
  readonly score: number;
  readonly answeredAt: string;
  /** The survey, or `complaint:<complaintId>` for a resolution's satisfaction. */
  readonly surveyId: string;
  readonly touchpoint: string | null;
  readonly position: number;
}

export const SATISFACTION_ANSWERS = 'satisfaction-answers';

export const satisfactionAnswersProjection: DocumentProjection<SatisfactionAnswer> = {
  name: SATISFACTION_ANSWERS,
  version: 1,
  indexes: [{ field: 'answeredAt' }, { field: 'customerId' }],
  // Keyed by position: a reopened and again resolved complaint gives a second answer.
  documentPerEvent: true,
  keysOf: (event) =>
    event.type === 'SurveyAnswered' || (event.type === 'ComplaintResolved' && event.data.satisfaction !== undefined)
      ? [`${event.data.customerId}:${String(event.position).padStart(16, '0')}`]
      : [],
  evolve(_doc, event) {
    if (event.type === 'SurveyAnswered') {
      const d = event.data;
      return { customerId: d.customerId, kind: d.kind, score: d.score, answeredAt: event.occurredAt, surveyId: d.surveyId, touchpoint: d.touchpoint ?? null, position: event.position };
    }
    if (event.type === 'ComplaintResolved' && event.data.satisfaction !== undefined) {
      const d = event.data;
      return {
        customerId: d.customerId,
        kind: 'csat',
        score: d.satisfaction!,
        answeredAt: event.occurredAt,
        surveyId: `complaint:${d.complaintId}`,
        touchpoint: COMPLAINT_RESOLUTION_TOUCHPOINT,
        position: event.position,
      };
    }
    return undefined;
  },
};
