import type { SurvivalObservation } from './kaplan-meier';
import { logRankTest } from './log-rank';
import { chiSquareSurvival, logRankTestGroups } from './log-rank-groups';

const obs = (rows: [number, 0 | 1][]): SurvivalObservation[] => rows.map(([duration, e]) => ({ duration, observed: e === 1 }));

// Gehan's leukaemia remission times (6-MP and placebo) and a third, made-up arm.
const sixMp = obs([[6, 1], [6, 1], [6, 1], [7, 1], [10, 1], [13, 1], [16, 1], [22, 1], [23, 1], [6, 0], [9, 0], [10, 0], [11, 0], [17, 0], [19, 0], [20, 0], [25, 0], [32, 0], [32, 0], [34, 0], [35, 0]]);
const placebo = obs([[1, 1], [1, 1], [2, 1], [2, 1], [3, 1], [4, 1], [4, 1], [5, 1], [5, 1], [8, 1], [8, 1], [8, 1], [8, 1], [11, 1], [11, 1], [12, 1], [12, 1], [15, 1], [17, 1], [22, 1], [23, 1]]);
const third = obs([[2, 1], [5, 0], [7, 1], [9, 1], [9, 0], [14, 1], [20, 1], [20, 0], [30, 1]]);

describe('chiSquareSurvival', () => {
  it.each([
    // scipy.stats.chi2.sf
    [6.063, 1, 0.013804298962055107],
    [3.2, 2, 0.2018965179946554],
    [7.8, 3, 0.050331097859853326],
    [12.5, 4, 0.013995792487650894],
    [0.4, 5, 0.9953295932358704],
  ])('P(χ² > %d | %d df) matches scipy', (x, df, expected) => {
    expect(chiSquareSurvival(x, df) / expected).toBeCloseTo(1, 6);
  });

  it('is 1 at 0 and refuses a fractional degree of freedom', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(() => chiSquareSurvival(1, 1.5)).toThrow('degrees of freedom must be a positive whole number');
  });

  it('refuses 0 degrees of freedom (no χ² distribution to ask)', () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow('degrees of freedom must be a positive whole number (got 0)');
  });

  it('is 1 below 0, where a χ² variable never is', () => {
    expect(chiSquareSurvival(-0.5, 1)).toBe(1);
    expect(chiSquareSurvival(-3, 4)).toBe(1);
  });
});

describe('logRankTestGroups', () => {
  it('with two groups gives the two-sample test (Gehan: χ² = 16.793)', () => {
    const two = logRankTest(sixMp, placebo);
    const k = logRankTestGroups([sixMp, placebo]);
    expect(k.degreesOfFreedom).toBe(1);
    expect(k.chiSquare).toBeCloseTo(two.chiSquare, 10);
    expect(k.chiSquare).toBeCloseTo(16.793, 3);
    expect(k.pValue).toBeCloseTo(two.pValue, 10);
    expect(k.groups.map((g) => g.observed)).toEqual([9, 21]);
  });

  it('with three groups matches a numpy computation with a full matrix inverse (χ² = 18.5696, 2 df)', () => {
    const result = logRankTestGroups([sixMp, placebo, third]);
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.chiSquare).toBeCloseTo(18.569579909790566, 8);
    expect(result.pValue / 9.28254272750012e-5).toBeCloseTo(1, 5);
    // Observed and expected events add up to the same total.
    const sum = (f: (g: { observed: number; expected: number }) => number) => result.groups.reduce((s, g) => s + f(g), 0);
    expect(sum((g) => g.expected)).toBeCloseTo(sum((g) => g.observed), 10);
  });

  it('does not depend on the order of the groups', () => {
    const a = logRankTestGroups([sixMp, placebo, third]);
    const b = logRankTestGroups([third, sixMp, placebo]);
    expect(b.chiSquare).toBeCloseTo(a.chiSquare, 9);
  });

  it('identical groups give χ² = 0 and p = 1; an empty group is refused', () => {
    const same = logRankTestGroups([placebo, placebo, placebo]);
    expect(same.chiSquare).toBeCloseTo(0, 12);
    expect(same.pValue).toBeCloseTo(1, 6);
    expect(() => logRankTestGroups([placebo, []])).toThrow('at least two non-empty groups');
  });
});

describe('logRankTestGroups, edge cases a grouping can produce', () => {
  const event = (duration: number) => ({ duration, observed: true });
  const censored = (duration: number) => ({ duration, observed: false });

  it('refuses a single group (nothing to compare)', () => {
    expect(() => logRankTestGroups([placebo])).toThrow('the log-rank test needs at least two non-empty groups');
  });

  it('leaves out the variance of a time where one subject alone is at risk (worked by hand in log-rank.spec: χ² = 1/17)', () => {
    const result = logRankTestGroups([[event(1), event(3)], [event(2)]]);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.chiSquare).toBeCloseTo(1 / 17, 12);
    expect(result.groups[0].expected).toBeCloseTo(13 / 6, 12);
    expect(result.groups[1].expected).toBeCloseTo(5 / 6, 12);
  });

  // A group whose members all left before the first event (e.g. a segment acquired at the end of
  // the data) carries no information: it adds no degree of freedom, wherever it stands in the list.
  it.each([
    ['last', (g: SurvivalObservation[]) => [sixMp, placebo, g]],
    ['first', (g: SurvivalObservation[]) => [g, sixMp, placebo]],
    ['in the middle', (g: SurvivalObservation[]) => [sixMp, g, placebo]],
  ])('a group never at risk at an event time (%s) adds no degree of freedom: Gehan χ² = 16.793, 1 df', (_where, arrange) => {
    const unseen = [censored(0), censored(0.5)];
    const result = logRankTestGroups(arrange(unseen));
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.chiSquare).toBeCloseTo(16.793, 3);
    expect(result.pValue).toBeCloseTo(logRankTest(sixMp, placebo).pValue, 10);
  });

  it('without any event there is no evidence: χ² = 0, 0 df, p = 1', () => {
    const result = logRankTestGroups([[censored(1)], [censored(2), censored(3)], [censored(4)]]);
    expect(result).toEqual({ chiSquare: 0, degreesOfFreedom: 0, pValue: 1, groups: [{ observed: 0, expected: 0 }, { observed: 0, expected: 0 }, { observed: 0, expected: 0 }] });
  });
});

describe('logRankTestGroups at the size of real groupings', () => {
  // Segments of 10,000 and 7,000 customers (deterministic durations, some censored) and a third
  // segment whose customers all left before the first event. Eliminating the two informative groups
  // leaves a rounding-level pivot (here +4.5e-13) that scales with the variance (about 2,300), not
  // with 1: it must still count as "no information", so the answer is the two-sample test, 1 df.
  const segment = (size: number, step: number, spread: number, censorEvery: number) =>
    Array.from({ length: size }, (_, i) => ({ duration: 1 + ((i * step) % spread), observed: i % censorEvery !== 0 }));
  const a = segment(10_000, 7919, 500, 3);
  const b = segment(7_000, 104_729, 400, 4);
  const unseen = [{ duration: 0, observed: false }];

  it('a group never at risk adds no degree of freedom with 17,000 subjects either', () => {
    const two = logRankTest(a, b);
    const result = logRankTestGroups([a, b, unseen]);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.chiSquare / two.chiSquare).toBeCloseTo(1, 9);
  });
});
