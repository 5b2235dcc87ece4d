import type { StoredDocument } from '@lifeline/read-store/port';
import { meanTimeToResolutionHours, tenureDays, type CustomerProfile } from '@lifeline/projections/profile';

/** The profile as the API shows it: the stored document plus what depends on the time of asking. */
export type CustomerView = Omit<CustomerProfile, 'complaints' | 'latestSurveyScores' | 'consents' | 'consentedChannels'> & {
  /** Whole days from acquisition to the current churn, or to the time of the request while active. */
  readonly tenureDays: number;
  readonly complaints: Omit<CustomerProfile['complaints'], 'resolvedSpans'> & { readonly meanTimeToResolutionHours: number | null };
  readonly latestSurveyScores: NonNullable<CustomerProfile['latestSurveyScores']>;
  readonly consents: NonNullable<CustomerProfile['consents']>;
};

export type StoredProfile = StoredDocument & CustomerProfile;

/** Computed here, not in the projection: tenure grows every day without an event. */
export function toCustomerView({ _id, consentedChannels: _filterOnly, ...profile }: StoredProfile, asOf: string): CustomerView {
  // resolvedSpans is the projection's bookkeeping for reopenings, not something to show.
  const { resolvedSpans: _spans, ...complaints } = profile.complaints;
  return {
    ...profile,
    tenureDays: tenureDays(profile, asOf),
    complaints: { ...complaints, meanTimeToResolutionHours: meanTimeToResolutionHours(profile) },
    latestSurveyScores: profile.latestSurveyScores ?? {},
    // consentedChannels is what the list filters on; the consents themselves say the same.
    consents: profile.consents ?? {},
  };
}
