import { chiSquareOneDfSurvival, erfc, logRankTest } from './log-rank';

const event = (duration: number) => ({ duration, observed: true });
const censored = (duration: number) => ({ duration, observed: false });

describe('logRankTest, worked by hand', () => {
  it('leaves out the variance of a time where one subject alone is at risk, and splits the expected events between the groups', () => {
    // t=1: 2 vs 1 at risk, A's event: E_A = 2/3, V = 2·1·1·2 / (3²·2) = 2/9.
    // t=2: 1 vs 1, B's event: E_A = 1/2, V = 1/4. t=3: A alone, its event: E_A = 1, no variance (n - 1 = 0).
    // χ² = (2 - 13/6)² / (17/36) = 1/17.
    const test = logRankTest([event(1), event(3)], [event(2)]);
    expect(test.observedA).toBe(2);
    expect(test.expectedA).toBeCloseTo(13 / 6, 12);
    expect(test.observedB).toBe(1);
    expect(test.expectedB).toBeCloseTo(3 - 13 / 6, 12);
    expect(test.chiSquare).toBeCloseTo(1 / 17, 12);
    expect(test.pValue).toBeCloseTo(0.8083651559145104, 6); // erfc(√(1/34))
  });

  it('without an event while both groups are at risk there is no evidence: χ² = 0, p = 1', () => {
    expect(logRankTest([event(1)], [censored(0.5)])).toMatchObject({ chiSquare: 0, pValue: 1 });
  });

  it('refuses an empty group, either one', () => {
    expect(() => logRankTest([], [event(1)])).toThrow('the log-rank test needs two non-empty groups');
    expect(() => logRankTest([event(1)], [])).toThrow('the log-rank test needs two non-empty groups');
  });
});

describe('p-value helpers', () => {
  it('P(χ²₁ > 0) is exactly 1, never above', () => {
    expect(chiSquareOneDfSurvival(0)).toBe(1);
  });

  it('erfc matches the standard values on both sides of 0 (Python math.erfc)', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 6);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 6);
    expect(erfc(-0.5) + erfc(0.5)).toBeCloseTo(2, 12);
  });
});
