import { Query } from '@nestjs/cqrs';
import type { SurvivalStep } from '@lifeline/analytics/survival';
import type { SurvivalGrouping, SurvivalUnit } from './get-survival.request.dto';

export interface SurvivalCurveAnswer {
  /** Segment or channel; "all" without grouping, "(none)" for customers without a segment. */
  readonly group: string;
  readonly customers: number;
  readonly churned: number;
  readonly censored: number;
  /** First time the estimate is at or below 0.5; null while more than half are still without a churn. */
  readonly medianLifetime: number | null;
  readonly steps: readonly SurvivalStep[];
}

export interface SurvivalAnswer {
  readonly asOf: string;
  readonly unit: SurvivalUnit;
  readonly by: SurvivalGrouping | null;
  readonly groups: readonly SurvivalCurveAnswer[];
  /** Across the groups (k-sample, survdiff rho = 0); null without grouping or with fewer than two groups. */
  readonly logRank: { readonly chiSquare: number; readonly degreesOfFreedom: number; readonly pValue: number } | null;
}

export class GetSurvivalQuery extends Query<SurvivalAnswer> {
  constructor(
    readonly filter: { readonly asOf: string; readonly segment?: string; readonly channel?: string },
    readonly unit: SurvivalUnit,
    readonly by?: SurvivalGrouping,
  ) {
    super();
  }
}
