import type { CustomerProfile } from '@lifeline/projections/profile';

/** What the lifecycle and revenue analytics need of one customer profile (the rest is dropped to keep the cache small). */
export interface CustomerFacts {
  readonly customerId: string;
  readonly segment: string | null;
  readonly acquisitionChannel: string;
  readonly acquiredAt: string;
  readonly firstChurnedAt: string | null;
  readonly statusHistory: readonly { readonly status: 'active' | 'churned'; readonly at: string }[];
  readonly purchases: number;
  readonly revenueTotal: number;
  readonly currency: string | null;
  readonly keyAccount: boolean;
  readonly accountManager: string | null;
}

export function factsOf(profile: CustomerProfile): CustomerFacts {
  return {
    customerId: profile.customerId,
    segment: profile.segment,
    acquisitionChannel: profile.acquisitionChannel,
    acquiredAt: profile.acquiredAt,
    firstChurnedAt: profile.firstChurnedAt,
    statusHistory: profile.statusHistory.map(({ status, at }) => ({ status, at })),
    purchases: profile.purchases,
    revenueTotal: profile.revenueTotal,
    currency: profile.currency,
    keyAccount: profile.keyAccount,
    accountManager: profile.accountManager,
  };
}
