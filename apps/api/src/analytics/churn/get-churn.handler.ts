import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { churnRates, relationshipLength } from '@lifeline/analytics/retention';
import { AnalyticsSource } from '../shared/analytics-source';
import { questionOf, SharedComputations } from '../shared/shared-computations';
import { lifecycleAsOf, selectCustomers } from '../shared/lifecycle-filter';
import { GetChurnQuery, type ChurnAnswer } from './get-churn.query';

@QueryHandler(GetChurnQuery)
export class GetChurnHandler implements IQueryHandler<GetChurnQuery> {
  constructor(
    private readonly source: AnalyticsSource,
    private readonly shared: SharedComputations,
  ) {}

  /** Identical questions asked at the same time share one answer. */
  execute(query: GetChurnQuery): Promise<ChurnAnswer> {
    return this.shared.share(questionOf(query), () => this.answer(query));
  }

  private async answer({ filter }: GetChurnQuery): Promise<ChurnAnswer> {
    const lifecycles = selectCustomers(await this.source.customers(), filter).map((c) => lifecycleAsOf(c, filter.asOf));
    return {
      asOf: filter.asOf,
      granularity: filter.granularity,
      segment: filter.segment ?? null,
      channel: filter.channel ?? null,
      periods: churnRates(lifecycles, { granularity: filter.granularity, asOf: filter.asOf }),
      relationshipLength: relationshipLength(lifecycles, filter.asOf),
    };
  }
}
