import type { CustomerCommand } from './commands';
import { customerDecider } from './decider';
import { MAX_PURCHASE_MINOR_UNITS } from './money';
import type { CustomerEvent } from './events';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(customerDecider({ currency: 'EUR' }));

const NOW = '2025-06-01T12:00:00.000Z';
const ID = 'c-1';

const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2025-01-10T09:00:00.000Z',
  data: { customerId: ID, name: 'Ada', acquisitionChannel: 'web', keyAccount: false },
};
const complaintFiled: CustomerEvent = {
  type: 'ComplaintFiled',
  schemaVersion: 1,
  occurredAt: '2025-02-01T10:00:00.000Z',
  data: { customerId: ID, complaintId: 'k-1', category: 'billing', severity: 'high', channel: 'email', description: 'double charge' },
};
const complaintResolved: CustomerEvent = {
  type: 'ComplaintResolved',
  schemaVersion: 1,
  occurredAt: '2025-02-03T10:00:00.000Z',
  data: { customerId: ID, complaintId: 'k-1', resolution: 'refunded' },
};
const purchased: CustomerEvent = {
  type: 'PurchaseRecorded',
  schemaVersion: 1,
  occurredAt: '2025-02-05T10:00:00.000Z',
  data: { customerId: ID, orderId: 'o-1', amount: 1999, currency: 'EUR' },
};
const churned: CustomerEvent = {
  type: 'CustomerChurned',
  schemaVersion: 1,
  occurredAt: '2025-03-01T00:00:00.000Z',
  data: { customerId: ID, reason: 'price' },
};
const reactivated: CustomerEvent = {
  type: 'CustomerReactivated',
  schemaVersion: 1,
  occurredAt: '2025-04-01T00:00:00.000Z',
  data: { customerId: ID },
};

const acquire = (over: Partial<Extract<CustomerCommand, { type: 'AcquireCustomer' }>> = {}): CustomerCommand => ({
  type: 'AcquireCustomer',
  customerId: ID,
  issuedAt: NOW,
  occurredAt: '2025-01-10T09:00:00.000Z',
  payload: { name: 'Ada', acquisitionChannel: 'web' },
  ...over,
});
const contact = (occurredAt?: string, contactId = 'ct-1'): CustomerCommand => ({
  type: 'RecordContact',
  customerId: ID,
  issuedAt: NOW,
  occurredAt,
  payload: { contactId, channel: 'phone', direction: 'inbound', topic: 'invoice question' },
});
const fileComplaint = (complaintId = 'k-1', occurredAt = '2025-02-01T10:00:00.000Z'): CustomerCommand => ({
  type: 'FileComplaint',
  customerId: ID,
  issuedAt: NOW,
  occurredAt,
  payload: { complaintId, category: 'billing', severity: 'high', channel: 'email', description: 'double charge' },
});
const resolve = (complaintId = 'k-1', occurredAt = '2025-02-03T10:00:00.000Z', satisfaction?: number): CustomerCommand => ({
  type: 'ResolveComplaint',
  customerId: ID,
  issuedAt: NOW,
  occurredAt,
  payload: { complaintId, resolution: 'refunded', ...(satisfaction !== undefined && { satisfaction }) },
});
const purchase = (over: Partial<{ orderId: string; amount: number; currency: string; occurredAt: string }> = {}): CustomerCommand => ({
  type: 'RecordPurchase',
  customerId: ID,
  issuedAt: NOW,
  occurredAt: over.occurredAt ?? '2025-02-05T10:00:00.000Z',
  payload: { orderId: over.orderId ?? 'o-1', amount: over.amount ?? 1999, currency: over.currency ?? 'EUR' },
});
const churn = (occurredAt = '2025-03-01T00:00:00.000Z'): CustomerCommand => ({
  type: 'ChurnCustomer',
  customerId: ID,
  issuedAt: NOW,
  occurredAt,
  payload: { reason: 'price' },
});
const reactivate = (occurredAt = '2025-04-01T00:00:00.000Z'): CustomerCommand => ({
  type: 'ReactivateCustomer',
  customerId: ID,
  issuedAt: NOW,
  occurredAt,
  payload: {},
});

