import fc from 'fast-check';
import type { CustomerEvent } from '@lifeline/customers/domain';
import { customerHistoryArbitrary, foldProjection, foldProjectionInBatches, projectedStream } from '@lifeline/projections/testing';
import { customerProfileProjection as projection, ProfileCurrencyMismatchError, revenueTotalMinorUnits, type CustomerProfile } from './customer-profile';
import { meanTimeToResolutionHours, tenureDays } from './queries';

const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2024-01-10T09:00:00.000Z',
  data: { customerId: 'c-1', name: 'Acme GmbH', segment: 'smb', acquisitionChannel: 'web', keyAccount: true, accountManager: 'j.doe' },
};
const contacted = (contactId: string, channel: 'phone' | 'email', occurredAt: string): CustomerEvent => ({
  type: 'CustomerContacted',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', contactId, channel, direction: 'inbound', topic: 'invoice question' },
});
const filed = (complaintId: string, occurredAt: string): CustomerEvent => ({
  type: 'ComplaintFiled',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', complaintId, category: 'billing', severity: 'high', channel: 'email', description: 'charged twice' },
});
const resolved = (complaintId: string, occurredAt: string): CustomerEvent => ({
  type: 'ComplaintResolved',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', complaintId, resolution: 'refunded', satisfaction: 4 },
});
const purchase = (orderId: string, amount: number, occurredAt: string, currency = 'EUR'): CustomerEvent => ({
  type: 'PurchaseRecorded',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', orderId, amount, currency },
});
const churned = (occurredAt: string, reason: 'price' | 'service'): CustomerEvent => ({
  type: 'CustomerChurned',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', reason },
});
const reactivated = (occurredAt: string): CustomerEvent => ({
  type: 'CustomerReactivated',
  schemaVersion: 1,
  occurredAt,
  data: { customerId: 'c-1', channel: 'email' },
});

function profileAfter(events: CustomerEvent[], firstPosition = 1): CustomerProfile | undefined {
  return foldProjection(projection, projectedStream(events, firstPosition)).get('c-1');
}

const newProfile: CustomerProfile = {
  customerId: 'c-1',
  name: 'Acme GmbH',
  email: null,
  segment: 'smb',
  acquisitionChannel: 'web',
  keyAccount: true,
  accountManager: 'j.doe',
  status: 'active',
  acquiredAt: '2024-01-10T09:00:00.000Z',
  churnedAt: null,
  churnReason: null,
  firstChurnedAt: null,
  reactivations: 0,
  statusHistory: [{ status: 'active', at: '2024-01-10T09:00:00.000Z' }],
  contacts: { total: 0, byChannel: {} },
  lastContactAt: null,
  complaints: { open: 0, resolved: 0, resolutionMsTotal: 0, openFiledAt: {}, resolvedSpans: {} },
  purchases: 0,
  revenueTotal: 0,
  revenueTotalMinor: '000000000000000000000000000000',
  currency: null,
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  revision: 0,
  lastEventPosition: 41,
  lastEventAt: '2024-01-10T09:00:00.000Z',
};

