import type { CustomerEvent } from './events';

export type CustomerStatus = 'unknown' | 'active' | 'churned';

export interface ComplaintState {
  readonly filedAt: string;
  readonly open: boolean;
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
      return { ...state, complaints: { ...state.complaints, [event.data.complaintId]: { ...complaint, open: false } } };
    }
    case 'PurchaseRecorded':
      return { ...state, orderIds: { ...state.orderIds, [event.data.orderId]: true } };
    case 'CustomerChurned':
      return { ...state, status: 'churned', churnedAt: event.occurredAt };
    case 'CustomerReactivated':
      return { ...state, status: 'active', activeSince: event.occurredAt, churnedAt: undefined };
    default:
      return state;
  }
}
