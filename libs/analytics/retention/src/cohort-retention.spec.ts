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

  it('names the status entry whose time is not a time, and refuses a number where an ISO time is due', () => {
    const badTime: CustomerLifecycle = { acquiredAt: '2024-01-10T00:00:00Z', statusHistory: [churned('2024-01-11T00:00:00Z'), churned('later')] };
    expect(() => cohortRetention([badTime], { granularity: 'month', asOf })).toThrow('customer 0: status 1 at must be an ISO-8601 timestamp');
    // From untyped JSON: Date.parse would read 2024 as the year 2024.
    const numeric = { acquiredAt: 2024, statusHistory: [] } as unknown as CustomerLifecycle;
    expect(() => cohortRetention([numeric], { granularity: 'month', asOf })).toThrow('customer 0: acquiredAt must be an ISO-8601 timestamp (got 2024)');
  });

  it('accepts a churn at the acquisition instant: the customer is not active at the end of the first month', () => {
    const sameInstant: CustomerLifecycle = { acquiredAt: '2024-01-10T00:00:00Z', statusHistory: [churned('2024-01-10T00:00:00Z')] };
    expect(cohortRetention([sameInstant], { granularity: 'month', asOf: '2024-02-01T00:00:00Z' })).toEqual([{ cohort: '2024-01', size: 1, retention: [0] }]);
  });

  it('leaves out a customer acquired exactly at asOf (data ends there), and reads a customer without a status history as active', () => {
    const atAsOf: CustomerLifecycle = { acquiredAt: '2024-04-15T00:00:00Z', statusHistory: [] };
    const noHistory = { acquiredAt: '2024-03-10T00:00:00Z' } as unknown as CustomerLifecycle;
    expect(cohortRetention([atAsOf, noHistory], { granularity: 'month', asOf: '2024-04-15T00:00:00Z' })).toEqual([{ cohort: '2024-03', size: 1, retention: [1] }]);
  });
});

describe('a bad asOf', () => {
  it.each([
    ['cohortRetention', () => cohortRetention(customers, { granularity: 'month', asOf: 'now' })],
    ['churnRates', () => churnRates(customers, { granularity: 'month', asOf: 'now' })],
    ['relationshipLength', () => relationshipLength(customers, 'now')],
  ])('is named in the message of %s', (_name, call) => {
    expect(call).toThrow('asOf must be an ISO-8601 timestamp (got "now")');
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

  it('counts a churn at the first instant of a month in that month', () => {
    const atMonthStart: CustomerLifecycle = { acquiredAt: '2024-01-05T00:00:00Z', statusHistory: [churned('2024-02-01T00:00:00Z')] };
    expect(churnRates([atMonthStart], { granularity: 'month', asOf: '2024-03-01T00:00:00Z' })).toEqual([
      { period: '2024-01', activeAtStart: 0, churnEvents: 0, churnRate: null },
      { period: '2024-02', activeAtStart: 1, churnEvents: 1, churnRate: 1 },
    ]);
  });

  it('has no periods without customers acquired before asOf', () => {
    expect(churnRates([], { granularity: 'month', asOf })).toEqual([]);
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

  it('counts a customer acquired at asOf with a span of 0, and ignores a churn after asOf (still active then)', () => {
    const result = relationshipLength(
      [
        { acquiredAt: '2024-04-01T00:00:00Z', statusHistory: [churned('2024-05-11T00:00:00Z')] }, // 30 days to asOf, churns later
        { acquiredAt: asOf, statusHistory: [] },
      ],
      asOf,
    );
    expect(result).toMatchObject({ customers: 2, churned: 0, meanObservedDays: 15, horizonDays: 30 });
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