describe('customer profile projection', () => {
  it('CustomerAcquired creates the profile, with null for what was not given', () => {
    expect(profileAfter([acquired], 41)).toStrictEqual(newProfile);
  });

  it('CustomerContacted counts contacts per channel and keeps the latest business time even when reported late', () => {
    const profile = profileAfter(
      [acquired, contacted('ct-1', 'phone', '2024-02-01T10:00:00.000Z'), contacted('ct-2', 'email', '2024-01-20T10:00:00.000Z'), contacted('ct-3', 'phone', '2024-01-25T10:00:00.000Z')],
      41,
    );
    expect(profile).toStrictEqual({
      ...newProfile,
      contacts: { total: 3, byChannel: { phone: 2, email: 1 } },
      lastContactAt: '2024-02-01T10:00:00.000Z',
      revision: 3,
      lastEventPosition: 44,
      lastEventAt: '2024-02-01T10:00:00.000Z',
    });
  });

  it('ComplaintFiled and ComplaintResolved count open and resolved complaints and the exact resolution time', () => {
    const profile = profileAfter(
      [
        acquired,
        filed('k-1', '2024-01-11T00:00:00.000Z'),
        filed('k-2', '2024-01-12T00:00:00.000Z'),
        filed('k-3', '2024-01-13T00:00:00.000Z'),
        resolved('k-1', '2024-01-11T06:00:00.000Z'), // 6 h
        resolved('k-3', '2024-01-14T12:00:00.000Z'), // 36 h
      ],
      41,
    )!;
    expect(profile.complaints).toStrictEqual({
      open: 1,
      resolved: 2,
      resolutionMsTotal: 42 * 3_600_000,
      openFiledAt: { 'k-2': '2024-01-12T00:00:00.000Z' },
      resolvedSpans: { 'k-1': ['2024-01-11T00:00:00.000Z', 6 * 3_600_000], 'k-3': ['2024-01-13T00:00:00.000Z', 36 * 3_600_000] },
    });
    expect(meanTimeToResolutionHours(profile)).toBe(21);
    // Reopening k-3 takes its resolution back; resolving it again times it from the filing.
    const reopened = { type: 'ComplaintReopened', schemaVersion: 1, occurredAt: '2024-01-15T00:00:00.000Z', data: { customerId: 'c-1', complaintId: 'k-3', reason: 'again' } } as const;
    const after = profileAfter([acquired, filed('k-3', '2024-01-13T00:00:00.000Z'), resolved('k-3', '2024-01-14T12:00:00.000Z'), reopened], 41)!;
    expect(after.complaints).toStrictEqual({ open: 1, resolved: 0, resolutionMsTotal: 0, openFiledAt: { 'k-3': '2024-01-13T00:00:00.000Z' }, resolvedSpans: {} });
    const again = profileAfter([acquired, filed('k-3', '2024-01-13T00:00:00.000Z'), resolved('k-3', '2024-01-14T12:00:00.000Z'), reopened, resolved('k-3', '2024-01-16T00:00:00.000Z')], 41)!;
    expect(again.complaints).toMatchObject({ open: 0, resolved: 1, resolutionMsTotal: 72 * 3_600_000 });
    expect(profile.lastEventAt).toBe('2024-01-14T12:00:00.000Z');
  });

  it('a resolution of a complaint it never saw filed changes no complaint count', () => {
    const profile = profileAfter([acquired, resolved('k-9', '2024-01-11T00:00:00.000Z')])!;
    expect(profile.complaints).toStrictEqual(newProfile.complaints);
    expect(meanTimeToResolutionHours(profile)).toBeNull();
    expect(profile.revision).toBe(1);
  });

  it('PurchaseRecorded adds up revenue in minor units and tracks first and last purchase by business time', () => {
    const profile = profileAfter(
      [acquired, purchase('o-1', 1999, '2024-03-01T12:00:00.000Z'), purchase('o-2', 1, '2024-02-01T12:00:00.000Z'), purchase('o-3', 500000, '2024-04-01T12:00:00.000Z')],
      41,
    );
    expect(profile).toStrictEqual({
      ...newProfile,
      purchases: 3,
      revenueTotal: 502000,
      revenueTotalMinor: '000000000000000000000000502000',
      currency: 'EUR',
      firstPurchaseAt: '2024-02-01T12:00:00.000Z',
      lastPurchaseAt: '2024-04-01T12:00:00.000Z',
      revision: 3,
      lastEventPosition: 44,
      lastEventAt: '2024-04-01T12:00:00.000Z',
    });
  });

  it('adds revenue exactly past 2^53 minor units, also onto a profile stored before the exact total existed', () => {
    const events = projectedStream([acquired, ...Array.from({ length: 3 }, (_, i) => purchase(`o-${i}`, 99_999_999_999, '2024-03-01T12:00:00.000Z'))]);
    // A version-2 document: no revenueTotalMinor, revenueTotal one below 2^53 (still exact).
    const { revenueTotalMinor: _absent, ...stored } = { ...projection.evolve(undefined, events[0]!, 'c-1')!, revenueTotal: 2 ** 53 - 1 };
    const profile = events.slice(1).reduce<CustomerProfile | undefined>((p, e) => projection.evolve(p, e, 'c-1'), stored)!;
    const exact = 2n ** 53n - 1n + 3n * 99_999_999_999n; // 9007499254740989, past what a double holds to the unit
    expect(profile.revenueTotalMinor).toBe(exact.toString().padStart(30, '0'));
    expect(revenueTotalMinorUnits(profile)).toBe(exact);
    expect(profile.revenueTotal).toBe(Number(exact)); // the kept number: the nearest double
  });

  it('a purchase in another currency is refused with a clear error instead of adding up different money', () => {
    const events = projectedStream([acquired, purchase('o-1', 100, '2024-02-01T00:00:00.000Z'), purchase('o-2', 100, '2024-02-02T00:00:00.000Z', 'USD')]);
    const before = foldProjection(projection, events.slice(0, 2)).get('c-1')!;
    expect(() => projection.evolve(before, events[2]!, 'c-1')).toThrow(ProfileCurrencyMismatchError);
    expect(() => projection.evolve(before, events[2]!, 'c-1')).toThrow(/purchase in USD, but the profile's revenue is in EUR/);
  });

  it('CustomerChurned and CustomerReactivated keep the current churn, the first churn and every status change', () => {
    const events = [
      acquired,
      churned('2024-05-01T00:00:00.000Z', 'price'),
      reactivated('2024-06-01T00:00:00.000Z'),
      churned('2024-09-01T00:00:00.000Z', 'service'),
    ];
    expect(profileAfter(events, 41)).toStrictEqual({
      ...newProfile,
      status: 'churned',
      churnedAt: '2024-09-01T00:00:00.000Z',
      churnReason: 'service',
      firstChurnedAt: '2024-05-01T00:00:00.000Z',
      reactivations: 1,
      statusHistory: [
        { status: 'active', at: '2024-01-10T09:00:00.000Z' },
        { status: 'churned', at: '2024-05-01T00:00:00.000Z', reason: 'price' },
        { status: 'active', at: '2024-06-01T00:00:00.000Z' },
        { status: 'churned', at: '2024-09-01T00:00:00.000Z', reason: 'service' },
      ],
      revision: 3,
      lastEventPosition: 44,
      lastEventAt: '2024-09-01T00:00:00.000Z',
    });
    const back = profileAfter([...events, reactivated('2024-10-01T00:00:00.000Z')])!;
    expect(back).toMatchObject({ status: 'active', churnedAt: null, churnReason: null, firstChurnedAt: '2024-05-01T00:00:00.000Z', reactivations: 2 });
  });

  it('ignores events of a customer it has no profile for, and a second acquisition does not reset the profile', () => {
    expect(profileAfter([purchase('o-1', 100, '2024-02-01T00:00:00.000Z')])).toBeUndefined();
    const again = { ...acquired, occurredAt: '2024-03-01T00:00:00.000Z', data: { ...acquired.data, name: 'Other' } } as CustomerEvent;
    const profile = profileAfter([acquired, purchase('o-1', 100, '2024-02-01T00:00:00.000Z'), again])!;
    expect(profile).toMatchObject({ name: 'Acme GmbH', acquiredAt: '2024-01-10T09:00:00.000Z', purchases: 1, revision: 2 });
  });

  it('keys every event by its customer id', () => {
    const [event] = projectedStream([purchase('o-1', 100, '2024-02-01T00:00:00.000Z')]);
    expect(projection.keysOf(event!)).toEqual(['c-1']);
  });
});

describe('tenureDays', () => {
  const profile = profileAfter([acquired])!;
  it('counts whole days from acquisition to asOf while active', () => {
    expect(tenureDays(profile, '2024-01-11T08:59:59.999Z')).toBe(0);
    expect(tenureDays(profile, '2024-01-11T09:00:00.000Z')).toBe(1);
    expect(tenureDays(profile, '2025-01-10T09:00:00.000Z')).toBe(366);
  });
  it('stops at the current churn, and is 0 before the acquisition', () => {
    const gone = profileAfter([acquired, churned('2024-01-20T09:00:00.000Z', 'price')])!;
    expect(tenureDays(gone, '2030-01-01T00:00:00.000Z')).toBe(10);
    expect(tenureDays(gone, '2024-01-15T09:00:00.000Z')).toBe(5);
    expect(tenureDays(gone, '2023-01-01T00:00:00.000Z')).toBe(0);
  });
  it('refuses an asOf that is not a time', () => {
    expect(() => tenureDays(profile, 'yesterday')).toThrow('asOf must be an ISO-8601 time (got "yesterday")');
  });
});

describe('customer profile projection properties', () => {
  it('folding a valid history in one go equals folding it in arbitrary batches stored as JSON', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (events, cuts) => {
        expect(foldProjectionInBatches(projection, events, cuts)).toStrictEqual(foldProjection(projection, events));
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with counting the history directly', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        const profiles = foldProjection(projection, events);
        for (const [customerId, profile] of profiles) {
          const own = events.filter((e) => e.data.customerId === customerId);
          const purchases = own.filter((e) => e.type === 'PurchaseRecorded');
          expect(profile.purchases).toBe(purchases.length);
          expect(profile.revenueTotal).toBe(purchases.reduce((sum, e) => sum + e.data.amount, 0));
          expect(revenueTotalMinorUnits(profile)).toBe(purchases.reduce((sum, e) => sum + BigInt(e.data.amount), 0n));
          const filedCount = own.filter((e) => e.type === 'ComplaintFiled').length;
          // A reopening takes a resolution back.
          const resolvedCount = own.filter((e) => e.type === 'ComplaintResolved').length - own.filter((e) => e.type === 'ComplaintReopened').length;
          expect([profile.complaints.open, profile.complaints.resolved]).toEqual([filedCount - resolvedCount, resolvedCount]);
          expect(profile.statusHistory).toHaveLength(1 + own.filter((e) => e.type === 'CustomerChurned' || e.type === 'CustomerReactivated').length);
          expect(profile.status).toBe(profile.statusHistory.at(-1)!.status);
          expect(profile.revision).toBe(own.at(-1)!.revision);
        }
      }),
      { numRuns: 100 },
    );
  });
});
