import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsSource } from '../shared/analytics-source';
import { questionOf, SharedComputations } from '../shared/shared-computations';
import { GetRevenueQuery, type RevenueAnswer } from './get-revenue.query';
import { revenueReport } from './revenue-report';

@QueryHandler(GetRevenueQuery)
export class GetRevenueHandler implements IQueryHandler<GetRevenueQuery> {
  constructor(
    private readonly source: AnalyticsSource,
    private readonly shared: SharedComputations,
  ) {}

  /** Identical questions asked at the same time share one answer. */
  execute(query: GetRevenueQuery): Promise<RevenueAnswer> {
    return this.shared.share(questionOf(query), () => this.answer(query));
  }

  private async answer({ options }: GetRevenueQuery): Promise<RevenueAnswer> {
    const [customers, histories] = await Promise.all([this.source.customers(), this.source.purchaseHistories()]);
    return { asOf: options.asOf, granularity: options.granularity, by: options.by, ...revenueReport(customers, histories, options) };
  }
}
