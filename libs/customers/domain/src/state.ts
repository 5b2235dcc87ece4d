import { evolveComplaintHandling } from './complaint-handling';
import type { CustomerEvent } from './events';
import { evolveSurveys } from './surveys';

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

/** What the rules need to know about one customer; rebuilt from its stream on every command. */
export interface CustomerState {
  readonly status: CustomerStatus;
  readonly customerId?: string;
  readonly acquiredAt?: string;
  /** Business time of the acquisition or the last reactivation. */
  readonly activeSince?: string;
  readonly churnedAt?: string;
  readonly complaints: Readonly<Record<string, ComplaintState>>;
  readonly orderIds: Readonly<Record<string, true>>;
  readonly contactIds: Readonly<Record<string, true>>;
  /** Surveys this customer answered (surveys.ts). */
  readonly surveyIds?: Readonly<Record<string, true>>;
}

export function initialCustomerState(): CustomerState {
  return { status: 'unknown', complaints: {}, orderIds: {}, contactIds: {} };
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
      return { ...state, contactIds: { ...state.contactIds, [event.data.contactId]: true } };
    case 'ComplaintFiled':
      return {
        ...state,
        complaints: { ...state.complaints, [event.data.complaintId]: { filedAt: event.occurredAt, open: true } },
      };
    case 'ComplaintResolved': {
      const complaint = state.complaints[event.data.complaintId];
      if (!complaint) return state;
      return {
        ...state,
        complaints: {
          ...state.complaints,
          [event.data.complaintId]: { ...complaint, open: false, resolvedAt: event.occurredAt, firstResolvedAt: complaint.firstResolvedAt ?? event.occurredAt },
        },
      };
    }
    case 'PurchaseRecorded':
      return { ...state, orderIds: { ...state.orderIds, [event.data.orderId]: true } };
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
    default:
      return state;
  }
}
