import { CUSTOMER_EVENT_TYPES, isCustomerEventType } from './events';

describe('customer event types', () => {
  it('knows each of the published types (CustomerErased the latest), and nothing else', () => {
    const published = ['CustomerAcquired', 'CustomerContacted', 'ComplaintFiled', 'ComplaintResolved', 'PurchaseRecorded', 'CustomerChurned', 'CustomerReactivated',
      'ComplaintAcknowledged', 'ComplaintAssigned', 'ComplaintEscalated', 'ComplaintReopened', 'ComplaintSlaBreached', 'SurveyAnswered',
      'ConsentGiven', 'ConsentWithdrawn', 'CustomerErased'];
    expect([...CUSTOMER_EVENT_TYPES].sort()).toEqual([...published].sort());
    for (const type of published) expect(isCustomerEventType(type)).toBe(true);
    expect(isCustomerEventType('')).toBe(false);
    expect(isCustomerEventType('CustomerTeleported')).toBe(false);
  });
});
