import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsComputations } from '../../workers/analytics-computations';
import { noClvModel } from '../clv-problems';
import { ClvStore } from '../clv-store';
import { GetClvDistributionQuery, type ClvDistributionAnswer } from './get-clv-distribution.query';

@QueryHandler(GetClvDistributionQuery)
export class GetClvDistributionHandler implements IQueryHandler<GetClvDistributionQuery> {
  constructor(
    private readonly store: ClvStore,
    private readonly computations: AnalyticsComputations,
  ) {}

  async execute({ top, segment }: GetClvDistributionQuery): Promise<ClvDistributionAnswer> {
    const model = await this.store.latestModel();
    if (model === undefined) throw noClvModel();
    // Sorting and cutting every customer's score runs on a worker thread.
    const distribution = await this.computations.run('clvDistribution', { top, ...(segment !== undefined && { segment }) });
    return {
      modelId: model.modelId,
      currency: model.currency,
      calibrationEnd: model.calibrationEnd,
      timeUnit: model.timeUnit,
      horizon: model.horizon,
      segment: segment ?? null,
      ...distribution,
    };
  }
}
