import { CUSTOMER_EVENT_TYPES } from '@lifeline/customers/domain';
import fc from 'fast-check';
import { evolve, initialCustomerState, customerIdFromStream } from '@lifeline/customers/domain';
import type { ProjectedEvent } from '@lifeline/projections/runtime';
import { customerHistoryArbitrary, runCustomerScripts, customerScriptArbitrary } from './customer-history.arbitrary';

describe('customerHistoryArbitrary', () => {
  it('produces a global log: positions 1..n in order, revisions 0..k per stream, unique event ids', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
        const revisions = new Map<string, number>();
        for (const event of events) {
          const expected = revisions.get(event.streamId) ?? 0;
          expect(event.revision).toBe(expected);
          revisions.set(event.streamId, expected + 1);
          expect(customerIdFromStream(event.streamId)).toBe(event.data.customerId);
        }
        expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      }),
      { numRuns: 50 },
    );
  });

  it('every stream starts with CustomerAcquired and keeps the lifecycle rules', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        const streams = new Map<string, ProjectedEvent[]>();
        for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
        for (const stream of streams.values()) {
          expect(stream[0]!.type).toBe('CustomerAcquired');
          let state = evolve(initialCustomerState(), stream[0]!);
          for (const event of stream.slice(1)) {
            const at = Date.parse(event.occurredAt);
            expect(at).toBeGreaterThanOrEqual(Date.parse(state.acquiredAt!));
            if (event.type === 'PurchaseRecorded' || event.type === 'CustomerChurned') {
              expect(state.status).toBe('active');
              expect(at).toBeGreaterThanOrEqual(Date.parse(state.activeSince!));
            }
            if (event.type === 'CustomerReactivated') expect(state.status).toBe('churned');
            if (event.type === 'ComplaintResolved') {
              const complaint = state.complaints.get(event.data.complaintId);
              expect(complaint?.open).toBe(true);
              expect(at).toBeGreaterThanOrEqual(Date.parse(complaint!.filedAt));
            }
            state = evolve(state, event);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('reaches every event type, same-day purchases and back-dated events often enough to be worth testing with', () => {
    const samples = fc.sample(customerHistoryArbitrary(), { numRuns: 200, seed: 42 });
    const types = new Set(samples.flat().map((e) => e.type));
    expect([...types].sort()).toEqual([...CUSTOMER_EVENT_TYPES].sort());
    const withSameDayPurchases = samples.filter((events) => {
      const days = events.filter((e) => e.type === 'PurchaseRecorded').map((e) => `${e.streamId}/${e.occurredAt.slice(0, 10)}`);
      return new Set(days).size < days.length;
    });
    const withBackdating = samples.filter((events) =>
      events.some((e, i) => events.slice(0, i).some((earlier) => earlier.streamId === e.streamId && earlier.occurredAt > e.occurredAt)),
    );
    expect(withSameDayPurchases.length).toBeGreaterThan(20);
    expect(withBackdating.length).toBeGreaterThan(20);
  });

  it('books purchases in the currency it is given', () => {
    const [script] = fc.sample(customerScriptArbitrary(40).filter((s) => s.eraseAfterStep === undefined && s.steps.some((x) => x.type === 'RecordPurchase')), { numRuns: 1, seed: 7 });
    const purchases = runCustomerScripts([script!], [], 'CHF').filter((e) => e.type === 'PurchaseRecorded');
    expect(purchases.length).toBeGreaterThan(0);
    expect(purchases.every((e) => e.data.currency === 'CHF')).toBe(true);
  });
});
