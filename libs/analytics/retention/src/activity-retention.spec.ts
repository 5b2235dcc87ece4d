import { activityRetention } from './activity-retention';

describe('activityRetention', () => {
  // asOf 1 May 2024: January to April are complete.
  const asOf = '2024-05-01T00:00:00Z';
  const customers = [
    // January cohort
    { acquiredAt: '2024-01-10T00:00:00Z', purchasesAt: ['2024-01-10T00:00:00Z', '2024-01-20T00:00:00Z', '2024-03-02T00:00:00Z'] }, // buys in months 0 and 2
    { acquiredAt: '2024-01-31T23:00:00Z', purchasesAt: ['2024-02-01', '2024-04-30T23:59:59Z'] }, // months 1 and 3
    { acquiredAt: '2024-01-15T00:00:00Z', purchasesAt: [] }, // never buys
    { acquiredAt: '2024-01-05T00:00:00Z', purchasesAt: ['2024-05-01T00:00:00Z'] }, // only after asOf: not counted
    // February cohort
    { acquiredAt: '2024-02-29T00:00:00Z', purchasesAt: ['2024-03-01T00:00:00Z', '2024-03-31T00:00:00Z'] }, // twice in month 1: counts once
    // After asOf: not a cohort yet
    { acquiredAt: '2024-05-02T00:00:00Z', purchasesAt: ['2024-05-02T00:00:00Z'] },
  ];

  it('gives the share of each cohort with at least one purchase in each complete period since acquisition', () => {
    expect(activityRetention(customers, { granularity: 'month', asOf })).toEqual([
      { cohort: '2024-01', size: 4, retention: [1 / 4, 1 / 4, 1 / 4, 1 / 4] },
      { cohort: '2024-02', size: 1, retention: [0, 1, 0] },
    ]);
  });

  it('uses ISO weeks, Monday to Monday UTC', () => {
    const weekly = [
      { acquiredAt: '2024-03-10T23:00:00Z', purchasesAt: ['2024-03-10T23:00:00Z', '2024-03-18T00:00:00Z'] }, // Sunday of W10; buys in W10 and W12
      { acquiredAt: '2024-03-04T00:00:00Z', purchasesAt: ['2024-03-17T23:59:59Z'] }, // W11
    ];
    expect(activityRetention(weekly, { granularity: 'week', asOf: '2024-03-25T00:00:00Z' })).toEqual([
      { cohort: '2024-W10', size: 2, retention: [0.5, 0.5, 0.5] },
    ]);
  });

  it('lists cohorts in calendar order whatever the input order, and counts a purchase a year on in month 12', () => {
    const unordered = [
      { acquiredAt: '2024-02-10T00:00:00Z', purchasesAt: [] },
      { acquiredAt: '2023-12-15T00:00:00Z', purchasesAt: ['2024-12-20T00:00:00Z'] },
    ];
    expect(activityRetention(unordered, { granularity: 'month', asOf: '2025-01-01T00:00:00Z' })).toEqual([
      { cohort: '2023-12', size: 1, retention: [...Array(12).fill(0), 1] },
      { cohort: '2024-02', size: 1, retention: Array(11).fill(0) },
    ]);
  });

  it('leaves out a customer acquired exactly at asOf', () => {
    const atAsOf = { acquiredAt: '2024-04-15T00:00:00Z', purchasesAt: ['2024-04-15T00:00:00Z'] };
    const earlier = { acquiredAt: '2024-03-10T00:00:00Z', purchasesAt: [] };
    expect(activityRetention([atAsOf, earlier], { granularity: 'month', asOf: '2024-04-15T00:00:00Z' })).toEqual([{ cohort: '2024-03', size: 1, retention: [0] }]);
  });

  it('refuses times that are not times, naming which', () => {
    expect(() => activityRetention([{ acquiredAt: 'soon', purchasesAt: [] }], { granularity: 'month', asOf })).toThrow(/acquiredAt/);
    expect(() => activityRetention([{ acquiredAt: '2024-01-10T00:00:00Z', purchasesAt: ['later'] }], { granularity: 'month', asOf })).toThrow(
      'customer 0: purchase must be an ISO-8601 time',
    );
    expect(() => activityRetention([], { granularity: 'month', asOf: 'now' })).toThrow('asOf must be an ISO-8601 time');
  });
});
