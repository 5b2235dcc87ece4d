import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { GetSatisfactionQuery, type SatisfactionAnswerBody } from './get-satisfaction.query';

@QueryHandler(GetSatisfactionQuery)
export class GetSatisfactionHandler implements IQueryHandler<GetSatisfactionQuery> {
  constructor(private readonly computations: AnalyticsComputations) {}

  /** On a worker thread; identical questions asked at the same time share one answer. */
  execute({ filter, granularity, kind, by }: GetSatisfactionQuery): Promise<SatisfactionAnswerBody> {
    return this.computations.run('satisfaction', { filter, granularity, kind, by });
  }
}
