import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { GetChurnQuery, type ChurnAnswer } from './get-churn.query';

@QueryHandler(GetChurnQuery)
export class GetChurnHandler implements IQueryHandler<GetChurnQuery> {
  constructor(private readonly computations: AnalyticsComputations) {}

  /** On a worker thread; identical questions asked at the same time share one answer. */
  execute({ filter }: GetChurnQuery): Promise<ChurnAnswer> {
    return this.computations.run('churn', { filter });
  }
}
