import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { GetRetentionQuery, type RetentionAnswer } from './get-retention.query';

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler implements IQueryHandler<GetRetentionQuery> {
  constructor(private readonly computations: AnalyticsComputations) {}

  /** On a worker thread; identical questions asked at the same time share one answer. */
  execute({ filter }: GetRetentionQuery): Promise<RetentionAnswer> {
    return this.computations.run('retention', { filter });
  }
}
