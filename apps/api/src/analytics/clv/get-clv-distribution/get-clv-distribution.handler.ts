import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { noClvModel } from '../clv-problems';
import { ClvStore, type CustomerClvDocument } from '../clv-store';
import { clvDistribution } from './clv-distribution';
import { GetClvDistributionQuery, type ClvDistributionAnswer } from './get-clv-distribution.query';

@QueryHandler(GetClvDistributionQuery)
export class GetClvDistributionHandler implements IQueryHandler<GetClvDistributionQuery> {
  constructor(private readonly store: ClvStore) {}

  async execute({ top, segment }: GetClvDistributionQuery): Promise<ClvDistributionAnswer> {
    const model = await this.store.latestModel();
    if (model === undefined) throw noClvModel();
    const scores: CustomerClvDocument[] = [];
    for await (const score of this.store.scores(segment)) scores.push(score);
    return {
      modelId: model.modelId,
      currency: model.currency,
      calibrationEnd: model.calibrationEnd,
      timeUnit: model.timeUnit,
      horizon: model.horizon,
      segment: segment ?? null,
      ...clvDistribution(scores, top),
    };
  }
}
