import { activityRetention, cohortRetention, type CohortRetention } from '@lifeline/analytics/retention';
import { purchaseDays, type PurchaseHistory } from '@lifeline/projections/purchase-history';
import type { CustomerFacts } from '../shared/customer-facts';
import { lifecycleAsOf, selectCustomers } from '../shared/lifecycle-filter';
import type { GetRetentionQuery, RetentionAnswer } from './get-retention.query';

/** Retention by acquisition cohort (runs on an analytics worker thread); `histories` only for basis=activity. */
export function retentionAnswer(all: readonly CustomerFacts[], histories: () => readonly PurchaseHistory[], { filter }: Pick<GetRetentionQuery, 'filter'>): RetentionAnswer {
  const customers = selectCustomers(all, filter);
  let cohorts: CohortRetention[];
  if (filter.basis === 'activity') {
    const daysOf = new Map(histories().map((h) => [h.customerId, purchaseDays(h).map(({ day }) => day)]));
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
