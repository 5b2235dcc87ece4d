import type { CustomerFacts } from './customer-facts';

export interface LifecycleFilter {
  readonly segment?: string;
  readonly channel?: string;
  /** Customers acquired after this instant are not part of the population yet. */
  readonly asOf: string;
}

/** The population a lifecycle question is about: acquired by asOf, in the segment and channel asked for. */
export function selectCustomers(customers: readonly CustomerFacts[], filter: LifecycleFilter): CustomerFacts[] {
  const asOf = Date.parse(filter.asOf);
  return customers.filter(
    (c) =>
      Date.parse(c.acquiredAt) <= asOf &&
      (filter.segment === undefined || c.segment === filter.segment) &&
      (filter.channel === undefined || c.acquisitionChannel === filter.channel),
  );
}

/** The status changes known at asOf: the library treats the history as complete up to then. */
export function lifecycleAsOf(customer: CustomerFacts, asOf: string): { acquiredAt: string; statusHistory: { status: 'active' | 'churned'; at: string }[] } {
  const end = Date.parse(asOf);
  return { acquiredAt: customer.acquiredAt, statusHistory: customer.statusHistory.filter((s) => Date.parse(s.at) <= end) };
}

/** Group label of customers without a segment. */
export const NO_SEGMENT = '(none)';
