/**
 * Two-sample log-rank test (Mantel–Haenszel form, as R's survdiff with rho = 0): at every distinct
 * event time, observed vs expected events in group A under the null of equal hazards, with the
 * hypergeometric variance; chi-square with 1 degree of freedom.
 */
import { InvalidSurvivalDataError, SurvivalObservation } from './kaplan-meier';

export interface LogRankResult {
  chiSquare: number;
  pValue: number;
  observedA: number;
  expectedA: number;
  observedB: number;
  expectedB: number;
}

export function logRankTest(groupA: readonly SurvivalObservation[], groupB: readonly SurvivalObservation[]): LogRankResult {
  if (groupA.length === 0 || groupB.length === 0) throw new InvalidSurvivalDataError('the log-rank test needs two non-empty groups');
  const all = [...groupA.map((o) => ({ ...o, a: true })), ...groupB.map((o) => ({ ...o, a: false }))].sort((x, y) => x.duration - y.duration);
  let atRiskA = groupA.length;
  let atRiskB = groupB.length;
  let observedA = 0;
  let expectedA = 0;
  let variance = 0;
  let totalEvents = 0;
  for (let i = 0; i < all.length; ) {
    const time = all[i].duration;
    let eventsA = 0;
    let events = 0;
    let leavingA = 0;
    let leavingB = 0;
    for (; i < all.length && all[i].duration === time; i++) {
      if (all[i].observed) {
        events++;
        if (all[i].a) eventsA++;
      }
      if (all[i].a) leavingA++;
      else leavingB++;
    }
    const atRisk = atRiskA + atRiskB;
    if (events > 0) {
      observedA += eventsA;
      expectedA += (events * atRiskA) / atRisk;
      if (atRisk > 1) variance += (atRiskA * atRiskB * events * (atRisk - events)) / (atRisk * atRisk * (atRisk - 1));
      totalEvents += events;
    }
    atRiskA -= leavingA;
    atRiskB -= leavingB;
  }
  const chiSquare = variance > 0 ? (observedA - expectedA) ** 2 / variance : 0;
  return {
    chiSquare,
    pValue: chiSquareOneDfSurvival(chiSquare),
    observedA,
    expectedA,
    observedB: totalEvents - observedA,
    expectedB: totalEvents - expectedA,
  };
}

/** P(χ²₁ > x) = erfc(sqrt(x / 2)). */
export function chiSquareOneDfSurvival(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/** Complementary error function, Chebyshev fit (Numerical Recipes erfcc): relative error < 1.2e-7 everywhere. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
