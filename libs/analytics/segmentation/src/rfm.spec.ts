import { abcClasses, quintileScores, rfmScores, rfmSegmentOf } from './rfm';

describe('quintileScores', () => {
  it('ten distinct values: two per score', () => {
    expect(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });
  it('ties share the score of the first of them in rank order', () => {
    // sorted: 1 1 1 1 1 1 2 3 4 5 → 1s: 0 below → 1; 2: 6 below → floor(3) + 1 = 4; 3: 7 → 4; 4: 8 → 5; 5: 9 → 5.
    expect(quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });
});

describe('rfmSegmentOf: the 5 × 5 grid of R and F', () => {
  it.each([
    [5, 5, 'champions'],
    [5, 4, 'champions'],
    [4, 5, 'loyal'],
    [3, 4, 'loyal'],
    [5, 2, 'potential_loyalists'],
    [4, 3, 'potential_loyalists'],
    [5, 1, 'new'],
    [4, 1, 'promising'],
    [3, 3, 'need_attention'],
    [3, 2, 'about_to_sleep'],
    [2, 3, 'at_risk'],
    [1, 4, 'at_risk'],
    [2, 5, 'cannot_lose'],
    [1, 1, 'hibernating'],
    [2, 2, 'hibernating'],
  ])('R %i F %i is %s', (r, f, segment) => expect(rfmSegmentOf(r, f)).toBe(segment));
});

describe('rfmScores (hand-computed)', () => {
  const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  // asOf 2025-04-11 (day 100). Five customers, one per quintile on each measure.
  const customers = [
    { customerId: 'a', purchases: [1, 50, 90, 95, 99].map((d) => ({ at: day(d), amountMinor: 10_000 })) }, // last day 99, F 5, M 50 000
    { customerId: 'b', purchases: [10, 80, 90, 97].map((d) => ({ at: day(d), amountMinor: 1_000 })) }, // 97, F 4, M 4 000
    { customerId: 'c', purchases: [20, 60, 70].map((d) => ({ at: day(d), amountMinor: 20_000 })) }, // 70, F 3, M 60 000
    { customerId: 'd', purchases: [5, 30].map((d) => ({ at: day(d), amountMinor: 500 })) }, // 30, F 2, M 1 000
    { customerId: 'e', purchases: [95].map((d) => ({ at: day(d), amountMinor: 3_000 })) }, // 95, F 1, M 3 000
    { customerId: 'f', purchases: [{ at: day(120), amountMinor: 100 }] }, // only after asOf: not scored
  ];
  it('scores each measure by quintile and names the segment from R and F', () => {
    const scores = rfmScores(customers, `${day(100)}T00:00:00.000Z`);
    expect(scores.map((s) => [s.customerId, s.recencyDays, s.frequency, s.monetaryMinor, s.r, s.f, s.m, s.segment])).toEqual([
      ['a', 1, 5, 50_000n, 5, 5, 4, 'champions'],
      ['b', 3, 4, 4_000n, 4, 4, 3, 'loyal'],
      ['c', 30, 3, 60_000n, 2, 3, 5, 'at_risk'],
      ['d', 70, 2, 1_000n, 1, 2, 1, 'hibernating'],
      ['e', 5, 1, 3_000n, 3, 1, 2, 'about_to_sleep'],
    ]);
  });
  it('a purchase at the asOf instant counts (recency 0); one after it does not', () => {
    const asOf = `${day(100)}T00:00:00.000Z`;
    const scores = rfmScores([{ customerId: 'today', purchases: [{ at: day(100), amountMinor: 700 }, { at: `${day(100)}T00:00:00.001Z`, amountMinor: 1 }] }], asOf);
    expect(scores.map((s) => [s.customerId, s.recencyDays, s.frequency, s.monetaryMinor])).toEqual([['today', 0, 1, 700n]]);
  });
});

describe('abcClasses (hand-computed)', () => {
  it('a share of exactly 80 % (95 %) before a customer puts it in B (C); equal revenues are ordered by id, so the classes do not depend on input order', () => {
    // Total 1000: c 700 (before 0 %), a 100 (70 %), b 100 (80 %), d 50 (90 %), e 50 (95 %).
    const customers = [
      { customerId: 'e', revenueMinor: 50n },
      { customerId: 'b', revenueMinor: 100n },
      { customerId: 'd', revenueMinor: 50n },
      { customerId: 'c', revenueMinor: 700n },
      { customerId: 'a', revenueMinor: 100n },
    ];
    const expected = { c: 'A', a: 'A', b: 'B', d: 'B', e: 'C' };
    expect(Object.fromEntries(abcClasses(customers))).toEqual(expected);
    expect(Object.fromEntries(abcClasses([...customers].reverse()))).toEqual(expected);
  });

  it('A: the customers making the first 80 % of revenue, B the next 15 %, C the rest and those without revenue', () => {
    // Total 1000: x 500 (before 0 %), y 250 (50 %), z 100 (75 %), w 60 (85 %), v 50 (91 %), u 40 (96 %), t 0.
    const classes = abcClasses([
      { customerId: 'u', revenueMinor: 40n },
      { customerId: 'x', revenueMinor: 500n },
      { customerId: 'z', revenueMinor: 100n },
      { customerId: 'y', revenueMinor: 250n },
      { customerId: 'w', revenueMinor: 60n },
      { customerId: 'v', revenueMinor: 50n },
      { customerId: 't', revenueMinor: 0n },
    ]);
    expect(Object.fromEntries(classes)).toEqual({ x: 'A', y: 'A', z: 'A', w: 'B', v: 'B', u: 'C', t: 'C' });
  });
});
