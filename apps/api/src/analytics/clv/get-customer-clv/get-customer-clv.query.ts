import { Query } from '@nestjs/cqrs';

export interface CustomerClvAnswer {
  readonly customerId: string;
  readonly currency: string | null;
  readonly modelId: string;
  readonly calibrationEnd: string;
  readonly timeUnit: string;
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
  } | null;
  /** To date, from the customer profile. */
  readonly historical: { readonly purchases: number; readonly revenueMinor: number };
}

export class GetCustomerClvQuery extends Query<CustomerClvAnswer> {
  constructor(readonly customerId: string) {
    super();
  }
}
