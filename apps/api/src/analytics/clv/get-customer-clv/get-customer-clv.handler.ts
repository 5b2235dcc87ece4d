import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CUSTOMER_PROFILES, revenueTotalMinorUnits, type CustomerProfile } from '@lifeline/projections/profile';
import { exactRevenue } from '../../shared/exact-revenue';
import { READ_MODEL_STORE, UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { ProblemError } from '../../../http/problem-details';
import { noClvModel } from '../clv-problems';
import { ClvStore } from '../clv-store';
import type { ClvModel } from '../clv-model';
import { GetCustomerClvQuery, type CustomerClvAnswer, type NoPredictionReason } from './get-customer-clv.query';

@QueryHandler(GetCustomerClvQuery)
export class GetCustomerClvHandler implements IQueryHandler<GetCustomerClvQuery> {
  constructor(
    private readonly clv: ClvStore,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute({ customerId }: GetCustomerClvQuery): Promise<CustomerClvAnswer> {
    const profile = await this.profile(customerId);
    if (profile === undefined) {
      throw new ProblemError({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: `no customer ${customerId}`, rule: 'customer_not_found' });
    }
    const model = await this.clv.latestModel();
    if (model === undefined) throw noClvModel();
    const score = await this.clv.score(customerId);
    return {
      customerId,
      currency: model.currency ?? profile.currency,
      modelId: model.modelId,
      calibrationEnd: model.calibrationEnd,
      timeUnit: model.timeUnit,
      horizon: model.horizon,
      prediction:
        score === undefined
          ? null
          : {
              probabilityAlive: score.probabilityAlive,
              expectedPurchases: score.expectedPurchases,
              expectedSpendPerPurchaseMinor: score.expectedSpendPerPurchaseMinor,
              clvMinor: score.clvMinor,
              frequency: score.frequency,
              recency: score.recency,
              age: score.age,
              recordedChurnAt: score.recordedChurnAt ?? null,
            },
      noPrediction: score === undefined ? whyNoPrediction(profile.acquiredAt, model) : null,
      historical: { purchases: profile.purchases, ...exactRevenue(revenueTotalMinorUnits(profile)) },
    };
  }

  private async profile(customerId: string): Promise<CustomerProfile | undefined> {
    try {
      return await this.store.get<StoredDocument & CustomerProfile>(CUSTOMER_PROFILES, customerId);
    } catch (error) {
      if (error instanceof UnknownCollectionError) return undefined;
      throw error;
    }
  }
}

/** A customer the latest model did not score: acquired after the fit, after the calibration end, or no purchase by then. */
export function whyNoPrediction(acquiredAt: string, model: Pick<ClvModel, 'fittedAt' | 'calibrationEnd'>): { reason: NoPredictionReason; detail: string } {
  const acquired = Date.parse(acquiredAt);
  if (acquired > Date.parse(model.fittedAt)) {
    return { reason: 'acquired_after_fit', detail: `acquired after the model was fitted (${model.fittedAt}); the next fit will score this customer` };
  }
  // The calibration end is a whole UTC day, inclusive.
  if (acquired >= Date.parse(model.calibrationEnd) + 86_400_000) {
    return { reason: 'acquired_after_calibration_end', detail: `acquired after the model's calibration end (${model.calibrationEnd})` };
  }
  return { reason: 'no_purchase_by_calibration_end', detail: `no purchase by the model's calibration end (${model.calibrationEnd})` };
}
