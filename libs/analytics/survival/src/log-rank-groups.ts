/**
 * k-sample log-rank test (R's survdiff, rho = 0): at every distinct event time, observed minus
 * expected events per group under equal hazards, with the hypergeometric covariance; the
 * statistic U'V⁻U over the first k-1 groups is chi-square with rank(V) degrees of freedom.
 * With two groups it is the same number as logRankTest.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { InvalidSurvivalDataError, type SurvivalObservation } from './kaplan-meier';
import { erfc } from './log-rank';

export interface GroupLogRank {
  observed: number;
  expected: number;
}

export interface LogRankGroupsResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  groups: GroupLogRank[];
}

/** Relative pivot size below which a direction of V counts as empty (a group with no information). */
const SINGULAR = 1e-10;

export function logRankTestGroups(groups: readonly (readonly SurvivalObservation[])[]): LogRankGroupsResult {
  const k = groups.length;
  if (k < 2 || groups.some((g) => g.length === 0)) throw new InvalidSurvivalDataError('the log-rank test needs at least two non-empty groups');
  const all = groups.flatMap((g, group) => g.map((o) => ({ duration: o.duration, observed: o.observed, group }))).sort((x, y) => x.duration - y.duration);
  const atRisk = groups.map((g) => g.length);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const covariance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < all.length; ) {
    const time = all[i].duration;
    const events = new Array<number>(k).fill(0);
    const leaving = new Array<number>(k).fill(0);
    for (; i < all.length && all[i].duration === time; i++) {
      if (all[i].observed) events[all[i].group]++;
      leaving[all[i].group]++;
    }
    const n = atRisk.reduce((s, v) => s + v, 0);
    const d = events.reduce((s, v) => s + v, 0);
    if (d > 0) {
      for (let g = 0; g < k; g++) {
        observed[g] += events[g];
        expected[g] += (d * atRisk[g]) / n;
      }
      if (n > 1) {
        const scale = (d * (n - d)) / (n - 1);
        for (let g = 0; g < k; g++) {
          for (let h = 0; h < k; h++) covariance[g][h] += scale * (atRisk[g] / n) * ((g === h ? 1 : 0) - atRisk[h] / n);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
  }
  const u = observed.slice(0, k - 1).map((o, g) => o - expected[g]);
  const v = covariance.slice(0, k - 1).map((row) => row.slice(0, k - 1));
  const { value, rank } = quadraticFormWithPseudoInverse(v, u);
  const chiSquare = Math.max(0, value);
  return {
    chiSquare,
    degreesOfFreedom: rank,
    pValue: rank === 0 ? 1 : chiSquareSurvival(chiSquare, rank),
    groups: observed.map((o, g) => ({ observed: o, expected: expected[g] })),
  };
}

/**
 * u'V⁻u for a symmetric positive semi-definite V, by symmetric elimination that skips
 * (near-)zero pivots: those directions carry no information and do not count towards the rank.
 */
function quadraticFormWithPseudoInverse(matrix: number[][], vector: number[]): { value: number; rank: number } {
  const m = matrix.map((row) => [...row]);
  const b = [...vector];
  const n = b.length;
  const scale = Math.max(1e-300, ...m.map((row, i) => Math.abs(row[i])));
  let value = 0;
  let rank = 0;
  for (let p = 0; p < n; p++) {
    const pivot = m[p][p];
    if (!(pivot > SINGULAR * scale)) continue;
    rank++;
    value += (b[p] * b[p]) / pivot;
    for (let i = p + 1; i < n; i++) {
      const factor = m[i][p] / pivot;
      if (factor === 0) continue;
      for (let j = p; j < n; j++) m[i][j] -= factor * m[p][j];
      b[i] -= factor * b[p];
    }
  }
  return { value, rank };
}

/**
 * P(χ²_ν > x) for whole ν, exactly: Q(x; 1) = erfc(√(x/2)), Q(x; 2) = e^(−x/2), and
 * Q(x; ν+2) = Q(x; ν) + (x/2)^(ν/2) e^(−x/2) / Γ(ν/2 + 1).
 */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (!Number.isSafeInteger(degreesOfFreedom) || degreesOfFreedom < 1) throw new InvalidSurvivalDataError(`degrees of freedom must be a positive whole number (got ${degreesOfFreedom})`);
  if (!(x > 0)) return 1;
  const half = x / 2;
  let nu = degreesOfFreedom % 2 === 1 ? 1 : 2;
  let q = nu === 1 ? erfc(Math.sqrt(half)) : Math.exp(-half);
  for (; nu < degreesOfFreedom; nu += 2) q += Math.exp((nu / 2) * Math.log(half) - half - gammaln(nu / 2 + 1));
  return Math.min(1, q);
}
