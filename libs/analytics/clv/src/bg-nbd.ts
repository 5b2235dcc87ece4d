/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat purchasing,
 * Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2).
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase
 * she drops out with probability p ~ Beta(a, b). Equation numbers refer to the paper.
 */
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { minimizeBfgs } from '@lifeline/analytics/optimize';
import { hyp2f1, logAddExp } from './special-functions';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** x, t_x, T of one customer (see RfmSummaryRow); all times in one unit. */
export interface RfmObservation {
  frequency: number;
  recency: number;
  age: number;
}

export interface FitDiagnostics {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  fitTimeMs: number;
  customers: number;
  /** Distinct observation rows the likelihood was evaluated on after aggregation. */
  distinctRows: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  diagnostics: FitDiagnostics;
}

export class InvalidModelInputError extends Error {}

/** Identical (x, t_x, T) rows collapsed to one row with a count, so 100k customers cost a few thousand terms. */
interface AggregatedRfm {
  x: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  count: Float64Array;
  maxX: number;
  total: number;
}

function validateObservation(o: RfmObservation, index: number): void {
  const { frequency: x, recency: tx, age: T } = o;
  if (!Number.isSafeInteger(x) || x < 0) throw new InvalidModelInputError(`row ${index}: frequency must be a non-negative integer (got ${x})`);
  if (!(Number.isFinite(tx) && Number.isFinite(T) && tx >= 0 && tx <= T)) {
    throw new InvalidModelInputError(`row ${index}: need 0 <= recency <= age (got recency ${tx}, age ${T})`);
  }
  if (x === 0 && tx !== 0) throw new InvalidModelInputError(`row ${index}: a customer with frequency 0 must have recency 0 (got ${tx})`);
  if (x > 0 && !(T > 0)) throw new InvalidModelInputError(`row ${index}: a repeat customer must have age > 0`);
}

function aggregate(observations: readonly RfmObservation[]): AggregatedRfm {
  const counts = new Map<string, { o: RfmObservation; n: number }>();
  observations.forEach((o, i) => {
    validateObservation(o, i);
    const key = `${o.frequency}|${o.recency}|${o.age}`;
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { o, n: 1 });
  });
  const rows = [...counts.values()];
  const agg: AggregatedRfm = {
    x: new Int32Array(rows.length),
    tx: new Float64Array(rows.length),
    T: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
    maxX: 0,
    total: observations.length,
  };
  rows.forEach(({ o, n }, i) => {
    agg.x[i] = o.frequency;
    agg.tx[i] = o.recency;
    agg.T[i] = o.age;
    agg.count[i] = n;
    agg.maxX = Math.max(agg.maxX, o.frequency);
  });
  return agg;
}

/** Sum of log-likelihoods (eq. 6) and its gradient with respect to (r, α, a, b). */
function logLikelihoodWithGradient(p: BgNbdParams, data: AggregatedRfm): { ll: number; grad: [number, number, number, number] } {
  const { r, alpha, a, b } = p;
  const maxX = data.maxX;
  // Terms that depend on x only, for x = 0..maxX. Digamma differences at integer offsets are
  // finite sums: ψ(r+x) - ψ(r) = Σ_{k<x} 1/(r+k).
  const lgR = new Float64Array(maxX + 1); // ln Γ(r+x) - ln Γ(r)
  const psiR = new Float64Array(maxX + 1);
  const betaTerm = new Float64Array(maxX + 1); // ln B(a, b+x) - ln B(a, b)
  const dBetaDa = new Float64Array(maxX + 1);
  const dBetaDb = new Float64Array(maxX + 1);
  const lnGammaR = gammaln(r);
  const lnBetaAB = betaln(a, b);
  for (let x = 0; x <= maxX; x++) {
    lgR[x] = gammaln(r + x) - lnGammaR;
    betaTerm[x] = betaln(a, b + x) - lnBetaAB;
    if (x > 0) {
      psiR[x] = psiR[x - 1] + 1 / (r + x - 1);
      dBetaDa[x] = dBetaDa[x - 1] - 1 / (a + b + x - 1);
      dBetaDb[x] = dBetaDb[x - 1] + 1 / (b + x - 1) - 1 / (a + b + x - 1);
    }
  }
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const n = data.count[i];
    const lnAT = Math.log(alpha + data.T[i]);
    const a3 = -(r + x) * lnAT;
    let tail = a3;
    let w4 = 0;
    let lnATx = 0;
    if (x > 0) {
      lnATx = Math.log(alpha + data.tx[i]);
      const a4 = lnA - Math.log(b + x - 1) - (r + x) * lnATx;
      tail = logAddExp(a3, a4);
      w4 = Math.exp(a4 - tail);
    }
    const w3 = 1 - w4;
    ll += n * (lgR[x] + r * lnAlpha + betaTerm[x] + tail);
    gr += n * (psiR[x] + lnAlpha - w3 * lnAT - w4 * lnATx);
    gAlpha += n * (r / alpha - (r + x) * (w3 / (alpha + data.T[i]) + (x > 0 ? w4 / (alpha + data.tx[i]) : 0)));
    ga += n * (dBetaDa[x] + w4 / a);
    gb += n * (dBetaDb[x] - (x > 0 ? w4 / (b + x - 1) : 0));
  }
  return { ll, grad: [gr, gAlpha, ga, gb] };
}