describe('customer decider', () => {
  describe('acquisition', () => {
    it('acquires a new customer, keyAccount defaulting to false and optional fields left out', () => {
      spec.given([]).when(acquire()).then([acquired]);
    });

    it('keeps the optional profile fields the caller gave', () => {
      spec
        .given([])
        .when(acquire({ payload: { name: 'Ada', acquisitionChannel: 'sales', keyAccount: true, accountManager: 'Bo', segment: 'smb', email: 'a@x.io' } }))
        .then([
          {
            ...acquired,
            data: { customerId: ID, name: 'Ada', email: 'a@x.io', segment: 'smb', acquisitionChannel: 'sales', keyAccount: true, accountManager: 'Bo' },
          },
        ]);
    });

    it('defaults business time to the time the command was issued', () => {
      spec.given([]).when(acquire({ occurredAt: undefined })).then([{ ...acquired, occurredAt: NOW }]);
    });

    it('refuses to acquire a customer twice, also after churn', () => {
      spec.given([acquired]).when(acquire()).thenViolates('customer_already_exists');
      spec.given([acquired, churned]).when(acquire()).thenViolates('customer_already_exists');
    });
  });

  describe('business time', () => {
    it('accepts business time up to 5 minutes ahead of the clock (skew) but not more', () => {
      spec.given([acquired]).when(contact('2025-06-01T12:05:00.000Z')).then([
        {
          type: 'CustomerContacted',
          schemaVersion: 1,
          occurredAt: '2025-06-01T12:05:00.000Z',
          data: { customerId: ID, contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'invoice question' },
        },
      ]);
      spec.given([acquired]).when(contact('2025-06-01T12:05:00.001Z')).thenViolates('occurred_in_future');
      spec.given([]).when(acquire({ occurredAt: '2025-06-02T00:00:00.000Z' })).thenViolates('occurred_in_future');
    });

    it('refuses events dated before the acquisition', () => {
      spec.given([acquired]).when(contact('2025-01-10T08:59:59.999Z')).thenViolates('occurred_before_acquisition');
      spec.given([acquired]).when(fileComplaint('k-9', '2024-12-31T00:00:00.000Z')).thenViolates('occurred_before_acquisition');
    });

    it('normalises business time to UTC ISO-8601', () => {
      spec.given([acquired]).when(contact('2025-05-01T14:00:00+02:00')).then([
        {
          type: 'CustomerContacted',
          schemaVersion: 1,
          occurredAt: '2025-05-01T12:00:00.000Z',
          data: { customerId: ID, contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'invoice question' },
        },
      ]);
    });
  });

  describe('every command but acquisition needs an existing customer', () => {
    it.each([contact(), fileComplaint(), resolve(), purchase(), churn(), reactivate()])('$type on an unknown customer', (command) => {
      const violation = spec.given([]).when(command).thenViolates('customer_not_found');
      expect(violation.kind).toBe('not_found');
    });
  });

  describe('contacts', () => {
    it('allows contacts for churned customers (win-back)', () => {
      spec.given([acquired, churned]).when(contact('2025-03-05T00:00:00.000Z')).then([
        {
          type: 'CustomerContacted',
          schemaVersion: 1,
          occurredAt: '2025-03-05T00:00:00.000Z',
          data: { customerId: ID, contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'invoice question' },
        },
      ]);
    });

    it('keeps the agent and the note when given', () => {
      const withAgent: CustomerCommand = { type: 'RecordContact', customerId: ID, issuedAt: NOW, occurredAt: '2025-02-01T00:00:00.000Z', payload: { contactId: 'ct-9', channel: 'phone', direction: 'outbound', topic: 'renewal', agent: 'Bo', note: 'call back in May' } };
      spec.given([acquired]).when(withAgent).then([
        {
          type: 'CustomerContacted',
          schemaVersion: 1,
          occurredAt: '2025-02-01T00:00:00.000Z',
          data: { customerId: ID, contactId: 'ct-9', channel: 'phone', direction: 'outbound', topic: 'renewal', agent: 'Bo', note: 'call back in May' },
        },
      ]);
    });

    it('accepts a contact at the very instant of the acquisition', () => {
      spec.given([acquired]).when(contact(acquired.occurredAt)).then([
        { type: 'CustomerContacted', schemaVersion: 1, occurredAt: acquired.occurredAt, data: { customerId: ID, contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'invoice question' } },
      ]);
    });

    it('refuses a contact id used before', () => {
      const first: CustomerEvent = {
        type: 'CustomerContacted',
        schemaVersion: 1,
        occurredAt: '2025-02-01T00:00:00.000Z',
        data: { customerId: ID, contactId: 'ct-1', channel: 'email', direction: 'outbound', topic: 'welcome' },
      };
      spec.given([acquired, first]).when(contact('2025-02-02T00:00:00.000Z')).thenViolates('contact_id_not_unique');
    });
  });

  describe('complaints', () => {
    it('files a complaint, also for a churned customer (late complaint)', () => {
      spec.given([acquired]).when(fileComplaint()).then([complaintFiled]);
      spec.given([acquired, churned]).when(fileComplaint('k-1', '2025-03-02T00:00:00.000Z')).then([
        { ...complaintFiled, occurredAt: '2025-03-02T00:00:00.000Z' },
      ]);
    });

    it('refuses a complaint id used before for this customer', () => {
      spec.given([acquired, complaintFiled]).when(fileComplaint('k-1', '2025-02-02T00:00:00.000Z')).thenViolates('complaint_id_not_unique');
    });

    it('resolves an open complaint, keeping the satisfaction score', () => {
      spec.given([acquired, complaintFiled]).when(resolve('k-1', '2025-02-03T10:00:00.000Z', 4)).then([
        { ...complaintResolved, data: { ...complaintResolved.data, satisfaction: 4 } },
      ]);
    });

    it('resolving an unknown complaint is a not-found', () => {
      const violation = spec.given([acquired, complaintFiled]).when(resolve('k-2')).thenViolates('complaint_not_found');
      expect(violation.kind).toBe('not_found');
    });

    it('refuses to resolve a complaint twice', () => {
      spec.given([acquired, complaintFiled, complaintResolved]).when(resolve('k-1', '2025-02-04T00:00:00.000Z')).thenViolates('complaint_not_open');
    });

    it('accepts a resolution at the very instant of the filing', () => {
      spec.given([acquired, complaintFiled]).when(resolve('k-1', complaintFiled.occurredAt)).then([{ ...complaintResolved, occurredAt: complaintFiled.occurredAt }]);
    });

    it('a resolution of a complaint never filed changes nothing: that id can still be filed, and the customer still buys', () => {
      const strayResolution: CustomerEvent = { ...complaintResolved, data: { ...complaintResolved.data, complaintId: 'k-9' } };
      spec.given([acquired, strayResolution]).when(fileComplaint('k-9')).then([{ ...complaintFiled, data: { ...complaintFiled.data, complaintId: 'k-9' } }]);
      spec.given([acquired, complaintFiled, complaintResolved]).when(purchase()).then([purchased]);
    });

    it('refuses a resolution dated before the complaint was filed', () => {
      spec.given([acquired, complaintFiled]).when(resolve('k-1', '2025-02-01T09:59:59.000Z')).thenViolates('resolution_before_filing');
    });
  });

  describe('purchases', () => {
    it('records a purchase of an active customer', () => {
      spec.given([acquired]).when(purchase()).then([purchased]);
    });

    it('refuses a purchase while churned', () => {
      spec.given([acquired, churned]).when(purchase({ occurredAt: '2025-03-10T00:00:00.000Z' })).thenViolates('customer_not_active');
    });

    it('after a win-back, refuses purchases dated inside the churned period', () => {
      spec.given([acquired, churned, reactivated]).when(purchase({ occurredAt: '2025-03-15T00:00:00.000Z' })).thenViolates('purchase_while_churned');
      spec.given([acquired, churned, reactivated]).when(purchase({ orderId: 'o-2', occurredAt: '2025-04-02T00:00:00.000Z' })).then([
        { ...purchased, occurredAt: '2025-04-02T00:00:00.000Z', data: { ...purchased.data, orderId: 'o-2' } },
      ]);
    });

    it('after a win-back, accepts a purchase at the very instant of the reactivation', () => {
      spec.given([acquired, churned, reactivated]).when(purchase({ occurredAt: reactivated.occurredAt })).then([{ ...purchased, occurredAt: reactivated.occurredAt }]);
    });

    it('refuses an order id recorded before', () => {
      spec.given([acquired, purchased]).when(purchase({ occurredAt: '2025-02-06T00:00:00.000Z' })).thenViolates('order_id_not_unique');
    });

    it.each([0, -100, 19.5, Number.NaN])('refuses amount %p (minor units must be a positive integer)', (amount) => {
      spec.given([acquired]).when(purchase({ amount })).thenViolates('invalid_amount');
    });

    it('accepts the largest purchase (999999999.99) and refuses one minor unit more', () => {
      spec.given([acquired]).when(purchase({ amount: MAX_PURCHASE_MINOR_UNITS })).then([{ ...purchased, data: { ...purchased.data, amount: MAX_PURCHASE_MINOR_UNITS } }]);
      spec.given([acquired]).when(purchase({ amount: MAX_PURCHASE_MINOR_UNITS + 1 })).thenViolates('invalid_amount');
    });

    it('refuses a currency other than the configured one, as unprocessable', () => {
      const violation = spec.given([acquired]).when(purchase({ currency: 'USD' })).thenViolates('unsupported_currency');
      expect(violation.kind).toBe('unprocessable');
      spec.given([acquired]).when(purchase({ currency: 'eur' })).thenViolates('unsupported_currency');
    });
  });

  describe('churn and win-back', () => {
    it('churns an active customer', () => {
      spec.given([acquired, purchased]).when(churn()).then([churned]);
    });

    it('refuses to churn a churned customer', () => {
      spec.given([acquired, churned]).when(churn('2025-03-02T00:00:00.000Z')).thenViolates('customer_not_active');
    });

    it('refuses a churn dated before the customer became active again', () => {
      spec.given([acquired, churned, reactivated]).when(churn('2025-03-20T00:00:00.000Z')).thenViolates('churn_before_activation');
    });

    it('reactivates a churned customer', () => {
      spec.given([acquired, churned]).when(reactivate()).then([reactivated]);
      spec.given([acquired, churned]).when({ ...reactivate(), payload: { channel: 'email' } } as CustomerCommand).then([
        { ...reactivated, data: { customerId: ID, channel: 'email' } },
      ]);
    });

    it('refuses to reactivate an active customer', () => {
      spec.given([acquired]).when(reactivate()).thenViolates('customer_not_churned');
      spec.given([acquired, churned, reactivated]).when(reactivate('2025-04-02T00:00:00.000Z')).thenViolates('customer_not_churned');
    });

    it('accepts a churn at the very instant of a reactivation, and a reactivation at the very instant of the churn', () => {
      spec.given([acquired, churned, reactivated]).when(churn(reactivated.occurredAt)).then([{ ...churned, occurredAt: reactivated.occurredAt }]);
      spec.given([acquired, churned]).when(reactivate(churned.occurredAt)).then([{ ...reactivated, occurredAt: churned.occurredAt }]);
    });

    it('a conflict with the rules is of kind conflict', () => {
      expect(spec.given([acquired]).when(acquire()).thenViolates('customer_already_exists').kind).toBe('conflict');
    });

    it('refuses a reactivation dated before the churn', () => {
      spec.given([acquired, churned]).when(reactivate('2025-02-28T23:59:59.000Z')).thenViolates('reactivation_before_churn');
    });

    it('a customer can churn again after a win-back', () => {
      spec.given([acquired, churned, reactivated]).when(churn('2025-05-01T00:00:00.000Z')).then([
        { ...churned, occurredAt: '2025-05-01T00:00:00.000Z' },
      ]);
    });
  });
});
