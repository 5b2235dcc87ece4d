import type { CustomerCommand } from './commands';
import type { CustomerEvent } from './events';
import { decideComplaintHandling, isComplaintHandlingCommand } from './complaint-handling';
import { CURRENCY_CODE, MAX_PURCHASE_AMOUNT, MAX_PURCHASE_MINOR_UNITS } from './money';
import { RuleViolation } from './rule-violation';
import { evolve, initialCustomerState, type CustomerState } from './state';
import { decideSurveyAnswer } from './surveys';
import { consentViolationOfContact, decideConsent } from './consents';
import { decideErasure, refusedAfterErasure } from './erasure';

/** Business times may run ahead of our clock by this much (clock skew between systems). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface CustomerDeciderOptions {
  /** ISO 4217 code of the one currency purchases are booked in. */
  readonly currency: string;
  /** How long after its resolution a complaint may be reopened; default DEFAULT_REOPEN_WINDOW_DAYS. */
  readonly reopenWindowDays?: number;
}

export type Decision = readonly CustomerEvent[] | RuleViolation;

export interface Decider<Command, Event, State, Result> {
  decide(command: Command, state: State): Result;
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export type CustomerDecider = Decider<CustomerCommand, CustomerEvent, CustomerState, Decision>;

export function customerDecider(options: CustomerDeciderOptions): CustomerDecider {
  return {
    decide: (command, state) => decide(command, state, options),
    evolve,
    initialState: initialCustomerState,
  };
}

const ms = (iso: string) => Date.parse(iso);

export function decide(command: CustomerCommand, state: CustomerState, options: CustomerDeciderOptions): Decision {
  const occurredAt = new Date(command.occurredAt ?? command.issuedAt).toISOString();
  if (ms(occurredAt) > ms(command.issuedAt) + MAX_FUTURE_SKEW_MS) {
    return new RuleViolation('occurred_in_future', `occurredAt ${occurredAt} is more than 5 minutes in the future`);
  }
  const { customerId } = command;

  if (command.type === 'AcquireCustomer') {
    if (state.status !== 'unknown') {
      return new RuleViolation('customer_already_exists', `customer ${customerId} already exists`);
    }
    const p = command.payload;
    return [
      {
        type: 'CustomerAcquired',
        schemaVersion: 1,
        occurredAt,
        data: {
          customerId,
          name: p.name,
          ...(p.email !== undefined && { email: p.email }),
          ...(p.segment !== undefined && { segment: p.segment }),
          acquisitionChannel: p.acquisitionChannel,
          keyAccount: p.keyAccount ?? false,
          ...(p.accountManager !== undefined && { accountManager: p.accountManager }),
        },
      },
    ];
  }

  if (state.status === 'unknown' || state.acquiredAt === undefined) {
    return new RuleViolation('customer_not_found', `customer ${customerId} does not exist`);
  }
  if (ms(occurredAt) < ms(state.acquiredAt)) {
    return new RuleViolation(
      'occurred_before_acquisition',
      `occurredAt ${occurredAt} is before the customer was acquired (${state.acquiredAt})`,
    );
  }

  if (command.type === 'EraseCustomer') return decideErasure(command, state, occurredAt);
  const erased = refusedAfterErasure(command, state);
  if (erased) return erased;
  if (isComplaintHandlingCommand(command)) return decideComplaintHandling(command, state, occurredAt, options);
  if (command.type === 'RecordSurveyAnswer') return decideSurveyAnswer(command, state, occurredAt);
  if (command.type === 'RecordConsent') return decideConsent(command, state, occurredAt);

  switch (command.type) {
    case 'RecordContact': {
      const p = command.payload;
      if (state.contactIds.has(p.contactId)) {
        return new RuleViolation('contact_id_not_unique', `contact ${p.contactId} is already recorded for customer ${customerId}`);
      }
      const withoutConsent = consentViolationOfContact(state, p, occurredAt);
      if (withoutConsent) return withoutConsent;
      return [
        {
          type: 'CustomerContacted',
          schemaVersion: 1,
          occurredAt,
          data: {
            customerId,
            contactId: p.contactId,
            channel: p.channel,
            direction: p.direction,
            topic: p.topic,
            ...(p.agent !== undefined && { agent: p.agent }),
            ...(p.note !== undefined && { note: p.note }),
            ...(p.purpose !== undefined && { purpose: p.purpose }),
          },
        },
      ];
    }
    case 'FileComplaint': {
      const p = command.payload;
      if (state.complaints.has(p.complaintId)) {
        return new RuleViolation('complaint_id_not_unique', `complaint ${p.complaintId} already exists for customer ${customerId}`);
      }
      return [
        {
          type: 'ComplaintFiled',
          schemaVersion: 1,
          occurredAt,
          data: {
            customerId,
            complaintId: p.complaintId,
            category: p.category,
            severity: p.severity,
            channel: p.channel,
            description: p.description,
          },
        },
      ];
    }
    case 'ResolveComplaint': {
      const p = command.payload;
      const complaint = state.complaints.get(p.complaintId);
      if (!complaint) {
        return new RuleViolation('complaint_not_found', `complaint ${p.complaintId} does not exist for customer ${customerId}`);
      }
      if (!complaint.open) {
        return new RuleViolation('complaint_not_open', `complaint ${p.complaintId} is already resolved`);
      }
      if (ms(occurredAt) < ms(complaint.filedAt)) {
        return new RuleViolation(
          'resolution_before_filing',
          `resolution at ${occurredAt} is before complaint ${p.complaintId} was filed (${complaint.filedAt})`,
        );
      }
      if (complaint.acknowledgedAt !== undefined && ms(occurredAt) < ms(complaint.acknowledgedAt)) {
        return new RuleViolation('resolution_before_acknowledgement', `resolution at ${occurredAt} is before the acknowledgement (${complaint.acknowledgedAt})`);
      }
      if (complaint.reopenedAt !== undefined && ms(occurredAt) < ms(complaint.reopenedAt)) {
        return new RuleViolation('resolution_before_reopening', `resolution at ${occurredAt} is before the reopening (${complaint.reopenedAt})`);
      }
      return [
        {
          type: 'ComplaintResolved',
          schemaVersion: 1,
          occurredAt,
          data: {
            customerId,
            complaintId: p.complaintId,
            resolution: p.resolution,
            ...(p.satisfaction !== undefined && { satisfaction: p.satisfaction }),
          },
        },
      ];
    }
    case 'RecordPurchase': {
      const p = command.payload;
      if (!CURRENCY_CODE.test(p.currency) || p.currency !== options.currency) {
        return new RuleViolation(
          'unsupported_currency',
          `currency ${p.currency} is not supported; purchases are booked in ${options.currency}`,
        );
      }
      if (!Number.isSafeInteger(p.amount) || p.amount <= 0 || p.amount > MAX_PURCHASE_MINOR_UNITS) {
        return new RuleViolation('invalid_amount', `amount must be greater than 0 and at most ${MAX_PURCHASE_AMOUNT}, with at most 2 decimals`);
      }
      if (state.status !== 'active') {
        return new RuleViolation('customer_not_active', `customer ${customerId} is churned; purchases need an active customer`);
      }
      if (state.activeSince !== undefined && ms(occurredAt) < ms(state.activeSince)) {
        return new RuleViolation(
          'purchase_while_churned',
          `purchase at ${occurredAt} falls before the customer became active again (${state.activeSince})`,
        );
      }
      if (state.orderIds.has(p.orderId)) {
        return new RuleViolation('order_id_not_unique', `order ${p.orderId} is already recorded for customer ${customerId}`);
      }
      return [
        {
          type: 'PurchaseRecorded',
          schemaVersion: 1,
          occurredAt,
          data: { customerId, orderId: p.orderId, amount: p.amount, currency: p.currency },
        },
      ];
    }
    case 'ChurnCustomer': {
      if (state.status !== 'active') {
        return new RuleViolation('customer_not_active', `customer ${customerId} is already churned`);
      }
      if (state.activeSince !== undefined && ms(occurredAt) < ms(state.activeSince)) {
        return new RuleViolation(
          'churn_before_activation',
          `churn at ${occurredAt} is before the customer became active (${state.activeSince})`,
        );
      }
      return [{ type: 'CustomerChurned', schemaVersion: 1, occurredAt, data: { customerId, reason: command.payload.reason } }];
    }
    case 'ReactivateCustomer': {
      if (state.status !== 'churned' || state.churnedAt === undefined) {
        return new RuleViolation('customer_not_churned', `customer ${customerId} is active; only a churned customer can be reactivated`);
      }
      if (ms(occurredAt) < ms(state.churnedAt)) {
        return new RuleViolation(
          'reactivation_before_churn',
          `reactivation at ${occurredAt} is before the churn (${state.churnedAt})`,
        );
      }
      const { channel } = command.payload;
      return [
        { type: 'CustomerReactivated', schemaVersion: 1, occurredAt, data: { customerId, ...(channel !== undefined && { channel }) } },
      ];
    }
  }
}
