import { Query } from '@nestjs/cqrs';
import type { ClvTimeUnit } from '../clv-model';

export const NO_PREDICTION_REASONS = ['acquired_after_fit', 'acquired_after_calibration_end', 'no_purchase_by_calibration_end'] as const;
export type NoPredictionReason = (typeof NO_PREDICTION_REASONS)[number];

export interface CustomerClvAnswer {
  readonly customerId: string;
  readonly currency: string | null;
  readonly modelId: string;
  readonly calibrationEnd: string;
  readonly timeUnit: ClvTimeUnit;
  readonly horizon: number;
  /** Null when the customer had not bought by the model's calibration end (not part of its population). */
  readonly prediction: {
    readonly probabilityAlive: number;
    readonly expectedPurchases: number;
    readonly expectedSpendPerPurchaseMinor: number;
    readonly clvMinor: number;
    readonly frequency: number;
    readonly recency: number;
    readonly age: number;
    /** The recorded churn that overrode the model (P(alive) and CLV 0), or null. */
    readonly recordedChurnAt: string | null;
  } | null;
  /** Why `prediction` is null (null when there is one). */
  readonly noPrediction: { readonly reason: NoPredictionReason; readonly detail: string } | null;
  /** To date, from the customer profile: revenueAmount exact, revenueMinor a number (exact below 2^53). */
  readonly historical: { readonly purchases: number; readonly revenueMinor: number; readonly revenueAmount: string };
}

export class GetCustomerClvQuery extends Query<CustomerClvAnswer> {
  constructor(readonly customerId: string) {
    super();
  }
}
