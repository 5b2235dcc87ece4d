import { kaplanMeier } from './kaplan-meier';
import { atRiskTable, riskTableInterval, stepsByUnit } from './unit-steps';
import { timeToInactivityChurn } from './inactivity';

// Durations in weeks: events at 0.5, 0.9, 2.5; censored at 1.0, 2.2, 4.
const observations = [
  { duration: 0.5, observed: true },
  { duration: 0.9, observed: true },
  { duration: 1.0, observed: false },
  { duration: 2.2, observed: false },
  { duration: 2.5, observed: true },
  { duration: 4, observed: false },
];

describe('stepsByUnit', () => {
  it('folds the exact steps into one per unit: totals of the unit, at risk at its start, the exact estimate at its end', () => {
    const exact = kaplanMeier(observations);
    const byUnit = stepsByUnit(exact);
    // S after 0.5: 5/6; after 0.9: 5/6·4/5 = 4/6; after 2.5 (2 at risk): 4/6·1/2 = 1/3.
    expect(byUnit.map((s) => [s.time, s.atRisk, s.events, s.censored])).toEqual([
      [1, 6, 2, 1],
      [3, 3, 1, 1],
      [4, 1, 0, 1],
    ]);
    expect(byUnit.map((s) => s.survival)).toEqual([exact.steps[2].survival, exact.steps[4].survival, exact.steps[5].survival]);
    expect(byUnit[0].survival).toBeCloseTo(4 / 6, 12);
    expect(byUnit[1].survival).toBeCloseTo(1 / 3, 12);
    expect(byUnit[1].lower95).toBe(exact.steps[4].lower95);
  });
});

describe('atRiskTable', () => {
  it('counts those still observed at each tick and the events and censorings up to it', () => {
    expect(atRiskTable(observations, 2)).toEqual([
      { time: 0, atRisk: 6, cumulativeEvents: 0, cumulativeCensored: 0 },
      { time: 2, atRisk: 3, cumulativeEvents: 2, cumulativeCensored: 1 },
      { time: 4, atRisk: 1, cumulativeEvents: 3, cumulativeCensored: 3 },
    ]);
  });

  it('picks a tick that keeps the table short', () => {
    expect(riskTableInterval(10, [1, 2, 3, 6, 12])).toBe(1);
    expect(riskTableInterval(30, [1, 2, 3, 6, 12])).toBe(3);
    expect(riskTableInterval(1000, [1, 2, 3, 6, 12])).toBe(96);
  });

  it('allows exactly 13 rows (0 to 12 ticks), no more, when picking and when doubling', () => {
    expect(riskTableInterval(12, [1, 2])).toBe(1); // 0, 1, …, 12: 13 rows
    expect(riskTableInterval(13, [1, 2])).toBe(2); // 14 rows at 1
    expect(riskTableInterval(24, [1])).toBe(2); // doubled once: 13 rows
    expect(riskTableInterval(26, [1])).toBe(4); // 2 would give 14 rows
  });

  it('refuses an interval that is not positive', () => {
    expect(() => atRiskTable(observations, 0)).toThrow('interval must be > 0 (got 0)');
    expect(() => atRiskTable(observations, Number.NaN)).toThrow('interval must be > 0 (got NaN)');
  });
});

describe('timeToInactivityChurn', () => {
  const day = 86_400_000;
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  it('dates the derived churn at the end of the first gap of N days without a purchase', () => {
    // Purchases on days 10 and 50: the gap 10 -> 50 exceeds 30 days, so churn at day 40.
    expect(timeToInactivityChurn(t0, [t0 + 50 * day, t0 + 10 * day], t0 + 200 * day, 30)).toEqual({ durationMs: 40 * day, observed: true });
  });
  it('a gap of exactly N days is not yet a churn', () => {
    expect(timeToInactivityChurn(t0, [t0 + 30 * day], t0 + 45 * day, 30)).toEqual({ durationMs: 45 * day, observed: false });
  });
  it('after the last purchase the churn is known once the gap has run out by asOf, else censored at asOf', () => {
    expect(timeToInactivityChurn(t0, [t0 + 5 * day], t0 + 35 * day, 30)).toEqual({ durationMs: 35 * day, observed: true });
    expect(timeToInactivityChurn(t0, [t0 + 5 * day], t0 + 34 * day, 30)).toEqual({ durationMs: 34 * day, observed: false });
    // Purchases after asOf are not known yet.
    expect(timeToInactivityChurn(t0, [t0 + 100 * day], t0 + 60 * day, 30)).toEqual({ durationMs: 30 * day, observed: true });
  });
  it('counts a purchase at asOf (it is known then): a gap that would end at asOf is reset', () => {
    expect(timeToInactivityChurn(t0, [t0 + 30 * day], t0 + 30 * day, 30)).toEqual({ durationMs: 30 * day, observed: false });
    expect(timeToInactivityChurn(t0, [], t0 + 30 * day, 30)).toEqual({ durationMs: 30 * day, observed: true });
  });
  it('does not start a gap before acquisition because of an earlier dated purchase', () => {
    expect(timeToInactivityChurn(t0, [t0 - 10 * day, t0 + 25 * day], t0 + 100 * day, 30)).toEqual({ durationMs: 55 * day, observed: true });
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p days', (days) => {
    expect(() => timeToInactivityChurn(t0, [], t0 + day, days)).toThrow(`inactivity days must be > 0 (got ${days})`);
  });
});
