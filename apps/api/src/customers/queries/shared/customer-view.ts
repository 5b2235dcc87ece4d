import type { StoredDocument } from '@lifeline/read-store/port';
import { meanTimeToResolutionHours, tenureDays, type CustomerProfile } from '@lifeline/projections/profile';

/** The profile as the API shows it: the stored document plus what depends on the time of asking. */
export type CustomerView = CustomerProfile & {
  /** Whole days from acquisition to the current churn, or to the time of the request while active. */
  readonly tenureDays: number;
  readonly complaints: CustomerProfile['complaints'] & { readonly meanTimeToResolutionHours: number | null };
};

export type StoredProfile = StoredDocument & CustomerProfile;

/** Computed here, not in the projection: tenure grows every day without an event. */
export function toCustomerView({ _id, ...profile }: StoredProfile, asOf: string): CustomerView {
  return {
    ...profile,
    tenureDays: tenureDays(profile, asOf),
    complaints: { ...profile.complaints, meanTimeToResolutionHours: meanTimeToResolutionHours(profile) },
  };
}
