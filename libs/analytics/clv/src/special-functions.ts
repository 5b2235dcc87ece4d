/**
 * Special functions the CLV models need beyond @stdlib's gammaln/betaln:
 * digamma (for analytic likelihood gradients) and the Gauss hypergeometric
 * series 2F1 on 0 <= z < 1 (for BG/NBD expectations).
 */

/** ψ(x) for x > 0: upward recurrence to x >= 12, then the asymptotic series (error < 1e-15). */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma is only implemented for x > 0 (got ${x})`);
  let result = 0;
  while (x < 12) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  return (
    result +
    Math.log(x) -
    0.5 / x -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))))
  );
}

/** log(e^a + e^b) without overflow; either may be -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

const SERIES_RELATIVE_TOLERANCE = 1e-15;
const SERIES_MAX_TERMS = 1_000_000;

/**
 * Gauss hypergeometric 2F1(a, b; c; z) by its power series, for a, b, c > 0 and 0 <= z < 1
 * (the region BG/NBD uses). All terms are positive there, and the ratio of successive terms
 *   ρ_n = (a+n)(b+n) z / ((c+n)(n+1))
 * tends monotonically to z once n exceeds the parameters, so the remaining tail is at most
 * term · q / (1 - q) with q = max(ρ_n, z). Summation stops when that bound drops below
 * 1e-15 of the sum. Cost grows like 35 / (1 - z) terms.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError(`hyp2f1 needs a, b, c > 0 (got ${a}, ${b}, ${c})`);
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1 (got ${z})`);
  let term = 1;
  let sum = 1;
  const monotoneFrom = Math.ceil(Math.max(a, b, c)) + 1;
  for (let n = 0; n < SERIES_MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (n >= monotoneFrom) {
      const bound = Math.max(ratio, z);
      if (bound < 1 && (term * bound) / (1 - bound) <= SERIES_RELATIVE_TOLERANCE * sum) return sum;
    }
  }
  throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${SERIES_MAX_TERMS} terms`);
}
