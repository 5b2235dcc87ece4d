import { sortableMinorUnits, toMinorUnits, type AcquisitionChannel, type ChurnReason, type ContactChannel, type SurveyKind } from '@lifeline/customers/domain';
import { applyConsent, CONSENT_INDEXES, type ProfileConsents } from './profile-consents';
import type { DocumentProjection, ProjectedEvent } from '@lifeline/projections/runtime';
import type { IndexField } from '@lifeline/read-store/port';

export type ProfileStatus = 'active' | 'churned';

/** One status change in business time; the first entry is the acquisition. */
export interface StatusChange {
  readonly status: ProfileStatus;
  readonly at: string;
  /** Churn reason (churn entries only). */
  readonly reason?: ChurnReason;
}

/**
 * The customer as the list and detail queries show it. Plain JSON (null, never undefined),
 * so it survives any document store unchanged. Times are business times (`occurredAt`).
 */
export interface CustomerProfile {
  readonly customerId: string;
  /** Null after the customer's erasure (as email and accountManager). */
  readonly name: string | null;
  readonly email: string | null;
  readonly segment: string | null;
  readonly acquisitionChannel: AcquisitionChannel;
  readonly keyAccount: boolean;
  readonly accountManager: string | null;
  readonly status: ProfileStatus;
  readonly acquiredAt: string;
  /** The current churn; null while active. */
  readonly churnedAt: string | null;
  /** Reason of the current churn; null while active (every reason stays in statusHistory). */
  readonly churnReason: ChurnReason | null;
  readonly firstChurnedAt: string | null;
  readonly reactivations: number;
  /** Acquisition, then every churn and reactivation, in stream order (the rules keep it in time order). */
  readonly statusHistory: readonly StatusChange[];
  readonly contacts: { readonly total: number; readonly byChannel: Readonly<Partial<Record<ContactChannel, number>>> };
  /** Latest contact by business time (contacts may be reported late). */
  readonly lastContactAt: string | null;
  readonly complaints: {
    readonly open: number;
    readonly resolved: number;
    /** Sum of filing-to-resolution times in integer milliseconds, so the mean stays exact. */
    readonly resolutionMsTotal: number;
    /** Filing times of the open complaints: what a resolution's duration is measured from. */
    readonly openFiledAt: Readonly<Record<string, string>>;
    /** Filing time and filing-to-resolution ms of each resolved complaint: what a reopening takes back. */
    readonly resolvedSpans: Readonly<Record<string, readonly [filedAt: string, ms: number]>>;
  };
  readonly purchases: number;
  /**
   * Integer minor units of `currency` as a JSON number, kept for existing readers: exact below
   * 2^53 (about 90 trillion in major units), the nearest double beyond. revenueTotalMinor is exact.
   */
  readonly revenueTotal: number;
  /**
   * The exact sum in integer minor units, a zero-padded decimal string of SORTABLE_MINOR_UNITS_DIGITS
   * digits (sortableMinorUnits), so both read stores sort and range-filter it numerically. Absent on
   * profiles written before version 3, which is revenueTotal (exact then).
   */
  readonly revenueTotalMinor?: string;
  /** Currency of the purchases; null before the first one. */
  readonly currency: string | null;
  readonly firstPurchaseAt: string | null;
  readonly lastPurchaseAt: string | null;
  /** Stream revision of the last applied event: the API's ETag. */
  readonly revision: number;
  readonly lastEventPosition: number;
  /** Latest business time of any applied event ("last activity"). */
  readonly lastEventAt: string;
  /**
   * Latest survey answer per kind (by business time). Absent on profiles written before
   * surveys existed, which is the same as none.
   */
  readonly latestSurveyScores?: Readonly<Partial<Record<SurveyKind, LatestSurveyScore>>>;
  /** Current consent per purpose and channel (profile-consents.ts); absent until the first consent event. */
  readonly consents?: ProfileConsents['consents'];
  /** Per purpose, the channels with consent given, as one indexed value the list filters on (profile-consents.ts). */
  readonly consentedChannels?: ProfileConsents['consentedChannels'];
  /** True once the customer's personal data was erased (GDPR Art. 17); absent before. */
  readonly erased?: true;
}

/** A customer's latest answer of one survey kind. */
export interface LatestSurveyScore {
  readonly surveyId: string;
  readonly score: number;
  readonly at: string;
  readonly touchpoint: string | null;
}

export const CUSTOMER_PROFILES = 'customer-profiles';

