import { InvalidSurvivalDataError, kaplanMeier, restrictedMeanSurvival, survivalAt } from './kaplan-meier';
import { logRankTest } from './log-rank';

const Z = 1.959963984540054;
const event = (duration: number) => ({ duration, observed: true });
const censored = (duration: number) => ({ duration, observed: false });

describe('kaplanMeier on a hand-computed case with ties', () => {
  // Events at 1, 2, 4; censored at 2 (tied with an event), 3 and 5.
  const curve = kaplanMeier([event(4), censored(2), event(1), censored(5), event(2), censored(3)]);

  it('keeps subjects censored at an event time in the risk set at that time', () => {
    expect(curve.steps.map(({ time, atRisk, events, censored: c }) => [time, atRisk, events, c])).toEqual([
      [1, 6, 1, 0],
      [2, 5, 1, 1],
      [3, 3, 0, 1],
      [4, 2, 1, 0],
      [5, 1, 0, 1],
    ]);
  });

  it('multiplies (1 - d/n) at each event time', () => {
    const expected = [5 / 6, 2 / 3, 2 / 3, 1 / 3, 1 / 3];
    curve.steps.forEach((step, i) => expect(step.survival).toBeCloseTo(expected[i], 14));
  });

  it('reads the step function at any time, and finds the median as the first time S <= 0.5', () => {
    expect(survivalAt(curve, 0.5)).toBe(1);
    expect(survivalAt(curve, 2)).toBeCloseTo(2 / 3, 14);
    expect(survivalAt(curve, 3.99)).toBeCloseTo(2 / 3, 14);
    expect(survivalAt(curve, 100)).toBeCloseTo(1 / 3, 14);
    expect(curve.median).toBe(4);
  });

  it('computes the restricted mean as the area under the curve', () => {
    // 1·1 + (5/6)·1 + (2/3)·2 + (1/3)·1
    expect(restrictedMeanSurvival(curve)).toBeCloseTo(3.5, 12);
    expect(restrictedMeanSurvival(curve, 1.5)).toBeCloseTo(1 + (5 / 6) * 0.5, 12);
  });

  it('weights each survival level by the length of time it lasts, and takes 0 for a zero horizon or an empty curve', () => {
    // Events at 2 and 5, censored at 8: 1 for 2 units, 2/3 for 3, 1/3 for 3.
    const uneven = kaplanMeier([event(2), event(5), censored(8)]);
    expect(restrictedMeanSurvival(uneven)).toBeCloseTo(2 + 2 + 1, 12);
    expect(restrictedMeanSurvival(uneven, 0)).toBe(0);
    expect(restrictedMeanSurvival(kaplanMeier([]))).toBe(0);
    expect(() => restrictedMeanSurvival(uneven, -1)).toThrow('horizon must be >= 0 (got -1)');
  });

  it('puts the 95% band around the estimate', () => {
    for (const step of curve.steps) {
      expect(step.lower95!).toBeLessThan(step.survival);
      expect(step.upper95!).toBeGreaterThan(step.survival);
      expect(step.lower95!).toBeGreaterThan(0);
      expect(step.upper95!).toBeLessThan(1);
    }
  });
});

