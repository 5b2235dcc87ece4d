import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { GetRevenueQuery, type RevenueAnswer } from './get-revenue.query';

@QueryHandler(GetRevenueQuery)
export class GetRevenueHandler implements IQueryHandler<GetRevenueQuery> {
  constructor(private readonly computations: AnalyticsComputations) {}

  /** On a worker thread; identical questions asked at the same time share one answer. */
  execute({ options }: GetRevenueQuery): Promise<RevenueAnswer> {
    return this.computations.run('revenue', { options });
  }
}
