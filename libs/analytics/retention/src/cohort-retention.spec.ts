import { churnRates, cohortRetention, CustomerLifecycle, InvalidLifecycleError, relationshipLength } from './cohort-retention';
import { periodLabel, periodStart } from './periods';

const churned = (at: string) => ({ status: 'churned' as const, at });
const reactivated = (at: string) => ({ status: 'active' as const, at });

/** Hand-worked example; asOf is the start of May, so January–April are complete. */
const customers: CustomerLifecycle[] = [
  { acquiredAt: '2024-01-10T00:00:00Z', statusHistory: [] }, // A: loyal
  { acquiredAt: '2024-01-20T00:00:00Z', statusHistory: [churned('2024-02-15T00:00:00Z')] }, // B
  { acquiredAt: '2024-01-31T00:00:00Z', statusHistory: [churned('2024-01-31T12:00:00Z'), reactivated('2024-03-05T00:00:00Z')] }, // C: comes back
  { acquiredAt: '2024-02-01T00:00:00Z', statusHistory: [churned('2024-04-30T00:00:00Z')] }, // D
  { acquiredAt: '2024-02-28T00:00:00Z', statusHistory: [churned('2024-05-01T00:00:00Z')] }, // E: churns on the boundary
  { acquiredAt: '2024-05-02T00:00:00Z', statusHistory: [] }, // F: after asOf
];
const asOf = '2024-05-01T00:00:00Z';

describe('cohortRetention', () => {
  it('reports the share of each monthly cohort active at the end of every complete month, counting reactivated customers', () => {
    expect(cohortRetention(customers, { granularity: 'month', asOf })).toEqual([
      { cohort: '2024-01', size: 3, retention: [2 / 3, 1 / 3, 2 / 3, 2 / 3] },
      // E's churn at 2024-05-01T00:00 belongs to May, which is not complete.
      { cohort: '2024-02', size: 2, retention: [1, 1, 0.5] },
    ]);
  });

  it('lists cohorts in calendar order and reads each status history in time order, whatever the input order', () => {
    const unordered: CustomerLifecycle[] = [
      { acquiredAt: '2024-02-10T00:00:00Z', statusHistory: [] },
      {
        acquiredAt: '2024-01-10T00:00:00Z',
        statusHistory: [
          { status: 'churned', at: '2024-02-15T00:00:00Z' },
          { status: 'active', at: '2024-02-05T00:00:00Z' }, // earlier, and no change: the churn stands
        ],
      },
    ];
    expect(cohortRetention(unordered, { granularity: 'month', asOf: '2024-04-01T00:00:00Z' })).toEqual([
      { cohort: '2024-01', size: 1, retention: [1, 0, 0] },
      { cohort: '2024-02', size: 1, retention: [1, 1] },
    ]);
  });

  it('uses ISO weeks starting on Monday, UTC', () => {
    const weekly: CustomerLifecycle[] = [
      { acquiredAt: '2024-03-10T23:00:00Z', statusHistory: [churned('2024-03-11T00:00:00Z')] }, // Sunday of W10, churns on Monday of W11
      { acquiredAt: '2024-03-04T00:00:00Z', statusHistory: [] },
    ];
    expect(cohortRetention(weekly, { granularity: 'week', asOf: '2024-03-18T00:00:00Z' })).toEqual([{ cohort: '2024-W10', size: 2, retention: [1, 0.5] }]);
  });

  it('gives a cohort whose first period is still running an empty retention list', () => {
    expect(cohortRetention([{ acquiredAt: '2024-04-03T00:00:00Z', statusHistory: [] }], { granularity: 'month', asOf: '2024-04-20T00:00:00Z' })).toEqual([
      { cohort: '2024-04', size: 1, retention: [] },
    ]);
  });

  it.each([
    [{ acquiredAt: 'yesterday', statusHistory: [] }, /acquiredAt/],
    [{ acquiredAt: '2024-01-10T00:00:00Z', statusHistory: [churned('2024-01-09T00:00:00Z')] }, /before acquisition/],
    [{ acquiredAt: '2024-01-10T00:00:00Z', statusHistory: [{ status: 'paused', at: '2024-01-11T00:00:00Z' }] }, /'active' or 'churned'/],
  ])('rejects %p', (bad, message) => {
    expect(() => cohortRetention([bad as CustomerLifecycle], { granularity: 'month', asOf })).toThrow(InvalidLifecycleError);
    expect(() => cohortRetention([bad as CustomerLifecycle], { granularity: 'month', asOf })).toThrow(message);
  });
});

describe('churnRates', () => {
  it('divides each month’s churn events by the customers active at its start', () => {
    expect(churnRates(customers, { granularity: 'month', asOf })).toEqual([
      { period: '2024-01', activeAtStart: 0, churnEvents: 1, churnRate: null },
      { period: '2024-02', activeAtStart: 2, churnEvents: 1, churnRate: 0.5 },
      { period: '2024-03', activeAtStart: 3, churnEvents: 0, churnRate: 0 },
      { period: '2024-04', activeAtStart: 4, churnEvents: 1, churnRate: 0.25 },
    ]);
  });

  it('counts a repeated churn entry without a reactivation in between once', () => {
    const twice: CustomerLifecycle = { acquiredAt: '2024-01-01T00:00:00Z', statusHistory: [churned('2024-02-03T00:00:00Z'), churned('2024-02-10T00:00:00Z')] };
    expect(churnRates([twice], { granularity: 'month', asOf: '2024-03-01T00:00:00Z' })[1]).toEqual({ period: '2024-02', activeAtStart: 1, churnEvents: 1, churnRate: 1 });
  });
});

describe('relationshipLength', () => {
  it('reports the mean observed span and the Kaplan–Meier restricted mean, which corrects for customers still active', () => {
    // Spans in days: A 112 (active), B 26, C 91 (reactivated, active), D 89, E 63 (churned exactly at asOf).
    const result = relationshipLength(customers, asOf);
    expect(result.customers).toBe(5);
    expect(result.churned).toBe(3);
    expect(result.meanObservedDays).toBeCloseTo((112 + 26 + 91 + 89 + 63) / 5, 10);
    // KM: S = 4/5 after 26, 3/5 after 63, 2/5 after 89; area to 112.
    expect(result.horizonDays).toBe(112);
    expect(result.restrictedMeanDays).toBeCloseTo(26 + 37 * 0.8 + 26 * 0.6 + 23 * 0.4, 10);
  });

  it('is empty without customers', () => {
    expect(relationshipLength([], asOf)).toEqual({ customers: 0, churned: 0, meanObservedDays: null, restrictedMeanDays: null, horizonDays: null });
  });
});

describe('period labels', () => {
  it.each([
    ['2024-12-30T10:00:00Z', '2025-W01'], // Monday of the week holding 2 January
    ['2021-01-03T10:00:00Z', '2020-W53'], // Sunday belongs to the previous ISO year
    ['2024-03-04T00:00:00Z', '2024-W10'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
  ])('puts %p in ISO week %p', (instant, label) => {
    expect(periodLabel(periodStart(Date.parse(instant), 'week'), 'week')).toBe(label);
  });
});
