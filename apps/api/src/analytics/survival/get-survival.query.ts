import { Query } from '@nestjs/cqrs';
import type { AtRiskRow, SurvivalStep } from '@lifeline/analytics/survival';
import type { SurvivalGrouping, SurvivalUnit } from './get-survival.request.dto';

/** What counts as the event: the recorded churn, or a churn derived from N days without a purchase. */
export type ChurnRuleAnswer =
  | { readonly kind: 'recorded'; readonly derived: false }
  | { readonly kind: 'inactivity'; readonly days: number; readonly derived: true; readonly description: string };

export interface SurvivalCurveAnswer {
  /** Segment or channel; "all" without grouping, "(none)" for customers without a segment. */
  readonly group: string;
  readonly customers: number;
  readonly churned: number;
  readonly censored: number;
  /** First time the estimate is at or below 0.5; null while more than half are still without a churn. */
  readonly medianLifetime: number | null;
  /** Exact steps with unit=day; one per unit (step k covers (k−1, k]) with week or month. */
  readonly steps: readonly SurvivalStep[];
  /** Number at risk (and events and censorings so far) at regular times, as printed under a survival plot. */
  readonly atRiskTable: { readonly interval: number; readonly rows: readonly AtRiskRow[] };
}

export interface SurvivalAnswer {
  readonly asOf: string;
  readonly unit: SurvivalUnit;
  readonly churnRule: ChurnRuleAnswer;
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
    /** Days without a purchase that make a derived churn; undefined: the recorded churn. */
    readonly inactivityDays?: number,
  ) {
    super();
  }
}