export class ProfileCurrencyMismatchError extends Error {
  constructor(customerId: string, booked: string, got: string) {
    super(
      `customer ${customerId}: purchase in ${got}, but the profile's revenue is in ${booked}; ` +
        'one deployment books one currency (LIFELINE_CURRENCY), so the event log mixes currencies',
    );
    this.name = 'ProfileCurrencyMismatchError';
  }
}

/** The exact revenue total of a profile, also of one written before revenueTotalMinor existed. */
export function revenueTotalMinorUnits(profile: Pick<CustomerProfile, 'revenueTotal' | 'revenueTotalMinor'>): bigint {
  return toMinorUnits(profile.revenueTotalMinor ?? profile.revenueTotal);
}

const later = (a: string | null, b: string): string => (a !== null && Date.parse(a) >= Date.parse(b) ? a : b);
const earlier = (a: string | null, b: string): string => (a !== null && Date.parse(a) <= Date.parse(b) ? a : b);

function acquired(event: Extract<ProjectedEvent, { type: 'CustomerAcquired' }>): CustomerProfile {
  const d = event.data;
  return {
    customerId: d.customerId,
    name: d.name,
    email: d.email ?? null,
    segment: d.segment ?? null,
    acquisitionChannel: d.acquisitionChannel,
    keyAccount: d.keyAccount,
    accountManager: d.accountManager ?? null,
    status: 'active',
    acquiredAt: event.occurredAt,
    churnedAt: null,
    churnReason: null,
    firstChurnedAt: null,
    reactivations: 0,
    statusHistory: [{ status: 'active', at: event.occurredAt }],
    contacts: { total: 0, byChannel: {} },
    lastContactAt: null,
    complaints: { open: 0, resolved: 0, resolutionMsTotal: 0, openFiledAt: {}, resolvedSpans: {} },
    purchases: 0,
    revenueTotal: 0,
    revenueTotalMinor: sortableMinorUnits(0n),
    currency: null,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    revision: event.revision,
    lastEventPosition: event.position,
    lastEventAt: event.occurredAt,
  };
}

function applyFact(profile: CustomerProfile, event: ProjectedEvent): CustomerProfile {
  switch (event.type) {
    case 'CustomerAcquired':
      // A second acquisition cannot pass the rules; keep the first rather than wipe the history.
      return profile;
    case 'CustomerContacted': {
      const { channel } = event.data;
      return {
        ...profile,
        contacts: {
          total: profile.contacts.total + 1,
          byChannel: { ...profile.contacts.byChannel, [channel]: (profile.contacts.byChannel[channel] ?? 0) + 1 },
        },
        lastContactAt: later(profile.lastContactAt, event.occurredAt),
      };
    }
    case 'ComplaintFiled': {
      const c = profile.complaints;
      return {
        ...profile,
        complaints: { ...c, open: c.open + 1, openFiledAt: { ...c.openFiledAt, [event.data.complaintId]: event.occurredAt } },
      };
    }
    case 'ComplaintResolved': {
      const c = profile.complaints;
      const filedAt = c.openFiledAt[event.data.complaintId];
      // The rules only resolve open complaints; an unknown one changes nothing rather than skew the counts.
      if (filedAt === undefined) return profile;
      const { [event.data.complaintId]: _resolved, ...stillOpen } = c.openFiledAt;
      const ms = Date.parse(event.occurredAt) - Date.parse(filedAt);
      return {
        ...profile,
        complaints: {
          open: c.open - 1,
          resolved: c.resolved + 1,
          resolutionMsTotal: c.resolutionMsTotal + ms,
          openFiledAt: stillOpen,
          resolvedSpans: { ...c.resolvedSpans, [event.data.complaintId]: [filedAt, ms] },
        },
      };
    }
    case 'PurchaseRecorded': {
      const { amount, currency } = event.data;
      if (profile.currency !== null && profile.currency !== currency) {
        throw new ProfileCurrencyMismatchError(profile.customerId, profile.currency, currency);
      }
      const total = revenueTotalMinorUnits(profile) + toMinorUnits(amount);
      return {
        ...profile,
        purchases: profile.purchases + 1,
        revenueTotal: Number(total),
        revenueTotalMinor: sortableMinorUnits(total),
        currency,
        firstPurchaseAt: earlier(profile.firstPurchaseAt, event.occurredAt),
        lastPurchaseAt: later(profile.lastPurchaseAt, event.occurredAt),
      };
    }
    case 'CustomerChurned':
      return {
        ...profile,
        status: 'churned',
        churnedAt: event.occurredAt,
        churnReason: event.data.reason,
        firstChurnedAt: profile.firstChurnedAt ?? event.occurredAt,
        statusHistory: [...profile.statusHistory, { status: 'churned', at: event.occurredAt, reason: event.data.reason }],
      };
    case 'CustomerReactivated':
      return {
        ...profile,
        status: 'active',
        churnedAt: null,
        churnReason: null,
        reactivations: profile.reactivations + 1,
        statusHistory: [...profile.statusHistory, { status: 'active', at: event.occurredAt }],
      };
    case 'ComplaintReopened': {
      // Open again: the resolution no longer stands (as in the complaints read model); the next one is timed from the filing.
      const c = profile.complaints;
      const span = c.resolvedSpans[event.data.complaintId];
      if (span === undefined) return profile;
      const { [event.data.complaintId]: _reopened, ...stillResolved } = c.resolvedSpans;
      return {
        ...profile,
        complaints: {
          open: c.open + 1,
          resolved: c.resolved - 1,
          resolutionMsTotal: c.resolutionMsTotal - span[1],
          openFiledAt: { ...c.openFiledAt, [event.data.complaintId]: span[0] },
          resolvedSpans: stillResolved,
        },
      };
    }
    case 'SurveyAnswered': {
      const { kind, surveyId, score, touchpoint } = event.data;
      const latest = profile.latestSurveyScores ?? {};
      const current = latest[kind];
      if (current !== undefined && Date.parse(current.at) > Date.parse(event.occurredAt)) return profile;
      return { ...profile, latestSurveyScores: { ...latest, [kind]: { surveyId, score, at: event.occurredAt, touchpoint: touchpoint ?? null } } };
    }
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
      return { ...profile, ...applyConsent(profile, event) };
    case 'CustomerErased': {
      // The acquisition's fields already read null when this profile is rebuilt after the erasure.
      // Consents go too: their sources are personal, and an erased customer is contactable for nothing
      // (no consent command is accepted after the erasure, so a rebuild ends the same way).
      const { consents: _consents, consentedChannels: _channels, ...rest } = profile;
      return { ...rest, name: null, email: null, accountManager: null, erased: true };
    }
    case 'ComplaintAcknowledged':
    case 'ComplaintAssigned':
    case 'ComplaintEscalated':
    case 'ComplaintSlaBreached':
      // The complaint's handling lives in the complaints read model; the profile shows its open ones from there.
      return profile;
  }
}

