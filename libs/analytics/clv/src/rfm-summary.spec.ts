import { InvalidTransactionError, summarizeRfm } from './rfm-summary';

describe('summarizeRfm', () => {
  const customer = {
    customerId: 'c1',
    transactions: [
      { day: '2024-01-01', amountMinor: 1000 },
      { day: '2024-01-08', amountMinor: 300 },
      { day: '2024-01-08', amountMinor: 200 }, // same day: one transaction worth 500
      { day: '2024-01-22', amountMinor: 2000 },
      { day: '2024-03-01', amountMinor: 9999 }, // after calibration end: ignored
    ],
  };

  it('counts repeat purchase days, measures recency and age from the first purchase, and averages repeat spend', () => {
    const [row] = summarizeRfm([customer], { calibrationEnd: '2024-01-29', timeUnit: 'weeks' });
    expect(row).toEqual({
      customerId: 'c1',
      firstPurchaseDay: '2024-01-01',
      frequency: 2,
      recency: 3, // 21 days
      age: 4, // 28 days
      meanRepeatSpendMinor: 1250, // (500 + 2000) / 2, first purchase excluded
    });
  });

  it('expresses times in days or 30.4375-day months', () => {
    const [days] = summarizeRfm([customer], { calibrationEnd: '2024-01-29', timeUnit: 'days' });
    expect([days.recency, days.age]).toEqual([21, 28]);
    const [months] = summarizeRfm([customer], { calibrationEnd: '2024-01-29', timeUnit: 'months' });
    expect(months.age).toBeCloseTo(28 / 30.4375, 12);
  });

  it('gives a one-time buyer frequency 0, recency 0 and no repeat spend', () => {
    const [row] = summarizeRfm([customer], { calibrationEnd: '2024-01-05', timeUnit: 'days' });
    expect(row).toMatchObject({ frequency: 0, recency: 0, age: 4, meanRepeatSpendMinor: null });
  });

  it('leaves out customers first seen after the calibration end', () => {
    const late = { customerId: 'late', transactions: [{ day: '2024-02-01', amountMinor: 100 }] };
    expect(summarizeRfm([late, customer], { calibrationEnd: '2024-01-31', timeUnit: 'days' }).map((r) => r.customerId)).toEqual(['c1']);
  });

  it('does not depend on transaction order', () => {
    const shuffled = { ...customer, transactions: [...customer.transactions].reverse() };
    expect(summarizeRfm([shuffled], { calibrationEnd: '2024-01-29', timeUnit: 'days' })).toEqual(
      summarizeRfm([customer], { calibrationEnd: '2024-01-29', timeUnit: 'days' }),
    );
  });

  it.each([
    ['2024-02-30', 100],
    ['2024-1-05', 100],
    ['2024-01-05T10:00:00Z', 100],
    ['2024-01-05', 12.5],
    ['2024-01-05', -1],
  ])('rejects the transaction day %p with amount %p', (day, amountMinor) => {
    expect(() => summarizeRfm([{ customerId: 'bad', transactions: [{ day, amountMinor }] }], { calibrationEnd: '2024-12-31', timeUnit: 'days' })).toThrow(
      InvalidTransactionError,
    );
  });

  it.each(['2024-13-01', '2024-00-15', '2023-04-31', '2024-05-00', '0099-01-01'])(
    'names the day it cannot read as a calendar date: %p (no rolling over, no 19xx for a two-digit year)',
    (day) => {
      expect(() => summarizeRfm([{ customerId: 'bad', transactions: [{ day, amountMinor: 100 }] }], { calibrationEnd: '2024-12-31', timeUnit: 'days' })).toThrow(
        `day must be a valid UTC date 'YYYY-MM-DD' (got "${day}")`,
      );
    },
  );

  it('names the customer, the amount and the day of a bad amount', () => {
    expect(() => summarizeRfm([{ customerId: 'c9', transactions: [{ day: '2024-01-05', amountMinor: -1 }] }], { calibrationEnd: '2024-12-31', timeUnit: 'days' })).toThrow(
      'customer c9: amountMinor must be a non-negative integer of minor units (got -1 on 2024-01-05)',
    );
  });

  it('counts a purchase on the calibration end day (the end is inclusive)', () => {
    const [row] = summarizeRfm([customer], { calibrationEnd: '2024-01-22', timeUnit: 'days' });
    expect(row).toMatchObject({ frequency: 2, recency: 21, age: 21, meanRepeatSpendMinor: 1250 });
  });

  it('counts a day of zero value as a transaction (free items, fully discounted orders)', () => {
    const withFreeDay = { customerId: 'c2', transactions: [{ day: '2024-01-01', amountMinor: 1000 }, { day: '2024-01-03', amountMinor: 0 }, { day: '2024-01-05', amountMinor: 600 }] };
    const [row] = summarizeRfm([withFreeDay], { calibrationEnd: '2024-01-10', timeUnit: 'days' });
    expect(row).toMatchObject({ frequency: 2, recency: 4, age: 9, meanRepeatSpendMinor: 300 });
  });

  it('rejects an unknown time unit', () => {
    expect(() => summarizeRfm([customer], { calibrationEnd: '2024-01-29', timeUnit: 'fortnights' as never })).toThrow(/unknown time unit/);
  });
});
