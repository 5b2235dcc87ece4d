import type { StoredDocument } from '@lifeline/read-store/port';
import { formatMinorUnits } from '@lifeline/customers/domain';
import { meanTimeToResolutionHours, revenueTotalMinorUnits, tenureDays, type CustomerProfile } from '@lifeline/projections/profile';

/** The profile as the API shows it: the stored document plus what depends on the time of asking. */
export type CustomerView = Omit<CustomerProfile, 'complaints' | 'latestSurveyScores' | 'consents' | 'consentedChannels' | 'revenueTotalMinor'> & {
  /** The exact revenue total as a decimal string of `currency` ("12345678901234.56"); revenueTotal is the same in minor units, exact below 2^53. */
  readonly revenueTotalAmount: string;
  /** Whole days from acquisition to the current churn, or to the time of the request while active. */
  readonly tenureDays: number;
  readonly complaints: Omit<CustomerProfile['complaints'], 'resolvedSpans'> & { readonly meanTimeToResolutionHours: number | null };
  readonly latestSurveyScores: NonNullable<CustomerProfile['latestSurveyScores']>;
  readonly consents: NonNullable<CustomerProfile['consents']>;
};

export type StoredProfile = StoredDocument & CustomerProfile;

/** Computed here, not in the projection: tenure grows every day without an event. */
export function toCustomerView({ _id, consentedChannels: _filterOnly, revenueTotalMinor, ...profile }: StoredProfile, asOf: string): CustomerView {
  // resolvedSpans is the projection's bookkeeping for reopenings, not something to show.
  const { resolvedSpans: _spans, ...complaints } = profile.complaints;
  return {
    ...profile,
    // The stored fixed-width key is for sorting; the answer carries the exact sum as a decimal string instead.
    revenueTotalAmount: formatMinorUnits(revenueTotalMinorUnits({ revenueTotal: profile.revenueTotal, revenueTotalMinor })),
    tenureDays: tenureDays(profile, asOf),
    complaints: { ...complaints, meanTimeToResolutionHours: meanTimeToResolutionHours(profile) },
    latestSurveyScores: profile.latestSurveyScores ?? {},
    // consentedChannels is what the list filters on; the consents themselves say the same.
    consents: profile.consents ?? {},
  };
}
