import { CONSENT_CHANNELS, CONSENT_PURPOSES, type ConsentChannel, type ConsentPurpose } from '@lifeline/customers/domain';
import type { ProjectedEvent } from '@lifeline/projections/runtime';
import type { IndexField } from '@lifeline/read-store/port';

/** The current consent of one purpose on one channel. */
export interface ProfileConsent {
  readonly granted: boolean;
  /** Business time of the change that made it so. */
  readonly since: string;
  readonly source: string | null;
}

export interface ProfileConsents {
  readonly consents: Readonly<Partial<Record<ConsentPurpose, Readonly<Partial<Record<ConsentChannel, ProfileConsent>>>>>>;
  /**
   * Per purpose, the channels whose consent is given, in CONSENT_CHANNELS order joined by `+`
   * (`"email+post"`); absent when none is. One scalar per purpose, so that "may be contacted for
   * marketing (by e-mail)" is an `$in` over the few values that contain the channel, on one
   * index per purpose, in every read store — rather than an index per purpose and channel,
   * each of which every profile write would pay for.
   */
  readonly consentedChannels: Readonly<Partial<Record<ConsentPurpose, string>>>;
}

/** Field path of a purpose's consented channels: what the list filters on and what is indexed. */
export const consentedChannelsField = (purpose: ConsentPurpose) => `consentedChannels.${purpose}`;

export const CONSENT_INDEXES: readonly IndexField[] = CONSENT_PURPOSES.map((purpose) => ({ field: consentedChannelsField(purpose) }));

const joinChannels = (channels: readonly ConsentChannel[]) => CONSENT_CHANNELS.filter((channel) => channels.includes(channel)).join('+');

/**
 * Every value of `consentedChannels.<purpose>` under which a customer may be contacted by
 * `channel`, or by any channel when it is absent: the non-empty channel sets (containing it).
 */
export function consentedChannelValues(channel?: ConsentChannel): string[] {
  const values: string[] = [];
  for (let set = 1; set < 1 << CONSENT_CHANNELS.length; set++) {
    const channels = CONSENT_CHANNELS.filter((_, bit) => set & (1 << bit));
    if (channel === undefined || channels.includes(channel)) values.push(joinChannels(channels));
  }
  return values;
}

/** The profile's consents after a consent event, applied in stream order (the rules keep each purpose and channel in time order). */
export function applyConsent(
  profile: Partial<ProfileConsents>,
  event: Extract<ProjectedEvent, { type: 'ConsentGiven' | 'ConsentWithdrawn' }>,
): ProfileConsents {
  const { purpose, channel, source } = event.data;
  const consents = profile.consents ?? {};
  const ofPurpose = { ...consents[purpose], [channel]: { granted: event.type === 'ConsentGiven', since: event.occurredAt, source: source ?? null } };
  const given = CONSENT_CHANNELS.filter((each) => ofPurpose[each]?.granted === true);
  const { [purpose]: _previous, ...otherPurposes } = profile.consentedChannels ?? {};
  return {
    consents: { ...consents, [purpose]: ofPurpose },
    consentedChannels: given.length > 0 ? { ...otherPurposes, [purpose]: joinChannels(given) } : otherPurposes,
  };
}