describe('kaplanMeier edge cases', () => {
  it('without censoring, Greenwood’s variance is the binomial S(1-S)/n', () => {
    const curve = kaplanMeier([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(event));
    const step = curve.steps[3]; // S = 0.6
    expect(step.survival).toBeCloseTo(0.6, 14);
    // Invert the log-log band S^exp(z·se/|ln S|) to recover se² = Var(S) / S².
    const se = (Math.log(Math.log(step.lower95!) / Math.log(step.survival)) * Math.abs(Math.log(step.survival))) / Z;
    expect(se * se * 0.36).toBeCloseTo((0.6 * 0.4) / 10, 12);
  });

  it('reaches 0 when the last subject has the event, with no band there, and has no median when S stays above 0.5', () => {
    const toZero = kaplanMeier([event(1), event(2)]);
    expect(toZero.steps[1]).toMatchObject({ survival: 0, lower95: null, upper95: null });
    expect(kaplanMeier([event(1), censored(2), censored(3)]).median).toBeNull();
  });

  it('gives a flat curve at 1 when everybody is censored, and an empty curve for no data', () => {
    const curve = kaplanMeier([censored(3), censored(1)]);
    expect(curve.steps.map((s) => [s.survival, s.lower95, s.upper95])).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(kaplanMeier([])).toEqual({ steps: [], median: null });
  });

  it('finds the median where S is 0.5 in exact arithmetic but a hair above it in floating point', () => {
    // S after time 3 = 9/10 · 7/9 · 5/7 = 1/2, computed as 0.5000000000000001.
    const curve = kaplanMeier([event(1), event(2), event(2), event(3), event(3), ...[1, 2, 3, 4, 5].map(() => censored(10))]);
    expect(curve.steps[2].survival).toBeGreaterThan(0.5);
    expect(curve.median).toBe(3);
  });

  it('accepts a duration of 0 (an event at the origin)', () => {
    expect(kaplanMeier([event(0), censored(2)]).steps[0]).toMatchObject({ time: 0, atRisk: 2, events: 1, survival: 0.5 });
  });

  it('says which observation is wrong and why', () => {
    expect(() => kaplanMeier([event(1), { duration: -1, observed: true }])).toThrow('observation 1: duration must be a finite number >= 0 (got -1)');
    expect(() => kaplanMeier([{ duration: 1, observed: 1 as unknown as boolean }])).toThrow('observation 0: observed must be true or false');
  });

  it.each([[{ duration: -1, observed: true }], [{ duration: Number.NaN, observed: true }], [{ duration: 1, observed: 'yes' as unknown as boolean }]])(
    'rejects %p',
    (bad) => {
      expect(() => kaplanMeier([bad])).toThrow(InvalidSurvivalDataError);
    },
  );
});

describe('Gehan (Freireich 1963) leukaemia remission data', () => {
  const sixMp = [event(6), event(6), event(6), censored(6), event(7), censored(9), event(10), censored(10), censored(11), event(13), event(16), censored(17), censored(19), censored(20), event(22), event(23), censored(25), censored(32), censored(32), censored(34), censored(35)];
  const control = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23].map(event);

  it('reproduces the published 6-MP table: risk sets, estimates and Greenwood standard errors', () => {
    const eventSteps = kaplanMeier(sixMp).steps.filter((s) => s.events > 0);
    expect(eventSteps.map((s) => [s.time, s.atRisk, s.events])).toEqual([
      [6, 21, 3],
      [7, 17, 1],
      [10, 15, 1],
      [13, 12, 1],
      [16, 11, 1],
      [22, 7, 1],
      [23, 6, 1],
    ]);
    const survival = [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482];
    const standardErrors = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346];
    eventSteps.forEach((step, i) => {
      expect(Math.abs(step.survival - survival[i])).toBeLessThanOrEqual(0.00005);
      // Greenwood SE of S, recovered from the log-log band.
      const se = (Math.log(Math.log(step.lower95!) / Math.log(step.survival)) * Math.abs(Math.log(step.survival))) / Z;
      expect(Math.abs(se * step.survival - standardErrors[i])).toBeLessThanOrEqual(0.00005);
    });
  });

  it('has medians 23 (6-MP) and 8 (control) and log-rank chi-square 16.793, p = 4.17e-5', () => {
    expect(kaplanMeier(sixMp).median).toBe(23);
    expect(kaplanMeier(control).median).toBe(8);
    const test = logRankTest(sixMp, control);
    expect(test.chiSquare).toBeCloseTo(16.793, 3);
    expect(test.pValue / 4.17e-5).toBeCloseTo(1, 2);
    expect(test.observedA + test.observedB).toBe(9 + 21);
  });
});
