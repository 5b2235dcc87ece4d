import { churnRates, relationshipLength } from '@lifeline/analytics/retention';
import type { CustomerFacts } from '../shared/customer-facts';
import { lifecycleAsOf, selectCustomers } from '../shared/lifecycle-filter';
import type { ChurnAnswer, GetChurnQuery } from './get-churn.query';

/** The churn report (runs on an analytics worker thread). */
export function churnAnswer(customers: readonly CustomerFacts[], { filter }: Pick<GetChurnQuery, 'filter'>): ChurnAnswer {
  const lifecycles = selectCustomers(customers, filter).map((c) => lifecycleAsOf(c, filter.asOf));
  return {
    asOf: filter.asOf,
    granularity: filter.granularity,
    segment: filter.segment ?? null,
    channel: filter.channel ?? null,
    periods: churnRates(lifecycles, { granularity: filter.granularity, asOf: filter.asOf }),
    relationshipLength: relationshipLength(lifecycles, filter.asOf),
  };
}
