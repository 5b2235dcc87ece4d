import { purchaseDays } from '@lifeline/projections/purchase-history';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { activityRetention, cohortRetention, type CohortRetention } from '@lifeline/analytics/retention';
import { AnalyticsSource } from '../shared/analytics-source';
import { questionOf, SharedComputations } from '../shared/shared-computations';
import { lifecycleAsOf, selectCustomers } from '../shared/lifecycle-filter';
import { GetRetentionQuery, type RetentionAnswer } from './get-retention.query';

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler implements IQueryHandler<GetRetentionQuery> {
  constructor(
    private readonly source: AnalyticsSource,
    private readonly shared: SharedComputations,
  ) {}

  /** Identical questions asked at the same time share one answer. */
  execute(query: GetRetentionQuery): Promise<RetentionAnswer> {
    return this.shared.share(questionOf(query), () => this.answer(query));
  }

  private async answer({ filter }: GetRetentionQuery): Promise<RetentionAnswer> {
    const customers = selectCustomers(await this.source.customers(), filter);
    let cohorts: CohortRetention[];
    if (filter.basis === 'activity') {
      const daysOf = new Map((await this.source.purchaseHistories()).map((h) => [h.customerId, purchaseDays(h).map(({ day }) => day)]));
      cohorts = activityRetention(
        customers.map((c) => ({ acquiredAt: c.acquiredAt, purchasesAt: daysOf.get(c.customerId) ?? [] })),
        { granularity: filter.granularity, asOf: filter.asOf },
      );
    } else {
      cohorts = cohortRetention(
        customers.map((c) => lifecycleAsOf(c, filter.asOf)),
        { granularity: filter.granularity, asOf: filter.asOf },
      );
    }
    return {
      asOf: filter.asOf,
      granularity: filter.granularity,
      basis: filter.basis,
      segment: filter.segment ?? null,
      channel: filter.channel ?? null,
      customers: customers.length,
      cohorts,
    };
  }
}
