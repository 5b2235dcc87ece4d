import { decide } from './decider';
import type { CustomerCommand } from './commands';
import { isRuleViolation } from './rule-violation';
import { foldCustomerEvents } from './state';
import type { CustomerEvent } from './events';

const at = '2025-06-01T00:00:00.000Z';
const options = { currency: 'EUR' };
const run = (events: CustomerEvent[], command: Omit<CustomerCommand, 'customerId' | 'issuedAt'>) =>
  decide({ customerId: 'c-1', issuedAt: at, ...command } as CustomerCommand, foldCustomerEvents(events), options);
const acquired: CustomerEvent = { type: 'CustomerAcquired', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false } };
const filed: CustomerEvent = { type: 'ComplaintFiled', schemaVersion: 1, occurredAt: '2025-02-01T00:00:00.000Z', data: { customerId: 'c-1', complaintId: 'k-1', category: 'billing', severity: 'low', channel: 'email', description: 'x' } };

describe('erasure rules', () => {
  it('records CustomerErased naming the complaints whose texts go, once', () => {
    const decision = run([acquired, filed], { type: 'EraseCustomer', payload: {} });
    expect(decision).toEqual([{ type: 'CustomerErased', schemaVersion: 1, occurredAt: at, data: { customerId: 'c-1', complaintIds: ['k-1'] } }]);
    const again = run([acquired, filed, ...(decision as CustomerEvent[])], { type: 'EraseCustomer', payload: {} });
    expect(isRuleViolation(again) && again.rule).toBe('customer_already_erased');
    expect(isRuleViolation(again) && again.message).toBe(`customer c-1 was erased at ${at}`);
  });

  it('refuses an unknown customer', () => {
    const decision = run([], { type: 'EraseCustomer', payload: {} });
    expect(isRuleViolation(decision) && decision.rule).toBe('customer_not_found');
  });

  it('after the erasure accepts purchases, churn and reactivation, and refuses what would record personal data', () => {
    const erased: CustomerEvent = { type: 'CustomerErased', schemaVersion: 1, occurredAt: '2025-03-01T00:00:00.000Z', data: { customerId: 'c-1', complaintIds: ['k-1'] } };
    const history = [acquired, filed, erased];
    expect(isRuleViolation(run(history, { type: 'RecordPurchase', payload: { orderId: 'o-1', amount: 100, currency: 'EUR' } }))).toBe(false);
    expect(isRuleViolation(run(history, { type: 'ChurnCustomer', payload: { reason: 'price' } }))).toBe(false);
    for (const command of [
      { type: 'RecordContact', payload: { contactId: 'ct', channel: 'phone', direction: 'inbound', topic: 't' } },
      { type: 'FileComplaint', payload: { complaintId: 'k-2', category: 'billing', severity: 'low', channel: 'email', description: 'y' } },
      { type: 'ResolveComplaint', payload: { complaintId: 'k-1', resolution: 'done' } },
      { type: 'AcknowledgeComplaint', payload: { complaintId: 'k-1', acknowledgedBy: 'agent' } },
      { type: 'RecordSurveyAnswer', payload: { surveyId: 's', kind: 'nps', score: 9 } },
      // A consent would bring a personal source back and make an erased customer contactable.
      { type: 'RecordConsent', payload: { purpose: 'marketing', channel: 'email', granted: true, source: 'web form' } },
    ] as const) {
      const decision = run(history, command as never);
      expect(isRuleViolation(decision) && decision.rule).toBe('customer_erased');
      expect(isRuleViolation(decision) && decision.message).toBe(
        'customer c-1 was erased at 2025-03-01T00:00:00.000Z; only purchases, churn and reactivation are recorded for an erased customer',
      );
    }
  });
});
