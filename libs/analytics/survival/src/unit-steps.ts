/**
 * Presentation of a Kaplan–Meier curve by whole time units, and the number-at-risk table that is
 * printed under survival plots. Neither changes the estimate: the curve is computed on exact
 * durations and only read out at unit ends.
 */
import type { KaplanMeierCurve, SurvivalObservation, SurvivalStep } from './kaplan-meier';

/**
 * One step per time unit that saw an event or a censoring: step k covers durations in (k−1, k]
 * (durations of exactly 0 are step 0). `survival` and the band are the exact estimate at the end of
 * the unit, `atRisk` those at risk at its start, `events` and `censored` the unit's totals.
 */
export function stepsByUnit(curve: KaplanMeierCurve): SurvivalStep[] {
  const out: SurvivalStep[] = [];
  for (const step of curve.steps) {
    const unit = Math.ceil(step.time);
    const last = out[out.length - 1];
    if (last !== undefined && last.time === unit) {
      out[out.length - 1] = {
        ...last,
        events: last.events + step.events,
        censored: last.censored + step.censored,
        survival: step.survival,
        lower95: step.lower95,
        upper95: step.upper95,
      };
    } else {
      out.push({ ...step, time: unit });
    }
  }
  return out;
}

export interface AtRiskRow {
  readonly time: number;
  /** Still under observation at `time` (duration >= time). */
  readonly atRisk: number;
  /** Up to and including `time`. */
  readonly cumulativeEvents: number;
  readonly cumulativeCensored: number;
}

/** The risk table at 0, interval, 2·interval, … up to the longest duration. */
export function atRiskTable(observations: readonly SurvivalObservation[], interval: number): AtRiskRow[] {
  if (!(interval > 0)) throw new RangeError(`interval must be > 0 (got ${interval})`);
  const longest = observations.reduce((m, o) => Math.max(m, o.duration), 0);
  const rows: AtRiskRow[] = [];
  for (let i = 0; i * interval <= longest || i === 0; i++) {
    const time = i * interval;
    let atRisk = 0;
    let cumulativeEvents = 0;
    let cumulativeCensored = 0;
    for (const o of observations) {
      if (o.duration >= time) atRisk++;
      if (o.duration <= time) {
        if (o.observed) cumulativeEvents++;
        else cumulativeCensored++;
      }
    }
    rows.push({ time, atRisk, cumulativeEvents, cumulativeCensored });
  }
  return rows;
}

/** A readable tick for the risk table: the smallest of `candidates` giving at most `maxRows` rows, else doubling the largest. */
export function riskTableInterval(longest: number, candidates: readonly number[], maxRows = 13): number {
  for (const c of candidates) if (longest / c <= maxRows - 1) return c;
  let c = candidates[candidates.length - 1] ?? 1;
  while (longest / c > maxRows - 1) c *= 2;
  return c;
}