/**
 * What GET /customers filters and sorts on: one compound index per filter (status, segment, key
 * account) and list sort, so every such page is read straight off an index. Single sort indexes
 * were not enough: a walk of the sort index skips every profile of the other values (a quarter of
 * all profiles for the rarer status, 97 % for key accounts), and SQLite's other choice, the
 * equality index, sorts every match (70,000 profiles per page of segment=smb at 100,000
 * customers: p99 128 ms). test/read-side/customer-list-plans checks every combination's plan.
 */
const PROFILE_INDEXES: readonly IndexField[] = [
  { field: 'status' },
  { field: 'segment' },
  { field: 'keyAccount' },
  { field: 'acquiredAt' },
  // The list sorts by revenue on the exact, fixed-width key (a number loses order past 2^53).
  { field: 'revenueTotalMinor' },
  { field: 'lastEventAt' },
  { field: 'status', then: ['acquiredAt'] },
  { field: 'status', then: ['revenueTotalMinor'] },
  { field: 'status', then: ['lastEventAt'] },
  { field: 'segment', then: ['acquiredAt'] },
  { field: 'segment', then: ['revenueTotalMinor'] },
  { field: 'segment', then: ['lastEventAt'] },
  { field: 'keyAccount', then: ['acquiredAt'] },
  { field: 'keyAccount', then: ['revenueTotalMinor'] },
  { field: 'keyAccount', then: ['lastEventAt'] },
  ...CONSENT_INDEXES,
];

export const customerProfileProjection: DocumentProjection<CustomerProfile> = {
  name: CUSTOMER_PROFILES,
  // 2: complaints.resolvedSpans (so a reopening can take a resolution back), survey scores.
  // 3: revenueTotalMinor, the exact revenue sum (issue 12).
  version: 3,
  indexes: PROFILE_INDEXES,
  keysOf: (event) => [event.data.customerId],
  evolve(profile, event) {
    if (profile === undefined) {
      // Only an acquisition creates a profile; the rules allow nothing before it.
      return event.type === 'CustomerAcquired' ? acquired(event) : undefined;
    }
    return {
      ...applyFact(profile, event),
      revision: event.revision,
      lastEventPosition: event.position,
      // An erasure is not the customer's activity: recency, RFM and inactivity churn stay as they were.
      lastEventAt: event.type === 'CustomerErased' ? profile.lastEventAt : later(profile.lastEventAt, event.occurredAt),
    };
  },
};
