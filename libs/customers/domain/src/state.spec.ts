import type { CustomerEvent } from './events';
import { evolve, foldCustomerEvents, initialCustomerState } from './state';

describe('customer state', () => {
  it('an event of a type this build does not know leaves the state as it was', () => {
    const state = initialCustomerState();
    expect(evolve(state, { type: 'CustomerTeleported' } as never)).toBe(state);
  });

  it('folding a stream gives the state its events lead to, and folding more events continues from it', () => {
    const customerId = 'c-1';
    const acquired: CustomerEvent = { type: 'CustomerAcquired', schemaVersion: 1, occurredAt: '2025-01-10T09:00:00.000Z', data: { customerId, name: 'Ada', acquisitionChannel: 'web', keyAccount: false } };
    const bought: CustomerEvent = { type: 'PurchaseRecorded', schemaVersion: 1, occurredAt: '2025-02-01T09:00:00.000Z', data: { customerId, orderId: 'o-1', amount: 1000, currency: 'EUR' } };
    const churned: CustomerEvent = { type: 'CustomerChurned', schemaVersion: 1, occurredAt: '2025-03-01T09:00:00.000Z', data: { customerId, reason: 'price' } };
    const reactivated: CustomerEvent = { type: 'CustomerReactivated', schemaVersion: 1, occurredAt: '2025-04-01T09:00:00.000Z', data: { customerId } };

    const churnedState = foldCustomerEvents([acquired, bought, churned]);
    expect(churnedState).toMatchObject({ status: 'churned', customerId, acquiredAt: acquired.occurredAt, churnedAt: churned.occurredAt });
    expect(churnedState.orderIds.has('o-1')).toBe(true);

    const back = foldCustomerEvents([reactivated], churnedState);
    expect(back).toMatchObject({ status: 'active', activeSince: reactivated.occurredAt, churnedAt: undefined });
    expect(back.orderIds.has('o-1')).toBe(true);
    expect(foldCustomerEvents([])).toEqual(initialCustomerState());
  });
});
