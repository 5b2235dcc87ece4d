/**
 * A command the rules refuse. `kind` says how a caller should read it
 * (HTTP maps not_found -> 404, conflict -> 409, unprocessable -> 422).
 */
export type RuleName =
  | 'customer_already_exists'
  | 'customer_not_found'
  | 'occurred_before_acquisition'
  | 'occurred_in_future'
  | 'contact_id_not_unique'
  | 'complaint_id_not_unique'
  | 'complaint_not_found'
  | 'complaint_not_open'
  | 'resolution_before_filing'
  | 'order_id_not_unique'
  | 'customer_not_active'
  | 'purchase_while_churned'
  | 'invalid_amount'
  | 'unsupported_currency'
  | 'customer_not_churned'
  | 'reactivation_before_churn'
  | 'churn_before_activation'
  | 'complaint_step_before_filing'
  | 'complaint_already_acknowledged'
  | 'assignment_without_assignee'
  | 'escalation_level_not_higher'
  | 'complaint_not_resolved'
  | 'reopen_before_resolution'
  | 'reopen_window_expired'
  | 'resolution_before_acknowledgement'
  | 'resolution_before_reopening'
  | 'sla_breach_already_recorded'
  | 'sla_not_breached'
  | 'score_out_of_range'
  | 'survey_already_answered'
  | 'consent_change_before_current'
  | 'consent_withdrawn'
  | 'customer_already_erased'
  | 'customer_erased';

export type RuleViolationKind = 'not_found' | 'conflict' | 'unprocessable';

const KIND_OF: Partial<Record<RuleName, RuleViolationKind>> = {
  customer_not_found: 'not_found',
  complaint_not_found: 'not_found',
  unsupported_currency: 'unprocessable',
  score_out_of_range: 'unprocessable',
  assignment_without_assignee: 'unprocessable',
};

export class RuleViolation {
  readonly kind: RuleViolationKind;
  constructor(
    readonly rule: RuleName,
    readonly message: string,
  ) {
    this.kind = KIND_OF[rule] ?? 'conflict';
  }
}

export function isRuleViolation(value: unknown): value is RuleViolation {
  return value instanceof RuleViolation;
}
