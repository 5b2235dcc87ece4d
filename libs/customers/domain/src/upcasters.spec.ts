import { upcastCustomerEvent, UnknownEventError, type Upcaster } from './upcasters';

describe('upcasting stored events', () => {
  const v1 = { type: 'CustomerChurned', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId: 'c', reason: 'price' } };

  it('passes current-version events through unchanged', () => {
    expect(upcastCustomerEvent(v1)).toEqual(v1);
  });

  it('refuses unknown event types and versions newer than this build', () => {
    expect(() => upcastCustomerEvent({ ...v1, type: 'CustomerTeleported' })).toThrow(UnknownEventError);
    expect(() => upcastCustomerEvent({ ...v1, type: 'CustomerTeleported' })).toThrow('unknown event type CustomerTeleported');
    expect(() => upcastCustomerEvent({ ...v1, schemaVersion: 2 })).toThrow(/newer than this build/);
  });

  it('lifts an old version step by step through the registered upcasters', () => {
    // A hypothetical v0 that called the reason "cause": the v0 -> v1 lifter renames it.
    const upcasters: Record<string, Upcaster> = {
      'CustomerChurned@0': (e) => {
        const { cause, ...rest } = e.data as { cause: string };
        return { ...e, schemaVersion: 1, data: { ...rest, reason: cause } };
      },
    };
    const v0 = { ...v1, schemaVersion: 0, data: { customerId: 'c', cause: 'price' } };
    expect(upcastCustomerEvent(v0, upcasters)).toEqual(v1);
    expect(() => upcastCustomerEvent(v0)).toThrow(UnknownEventError);
  });
});
