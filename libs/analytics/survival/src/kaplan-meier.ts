/**
 * Kaplan–Meier estimator with Greenwood variance and the log-log ("log(-log)") 95% band, as R's
 * survival::survfit(conf.type = "log-log"). Ties: subjects censored at an event time are still at
 * risk at that time (events are taken to happen first).
 */
export interface SurvivalObservation {
  /** Time from origin to the event or to censoring; >= 0. */
  duration: number;
  /** true: the event happened at `duration`; false: right-censored (still "alive" when last seen). */
  observed: boolean;
}

export interface SurvivalStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** 95% log-log band; equals the estimate while it is 1, null once it is 0 (undefined there, NA in R). */
  lower95: number | null;
  upper95: number | null;
}

export interface KaplanMeierCurve {
  steps: SurvivalStep[];
  /** First time the curve is at or below 0.5; null if it never gets there. */
  median: number | null;
}

export class InvalidSurvivalDataError extends Error {}

const Z_975 = 1.959963984540054;
/** Tolerance for "exactly 0.5" in the median, so that products like 1/2 computed in floating point count. */
const MEDIAN_TOLERANCE = 1e-12;

export function kaplanMeier(observations: readonly SurvivalObservation[]): KaplanMeierCurve {
  observations.forEach((o, i) => {
    if (!(Number.isFinite(o.duration) && o.duration >= 0)) throw new InvalidSurvivalDataError(`observation ${i}: duration must be a finite number >= 0 (got ${o.duration})`);
    if (typeof o.observed !== 'boolean') throw new InvalidSurvivalDataError(`observation ${i}: observed must be true or false`);
  });
  const sorted = [...observations].sort((a, b) => a.duration - b.duration);
  const steps: SurvivalStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let greenwoodSum = 0; // Σ d / (n (n - d)), the variance of the cumulative hazard's log
  for (let i = 0; i < sorted.length; ) {
    const time = sorted[i].duration;
    let events = 0;
    let censored = 0;
    for (; i < sorted.length && sorted[i].duration === time; i++) {
      if (sorted[i].observed) events++;
      else censored++;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      greenwoodSum = events < atRisk ? greenwoodSum + events / (atRisk * (atRisk - events)) : Number.POSITIVE_INFINITY;
    }
    const [lower95, upper95] = logLogBand(survival, greenwoodSum);
    steps.push({ time, atRisk, events, censored, survival, lower95, upper95 });
    atRisk -= events + censored;
  }
  const medianStep = steps.find((s) => s.survival <= 0.5 + MEDIAN_TOLERANCE);
  return { steps, median: medianStep ? medianStep.time : null };
}

/** S^exp(±z·se/ln S) with se = sqrt(Greenwood sum): R's conf.type = "log-log". */
function logLogBand(survival: number, greenwoodSum: number): [number | null, number | null] {
  if (survival === 1) return [1, 1];
  if (survival === 0 || !Number.isFinite(greenwoodSum)) return [null, null];
  const logS = Math.log(survival);
  const spread = (Z_975 * Math.sqrt(greenwoodSum)) / Math.abs(logS);
  return [survival ** Math.exp(spread), survival ** Math.exp(-spread)];
}

/** S(t) of the step function: 1 before the first step, the last estimate at or before t after it. */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let survival = 1;
  for (const step of curve.steps) {
    if (step.time > t) break;
    survival = step.survival;
  }
  return survival;
}

/**
 * Restricted mean survival time: the area under the curve from 0 to `horizon` (default: the
 * last observed time). Unlike the plain mean of observed durations it is not biased down by censoring.
 */
export function restrictedMeanSurvival(curve: KaplanMeierCurve, horizon?: number): number {
  const end = horizon ?? (curve.steps.length > 0 ? curve.steps[curve.steps.length - 1].time : 0);
  if (!(end >= 0)) throw new InvalidSurvivalDataError(`horizon must be >= 0 (got ${horizon})`);
  let area = 0;
  let previousTime = 0;
  let survival = 1;
  for (const step of curve.steps) {
    if (step.time >= end) break;
    area += survival * (step.time - previousTime);
    previousTime = step.time;
    survival = step.survival;
  }
  return area + survival * (end - previousTime);
}
