import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CUSTOMER_PROFILES, type CustomerProfile } from '@lifeline/projections/profile';
import { READ_MODEL_STORE, UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { ProblemError } from '../../../http/problem-details';
import { noClvModel } from '../clv-problems';
import { ClvStore } from '../clv-store';
import { GetCustomerClvQuery, type CustomerClvAnswer } from './get-customer-clv.query';

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
            },
      historical: { purchases: profile.purchases, revenueMinor: profile.revenueTotal },
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
