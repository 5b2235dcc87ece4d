import fc from 'fast-check';
import { complaintKpis, complaintsProjection } from '@lifeline/projections/complaints';
import { customerProfileProjection, meanTimeToResolutionHours, revenueTotalMinorUnits } from '@lifeline/projections/profile';
import { purchaseHistoryProjection } from '@lifeline/projections/purchase-history';
import { customerHistoryArbitrary, foldProjection } from '@lifeline/projections/testing';
import { customerTimelineProjection } from '@lifeline/projections/timeline';

describe('read models folded from the same log agree with each other', () => {
  it('per customer: profile totals = purchase history totals = complaint documents = timeline entries', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        const profiles = foldProjection(customerProfileProjection, events);
        const histories = foldProjection(purchaseHistoryProjection, events);
        const complaints = [...foldProjection(complaintsProjection, events).values()];
        const timeline = [...foldProjection(customerTimelineProjection, events).values()];
        expect([...histories.keys()].sort()).toEqual([...profiles.keys()].sort());
        for (const [customerId, profile] of profiles) {
          const history = histories.get(customerId)!;
          expect([history.purchases, BigInt(history.revenueTotal), history.currency]).toEqual([profile.purchases, revenueTotalMinorUnits(profile), profile.currency]);
          expect(history.days[0]?.day ?? null).toBe(profile.firstPurchaseAt?.slice(0, 10) ?? null);
          expect(history.days.at(-1)?.day ?? null).toBe(profile.lastPurchaseAt?.slice(0, 10) ?? null);

          const own = complaints.filter((c) => c.customerId === customerId);
          const kpis = complaintKpis(own, { asOf: '2099-01-01T00:00:00.000Z', openOlderThanHours: 0 });
          expect([kpis.open, kpis.resolved]).toEqual([profile.complaints.open, profile.complaints.resolved]);
          const mean = meanTimeToResolutionHours(profile);
          if (mean === null) expect(kpis.resolutionTime.meanHours).toBeNull();
          else expect(kpis.resolutionTime.meanHours).toBeCloseTo(mean, 9);

          const entries = timeline.filter((t) => t.customerId === customerId);
          expect(Math.max(...entries.map((t) => t.revision))).toBe(profile.revision);
          // An erasure is not the customer's activity: it does not move lastEventAt.
          const activity = entries.filter((t) => t.type !== 'CustomerErased');
          expect(activity.reduce((latest, t) => (t.sortKey > latest ? t.sortKey : latest), '').slice(0, 24)).toBe(profile.lastEventAt);
        }
      }),
      { numRuns: 100 },
    );
  });
});
