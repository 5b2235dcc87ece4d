import { Query } from '@nestjs/cqrs';
import type { SatisfactionFigures } from '@lifeline/analytics/satisfaction';
import type { SurveyKind } from '@lifeline/customers/domain';
import type { GranularityParam } from '../shared/query-params';
import type { SatisfactionGrouping } from './get-satisfaction.request.dto';

export interface SatisfactionPeriod {
  readonly period: string;
  readonly complete: boolean;
  readonly figures: SatisfactionFigures;
}

export interface SatisfactionAnswerBody {
  readonly asOf: string;
  readonly granularity: GranularityParam;
  readonly kind: SurveyKind | null;
  readonly by: SatisfactionGrouping | null;
  readonly segment: string | null;
  readonly channel: string | null;
  readonly overall: SatisfactionFigures;
  readonly periods: readonly SatisfactionPeriod[];
  readonly groups: readonly { readonly group: string; readonly overall: SatisfactionFigures; readonly periods: readonly SatisfactionPeriod[] }[];
}

export class GetSatisfactionQuery extends Query<SatisfactionAnswerBody> {
  constructor(
    readonly filter: { readonly asOf: string; readonly segment?: string; readonly channel?: string },
    readonly granularity: GranularityParam,
    readonly kind?: SurveyKind,
    readonly by?: SatisfactionGrouping,
  ) {
    super();
  }
}
