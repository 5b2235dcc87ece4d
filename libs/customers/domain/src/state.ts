import { evolveComplaintHandling } from './complaint-handling';
import type { CustomerEvent } from './events';
import { GrowingMap } from './growing-map';
import { evolveSurveys } from './surveys';
import { evolveConsents, type ConsentChange } from './consents';

export type CustomerStatus = 'unknown' | 'active' | 'churned';

export interface ComplaintState {
  readonly filedAt: string;
  readonly open: boolean;
  /** Explicit acknowledgement (complaint-handling.ts: a resolution implies one). */
  readonly acknowledgedAt?: string;
  readonly firstResolvedAt?: string;
  /** The latest resolution. */
  readonly resolvedAt?: string;
  /** The latest reopening: the start of the current resolution cycle. */
  readonly reopenedAt?: string;
  readonly escalationLevel?: number;
  /** breachKey(milestone, dueAt) of every recorded SLA breach. */
  readonly breaches?: readonly string[];
}

/**
 * What the rules need to know about one customer, folded from its stream. The id collections
 * grow with the history, so they are GrowingMaps: one event adds one entry in O(1) without
 * copying the others (a record copied per event made folding n events O(n²)).
 */
export interface CustomerState {
  readonly status: CustomerStatus;
  readonly customerId?: string;
  readonly acquiredAt?: string;
  /** Business time of the acquisition or the last reactivation. */
  readonly activeSince?: string;
  readonly churnedAt?: string;
  readonly complaints: GrowingMap<string, ComplaintState>;
  readonly orderIds: GrowingMap<string, true>;
  readonly contactIds: GrowingMap<string, true>;
  /** Surveys this customer answered (surveys.ts); absent until the first. */
  readonly surveyIds?: GrowingMap<string, true>;
  /** Consent changes by consentKey(purpose, channel), oldest first (consents.ts); absent until the first. */
  readonly consents?: Readonly<Record<string, readonly ConsentChange[]>>;
  /** Business time of the erasure (erasure.ts); absent while the customer's personal data exists. */
  readonly erasedAt?: string;
}

export function initialCustomerState(): CustomerState {
  return { status: 'unknown', complaints: GrowingMap.empty(), orderIds: GrowingMap.empty(), contactIds: GrowingMap.empty() };
}

export function evolve(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerAcquired':
      return {
        ...state,
        status: 'active',
        customerId: event.data.customerId,
        acquiredAt: event.occurredAt,
        activeSince: event.occurredAt,
      };
    case 'CustomerContacted':
      return { ...state, contactIds: state.contactIds.set(event.data.contactId, true) };
    case 'ComplaintFiled':
      return { ...state, complaints: state.complaints.set(event.data.complaintId, { filedAt: event.occurredAt, open: true }) };
    case 'ComplaintResolved': {
      const complaint = state.complaints.get(event.data.complaintId);
      if (!complaint) return state;
      return {
        ...state,
        complaints: state.complaints.set(event.data.complaintId, {
          ...complaint,
          open: false,
          resolvedAt: event.occurredAt,
          firstResolvedAt: complaint.firstResolvedAt ?? event.occurredAt,
        }),
      };
    }
    case 'PurchaseRecorded':
      return { ...state, orderIds: state.orderIds.set(event.data.orderId, true) };
    case 'CustomerChurned':
      return { ...state, status: 'churned', churnedAt: event.occurredAt };
    case 'CustomerReactivated':
      return { ...state, status: 'active', activeSince: event.occurredAt, churnedAt: undefined };
    case 'ComplaintAcknowledged':
    case 'ComplaintAssigned':
    case 'ComplaintEscalated':
    case 'ComplaintReopened':
    case 'ComplaintSlaBreached':
      return evolveComplaintHandling(state, event);
    case 'SurveyAnswered':
      return evolveSurveys(state, event);
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
      return evolveConsents(state, event);
    case 'CustomerErased':
      return { ...state, erasedAt: event.occurredAt };
    default:
      return state;
  }
}

/** Folds a whole stream (already upcast) onto the initial state: O(n). */
export function foldCustomerEvents(events: Iterable<CustomerEvent>, from: CustomerState = initialCustomerState()): CustomerState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}
