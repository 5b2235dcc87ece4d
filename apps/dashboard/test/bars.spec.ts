import type { Schemas } from '../src/api/client';
import { churnBars, decileBars, revenueBars } from '../src/transforms/bars';

const decile = (n: number, totalClvMinor: number, customers = 5): Schemas['ClvDecileDto'] => ({ decile: n, customers, totalClvMinor, meanClvMinor: totalClvMinor / customers, minClvMinor: 0, maxClvMinor: 0, shareOfTotal: 0.1 });

describe('deciles → bars', () => {
  it('makes one bar per decile, D1 first, in whole currency units', () => {
    const deciles = [decile(2, 50_000), decile(1, 123_456), decile(3, 999)];
    const bars = decileBars(deciles, 'EUR', (d) => `${d.customers} customers`);
    expect(bars.labels).toEqual(['D1', 'D2', 'D3']);
    expect(bars.values).toEqual([1234.56, 500, 9.99]);
    expect(bars.notes).toEqual(['5 customers', '5 customers', '5 customers']);
  });

  it('knows currencies without minor units', () => {
    expect(decileBars([decile(1, 1500)], 'JPY', () => '').values).toEqual([1500]);
  });
});

describe('periods → bars', () => {
  it('churn: a rate in percent per month; a month nobody was active at the start of has no bar, not a zero', () => {
    const bars = churnBars([
      { period: '2026-01', activeAtStart: 0, churnEvents: 0, churnRate: null },
      { period: '2026-02', activeAtStart: 40, churnEvents: 2, churnRate: 0.05 },
    ]);
    expect(bars.labels).toEqual(['2026-01', '2026-02']);
    expect(bars.values).toEqual([null, 5]);
    expect(bars.notes[1]).toBe('2 of 40 active at the start');
  });

  it('revenue: whole units per month, the month still filling up marked as such', () => {
    const bars = revenueBars(
      [
        { period: '2026-10', complete: true, purchases: 3, revenueMinor: 12_345, revenueAmount: '123.45', customers: 9, revenuePerCustomerMinor: 1371.7 },
        { period: '2026-11', complete: false, purchases: 1, revenueMinor: 500, revenueAmount: '5.00', customers: 9, revenuePerCustomerMinor: 55.6 },
      ],
      'EUR',
    );
    expect(bars.labels).toEqual(['2026-10', '2026-11 (so far)']);
    expect(bars.values).toEqual([123.45, 5]);
    expect(bars.complete).toEqual([true, false]);
  });
});