function assertParams(p: BgNbdParams): void {
  if (!(p.r > 0 && p.alpha > 0 && p.a > 0 && p.b > 0)) {
    throw new InvalidModelInputError(`BG/NBD parameters must all be positive (got ${JSON.stringify(p)})`);
  }
}

/** Total log-likelihood of the observations under the model (FHL 2005 eq. 6). */
export function bgNbdLogLikelihood(params: BgNbdParams, observations: readonly RfmObservation[]): number {
  assertParams(params);
  return logLikelihoodWithGradient(params, aggregate(observations)).ll;
}

/** Gradient of the total log-likelihood with respect to (r, α, a, b); exposed so tests can check it against finite differences. */
export function bgNbdLogLikelihoodGradient(params: BgNbdParams, observations: readonly RfmObservation[]): [number, number, number, number] {
  assertParams(params);
  return logLikelihoodWithGradient(params, aggregate(observations)).grad;
}

export interface FitOptions {
  gradientTolerance?: number;
  maxIterations?: number;
}

/**
 * Maximum-likelihood fit by BFGS on log-parameters (so positivity needs no constraints) with the
 * analytic gradient. Several starting points are tried and the best optimum kept; the winner is
 * then restarted from itself with a fresh Hessian estimate to confirm it.
 */
export function fitBgNbd(observations: readonly RfmObservation[], options: FitOptions = {}): BgNbdFit {
  const started = performance.now();
  if (observations.length === 0) throw new InvalidModelInputError('cannot fit BG/NBD to zero customers');
  const data = aggregate(observations);
  const meanAge = observations.reduce((s, o) => s + o.age, 0) / observations.length;
  const scale = meanAge > 0 ? meanAge : 1;
  const objective = (logParams: readonly number[]) => {
    const [r, alpha, a, b] = logParams.map(Math.exp);
    const { ll, grad } = logLikelihoodWithGradient({ r, alpha, a, b }, data);
    return {
      value: -ll / data.total,
      gradient: [r * grad[0], alpha * grad[1], a * grad[2], b * grad[3]].map((g) => -g / data.total),
    };
  };
  const bfgsOptions = { gradientTolerance: options.gradientTolerance ?? 1e-7, maxIterations: options.maxIterations ?? 500 };
  const starts = [
    [0, Math.log(scale), 0, 0],
    [Math.log(0.5), Math.log(scale / 4), Math.log(0.5), Math.log(2)],
    [Math.log(2), Math.log(scale * 4), Math.log(2), Math.log(0.5)],
  ];
  let best: ReturnType<typeof minimizeBfgs> | undefined;
  let iterations = 0;
  for (const start of starts) {
    let result: ReturnType<typeof minimizeBfgs>;
    try {
      result = minimizeBfgs(objective, start, bfgsOptions);
    } catch {
      continue; // a start where the likelihood underflows; the others cover it
    }
    iterations += result.iterations;
    if (!best || result.value < best.value) best = result;
  }
  if (!best) throw new InvalidModelInputError('BG/NBD likelihood is not finite at any starting point; check the observations');
  const polished = minimizeBfgs(objective, best.x, bfgsOptions);
  iterations += polished.iterations;
  const final = polished.value <= best.value ? polished : best;
  const [r, alpha, a, b] = final.x.map(Math.exp);
  return {
    params: { r, alpha, a, b },
    diagnostics: {
      logLikelihood: -final.value * data.total,
      iterations,
      converged: final.converged,
      fitTimeMs: performance.now() - started,
      customers: data.total,
      distinctRows: data.x.length,
    },
  };
}

