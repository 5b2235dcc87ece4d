/**
 * GDPR Art. 17 erasure, the domain's side (the key deletion that makes the personal fields
 * unreadable is the application's: docs/security.md#erasure). `CustomerErased` records that
 * it happened and names what read models must rewrite; afterwards the customer is kept for
 * analytics (purchases, churn, reactivation) but no new personal data is accepted.
 */
import type { CommandOf } from './commands';
import type { EventOf } from './events';
import { RuleViolation } from './rule-violation';
import type { CustomerState } from './state';

export type EraseCustomer = CommandOf<'EraseCustomer', Record<string, never>>;

export type CustomerErased = EventOf<
  'CustomerErased',
  {
    customerId: string;
    /** The customer's complaints at the erasure: their documents lose their texts. */
    complaintIds: string[];
  }
>;

/**
 * Commands an erased customer still accepts: they carry no personal data, and refusing them
 * would bend the analytics (revenue, churn, survival) the erasure must leave unchanged. SLA
 * breaches are the deadline process's, about complaints still open.
 */
export const COMMANDS_ALLOWED_AFTER_ERASURE: ReadonlySet<string> = new Set(['RecordPurchase', 'ChurnCustomer', 'ReactivateCustomer', 'RecordComplaintSlaBreach']);

export function decideErasure(command: EraseCustomer, state: CustomerState, occurredAt: string): readonly CustomerErased[] | RuleViolation {
  if (state.erasedAt !== undefined) {
    return new RuleViolation('customer_already_erased', `customer ${command.customerId} was erased at ${state.erasedAt}`);
  }
  return [{ type: 'CustomerErased', schemaVersion: 1, occurredAt, data: { customerId: command.customerId, complaintIds: state.complaints.toJSON().map(([complaintId]) => complaintId) } }];
}

/** The refusal for a command that would record personal data of an erased customer. */
export function refusedAfterErasure(command: { type: string; customerId: string }, state: CustomerState): RuleViolation | undefined {
  if (state.erasedAt === undefined || COMMANDS_ALLOWED_AFTER_ERASURE.has(command.type)) return undefined;
  return new RuleViolation(
    'customer_erased',
    `customer ${command.customerId} was erased at ${state.erasedAt}; only purchases, churn and reactivation are recorded for an erased customer`,
  );
}
