/**
 * Customer lifecycle events: published contracts. A field's meaning never changes once
 * published; a new meaning gets a new schemaVersion plus an upcaster (see upcasters.ts).
 * Every event carries business time (`occurredAt`) apart from the store's `recordedAt`.
 */
import type { ComplaintHandlingEvent } from './complaint-handling';
import type { ConsentEvent, ConsentPurpose } from './consents';
import type { CustomerErased } from './erasure';
import type { SurveyAnswered } from './surveys';

export const ACQUISITION_CHANNELS = ['web', 'referral', 'sales', 'partner', 'social', 'event', 'other'] as const;
export const CONTACT_CHANNELS = ['phone', 'email', 'chat', 'social', 'in_person', 'letter', 'web'] as const;
export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export const COMPLAINT_CATEGORIES = ['product', 'service', 'billing', 'delivery', 'other'] as const;
export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const CHURN_REASONS = ['price', 'service', 'competitor', 'moved', 'no_need', 'other'] as const;

export type AcquisitionChannel = (typeof ACQUISITION_CHANNELS)[number];
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export type ChurnReason = (typeof CHURN_REASONS)[number];

export interface EventOf<Type extends string, Data> {
  readonly type: Type;
  readonly schemaVersion: 1;
  /** Business time (ISO-8601, UTC): when it happened, as told by the caller. */
  readonly occurredAt: string;
  readonly data: Data;
}

export type CustomerAcquired = EventOf<
  'CustomerAcquired',
  {
    customerId: string;
    name: string;
    email?: string;
    segment?: string;
    acquisitionChannel: AcquisitionChannel;
    keyAccount: boolean;
    accountManager?: string;
  }
>;

export type CustomerContacted = EventOf<
  'CustomerContacted',
  {
    customerId: string;
    contactId: string;
    channel: ContactChannel;
    direction: ContactDirection;
    topic: string;
    agent?: string;
    note?: string;
    /** What the contact was for, when it was for a consent purpose (added later: absent on older events, and optional). */
    purpose?: ConsentPurpose;
  }
>;

export type ComplaintFiled = EventOf<
  'ComplaintFiled',
  {
    customerId: string;
    complaintId: string;
    category: ComplaintCategory;
    severity: ComplaintSeverity;
    channel: ContactChannel;
    description: string;
  }
>;

export type ComplaintResolved = EventOf<
  'ComplaintResolved',
  { customerId: string; complaintId: string; resolution: string; satisfaction?: number }
>;

/** `amount` is in integer minor units (cents) of `currency`, so sums never drift. */
export type PurchaseRecorded = EventOf<
  'PurchaseRecorded',
  { customerId: string; orderId: string; amount: number; currency: string }
>;

export type CustomerChurned = EventOf<'CustomerChurned', { customerId: string; reason: ChurnReason }>;

export type CustomerReactivated = EventOf<'CustomerReactivated', { customerId: string; channel?: string }>;

export type CustomerEvent =
  | CustomerAcquired
  | CustomerContacted
  | ComplaintFiled
  | ComplaintResolved
  | PurchaseRecorded
  | CustomerChurned
  | CustomerReactivated
  | ComplaintHandlingEvent
  | SurveyAnswered
  | ConsentEvent
  | CustomerErased;

export type CustomerEventType = CustomerEvent['type'];

export const CUSTOMER_EVENT_TYPES: readonly CustomerEventType[] = [
  'CustomerAcquired',
  'CustomerContacted',
  'ComplaintFiled',
  'ComplaintResolved',
  'PurchaseRecorded',
  'CustomerChurned',
  'CustomerReactivated',
  'ComplaintAcknowledged',
  'ComplaintAssigned',
  'ComplaintEscalated',
  'ComplaintReopened',
  'ComplaintSlaBreached',
  'SurveyAnswered',
  'ConsentGiven',
  'ConsentWithdrawn',
  'CustomerErased',
];

export const CURRENT_SCHEMA_VERSION = 1 as const;

export function isCustomerEventType(type: string): type is CustomerEventType {
  return (CUSTOMER_EVENT_TYPES as readonly string[]).includes(type);
}
