/**
 * Answers of the analytics endpoints whose OpenAPI operations describe their body in prose only
 * (no JSON schema, so openapi-typescript has nothing to generate). Written to the server's types;
 * test/dashboard/answer-types.check.ts makes `npm run typecheck` fail when the server's answers
 * stop fitting them. Once an operation documents a schema, the client uses the generated type.
 * Plain data only: this file is compiled both for the browser and with the server.
 */

export interface CohortRetention {
  readonly cohort: string;
  readonly size: number;
  /** retention[k]: share of the cohort active at the end of period k (k = 0 is the acquisition period). */
  readonly retention: readonly number[];
}

export interface RetentionAnswer {
  readonly asOf: string;
  readonly granularity: 'month' | 'week';
  readonly segment: string | null;
  readonly channel: string | null;
  readonly customers: number;
  readonly cohorts: readonly CohortRetention[];
}

export interface SurvivalStep {
  readonly time: number;
  readonly atRisk: number;
  readonly events: number;
  readonly censored: number;
  readonly survival: number;
  /** Greenwood 95% band (log-log); null once survival is 0. */
  readonly lower95: number | null;
  readonly upper95: number | null;
}

export interface SurvivalCurve {
  readonly group: string;
  readonly customers: number;
  readonly churned: number;
  readonly censored: number;
  readonly medianLifetime: number | null;
  readonly steps: readonly SurvivalStep[];
}

export interface SurvivalAnswer {
  readonly asOf: string;
  readonly unit: 'day' | 'week' | 'month';
  readonly by: 'segment' | 'channel' | null;
  readonly groups: readonly SurvivalCurve[];
  readonly logRank: { readonly chiSquare: number; readonly degreesOfFreedom: number; readonly pValue: number } | null;
}

export interface PeriodChurn {
  readonly period: string;
  readonly activeAtStart: number;
  readonly churnEvents: number;
  readonly churnRate: number | null;
}

export interface RelationshipLength {
  readonly customers: number;
  readonly churned: number;
  readonly meanObservedDays: number | null;
  readonly restrictedMeanDays: number | null;
  readonly horizonDays: number | null;
}

export interface ChurnAnswer {
  readonly asOf: string;
  readonly granularity: 'month' | 'week';
  readonly segment: string | null;
  readonly channel: string | null;
  readonly periods: readonly PeriodChurn[];
  readonly relationshipLength: RelationshipLength;
}

export interface RevenuePeriod {
  readonly period: string;
  readonly complete: boolean;
  readonly purchases: number;
  readonly revenueMinor: number;
  /** The exact sum, a decimal string of the currency. */
  readonly revenueAmount: string;
  readonly customers: number;
  readonly revenuePerCustomerMinor: number | null;
}

export interface RevenueGroup {
  readonly group: string;
  readonly customers: number;
  readonly buyers: number;
  readonly purchases: number;
  readonly revenueMinor: number;
  readonly revenueAmount: string;
  readonly revenuePerCustomerMinor: number;
}

export interface RevenueAnswer {
  readonly asOf: string;
  readonly granularity: 'month' | 'week';
  readonly by: 'cohort' | 'segment';
  /** Amounts are integer minor units of this currency; null before the first purchase. */
  readonly currency: string | null;
  readonly totals: Omit<RevenueGroup, 'group'>;
  readonly periods: readonly RevenuePeriod[];
  readonly groups: readonly RevenueGroup[];
}

export interface ClvModelAnswer {
  readonly modelId: string;
  readonly fittedAt: string;
  readonly calibrationEnd: string;
  readonly timeUnit: 'day' | 'week' | 'month';
  readonly horizon: number;
  readonly customers: number;
  readonly currency: string | null;
}

export interface ClvSummary {
  readonly customers: number;
  readonly totalClvMinor: number;
  readonly meanClvMinor: number | null;
}

/** Decile 1 is the most valuable tenth. */
export interface ClvDecile extends ClvSummary {
  readonly decile: number;
  readonly minClvMinor: number | null;
  readonly maxClvMinor: number | null;
  readonly shareOfTotal: number | null;
}

export interface ClvScore {
  readonly customerId: string;
  readonly segment: string | null;
  readonly probabilityAlive: number;
  readonly expectedPurchases: number;
  readonly clvMinor: number;
}

export interface ClvDistributionAnswer {
  readonly modelId: string;
  readonly currency: string | null;
  readonly calibrationEnd: string;
  readonly timeUnit: string;
  readonly horizon: number;
  readonly segment: string | null;
  readonly overall: ClvSummary;
  readonly deciles: readonly ClvDecile[];
  readonly top: readonly ClvScore[];
}

export interface CustomerClvAnswer {
  readonly customerId: string;
  readonly currency: string | null;
  readonly calibrationEnd: string;
  readonly timeUnit: string;
  readonly horizon: number;
  readonly prediction: {
    readonly probabilityAlive: number;
    readonly expectedPurchases: number;
    readonly expectedSpendPerPurchaseMinor: number;
    readonly clvMinor: number;
    /** The recorded churn that set P(alive) and CLV to 0, or null. */
    readonly recordedChurnAt: string | null;
  } | null;
  /** Why `prediction` is null (null when there is one). */
  readonly noPrediction: { readonly reason: string; readonly detail: string } | null;
  readonly historical: { readonly purchases: number; readonly revenueMinor: number; readonly revenueAmount: string };
}

export interface SatisfactionFigures {
  readonly nps: { readonly answers: number; readonly nps: number | null; readonly lower95: number | null; readonly upper95: number | null };
  readonly csat: { readonly answers: number; readonly csatPercent: number | null };
  readonly ces: { readonly answers: number; readonly mean: number | null };
}

export interface SatisfactionAnswer {
  readonly overall: SatisfactionFigures;
  readonly periods: readonly { readonly period: string; readonly complete: boolean; readonly figures: SatisfactionFigures }[];
}

export interface RfmAnswer {
  readonly customers: number;
  readonly segments: readonly { readonly segment: string; readonly customers: number; readonly revenueMinor: number; readonly revenueAmount: string; readonly revenueShare: number | null }[];
}

/** Path → answer, for the operations above (keys are OpenAPI paths). */
export interface UndocumentedAnswers {
  '/analytics/retention': RetentionAnswer;
  '/analytics/survival': SurvivalAnswer;
  '/analytics/churn': ChurnAnswer;
  '/analytics/revenue': RevenueAnswer;
  '/analytics/clv/model': ClvModelAnswer;
  '/analytics/clv': ClvDistributionAnswer;
  '/customers/{customerId}/clv': CustomerClvAnswer;
  '/analytics/satisfaction': SatisfactionAnswer;
  '/analytics/rfm': RfmAnswer;
}
