import { cesOf, csatOf, npsOf, satisfactionByPeriod } from './satisfaction';

describe('NPS, CSAT and CES (hand-computed)', () => {
  it('NPS: promoters 9–10 minus detractors 0–6, with the 95 % interval of a difference of proportions', () => {
    // 3 promoters, 2 passives, 3 detractors of 8: NPS 0; Var = (0.375 + 0.375 − 0) / 8 = 0.09375, se = 30.62 points.
    const even = npsOf([10, 9, 8, 7, 6, 0, 10, 3]);
    expect(even).toMatchObject({ answers: 8, promoters: 3, passives: 2, detractors: 3, nps: 0 });
    expect(even.upper95).toBeCloseTo(1.959964 * 30.6186218, 4);
    expect(even.lower95).toBeCloseTo(-1.959964 * 30.6186218, 4);
    // 4 of 5 promoters: NPS 80; Var = (0.8 − 0.64) / 5 = 0.032, se = 17.89; the upper bound is capped at 100.
    const high = npsOf([10, 10, 10, 9, 8]);
    expect(high.nps).toBeCloseTo(80, 12);
    expect(high.lower95).toBeCloseTo(80 - 1.959964 * 17.8885438, 4);
    expect(high.upper95).toBe(100);
    expect(npsOf([])).toEqual({ answers: 0, promoters: 0, passives: 0, detractors: 0, nps: null, lower95: null, upper95: null });
  });

  it('CSAT: share of 4 and 5; CES: the mean', () => {
    expect(csatOf([5, 4, 3, 1, 4])).toEqual({ answers: 5, satisfied: 3, csatPercent: 60 });
    expect(csatOf([])).toEqual({ answers: 0, satisfied: 0, csatPercent: null });
    expect(cesOf([7, 5, 6])).toEqual({ answers: 3, mean: 6 });
    expect(cesOf([])).toEqual({ answers: 0, mean: null });
  });

  it('per calendar period from the first answer to asOf, empty periods included, the running one marked incomplete', () => {
    const periods = satisfactionByPeriod(
      [
        { kind: 'nps', score: 10, answeredAt: '2025-01-05T00:00:00Z' },
        { kind: 'nps', score: 2, answeredAt: '2025-01-31T23:59:59Z' },
        { kind: 'csat', score: 5, answeredAt: '2025-03-02T00:00:00Z' },
        { kind: 'csat', score: 5, answeredAt: '2025-04-02T00:00:00Z' }, // after asOf
      ],
      { granularity: 'month', asOf: '2025-03-15T00:00:00Z' },
    );
    expect(periods.map((p) => [p.period, p.complete, p.figures.nps.nps, p.figures.csat.csatPercent])).toEqual([
      ['2025-01', true, 0, null],
      ['2025-02', true, null, null],
      ['2025-03', false, null, 100],
    ]);
  });

  it('asOf is inclusive: an answer at asOf counts, a later one in the same period does not; a period ending at asOf is complete', () => {
    const periods = satisfactionByPeriod(
      [
        { kind: 'ces', score: 6, answeredAt: '2025-02-10T00:00:00Z' },
        { kind: 'ces', score: 2, answeredAt: '2025-03-01T00:00:00Z' }, // at asOf
        { kind: 'ces', score: 7, answeredAt: '2025-03-01T00:00:01Z' }, // after asOf, same month
      ],
      { granularity: 'month', asOf: '2025-03-01T00:00:00Z' },
    );
    expect(periods.map((p) => [p.period, p.complete, p.figures.ces])).toEqual([
      ['2025-02', true, { answers: 1, mean: 6 }],
      ['2025-03', false, { answers: 1, mean: 2 }],
    ]);
    expect(satisfactionByPeriod([], { granularity: 'week', asOf: '2025-03-01T00:00:00Z' })).toEqual([]);
  });
});