/** 1 / (1 + δ_{x>0} · a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)), the denominator shared by eq. 10 and P(alive). */
function aliveOdds(p: BgNbdParams, o: RfmObservation): number {
  if (o.frequency === 0) return 0;
  const x = o.frequency;
  return Math.exp(Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + o.age) / (p.alpha + o.recency)));
}

/** P(customer still alive at T | x, t_x, T). A customer with no repeat purchase is alive for sure under BG/NBD. */
export function bgNbdProbabilityAlive(params: BgNbdParams, observation: RfmObservation): number {
  assertParams(params);
  validateObservation(observation, 0);
  return 1 / (1 + aliveOdds(params, observation));
}

/** E[X(T, T+t) | x, t_x, T]: expected purchases in the next t time units (eq. 10). */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, t: number, observation: RfmObservation): number {
  assertParams(params);
  validateObservation(observation, 0);
  if (!(t >= 0)) throw new InvalidModelInputError(`horizon t must be >= 0 (got ${t})`);
  if (t === 0) return 0;
  const { r, alpha, b } = params;
  const { frequency: x, age: T } = observation;
  const z = t / (alpha + T + t);
  const numerator = acrossPoleAtAEqualsOne(params.a, (a) => {
    const hyper = hyp2f1(r + x, b + x, a + b + x - 1, z);
    return ((a + b + x - 1) / (a - 1)) * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyper);
  });
  return numerator / (1 + aliveOdds(params, observation));
}

/** E[X(t)] for a customer drawn from the population, t after acquisition (eq. 9). */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  assertParams(params);
  if (!(t >= 0)) throw new InvalidModelInputError(`horizon t must be >= 0 (got ${t})`);
  if (t === 0) return 0;
  const { r, alpha, b } = params;
  return acrossPoleAtAEqualsOne(params.a, (a) => {
    const hyper = hyp2f1(r, b, a + b - 1, t / (alpha + t));
    return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyper);
  });
}

const NEAR_POLE = 1e-4;

/**
 * Eqs. 9 and 10 are (a+b-1)/(a-1) times a bracket that vanishes at a = 1 (the hypergeometric
 * term then reduces to the power it is subtracted from): 0/0 exactly there, and digits lost
 * near it. The expectation itself is smooth in a, so within NEAR_POLE of 1 it is taken from the
 * line through a = 1 + NEAR_POLE and 1 + 2·NEAR_POLE, where the formula keeps ~12 digits (the
 * line's error is ~1e-7). Both points lie above 1, so the hypergeometric c = a + b - 1 stays
 * above b > 0 however small b is.
 */
function acrossPoleAtAEqualsOne(a: number, expectation: (a: number) => number): number {
  if (Math.abs(a - 1) >= NEAR_POLE) return expectation(a);
  const near = expectation(1 + NEAR_POLE);
  const far = expectation(1 + 2 * NEAR_POLE);
  return near + ((a - (1 + NEAR_POLE)) / NEAR_POLE) * (far - near);
}

/** P(X(t) = n) for a customer drawn from the population, t after acquisition (eq. 8). */
export function bgNbdPurchaseProbability(params: BgNbdParams, t: number, n: number): number {
  assertParams(params);
  if (!(t >= 0)) throw new InvalidModelInputError(`horizon t must be >= 0 (got ${t})`);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidModelInputError(`n must be a non-negative integer (got ${n})`);
  const { r, alpha, a, b } = params;
  const lnBetaAB = betaln(a, b);
  const lnShare = Math.log(alpha / (alpha + t));
  const lnRest = t > 0 ? Math.log(t / (alpha + t)) : Number.NEGATIVE_INFINITY;
  // ln [Γ(r+j) / (Γ(r) j!) (α/(α+t))^r (t/(α+t))^j], the NBD probability of j purchases by t.
  const lnNbd = (j: number) => gammaln(r + j) - gammaln(r) - gammaln(j + 1) + r * lnShare + (j > 0 ? j * lnRest : 0);
  let probability = Math.exp(betaln(a, b + n) - lnBetaAB + lnNbd(n));
  if (n > 0) {
    let cumulative = 0;
    for (let j = 0; j < n; j++) cumulative += Math.exp(lnNbd(j));
    probability += Math.exp(betaln(a + 1, b + n - 1) - lnBetaAB) * (1 - cumulative);
  }
  return probability;
}
