/**
 * Gamma-Gamma model of average transaction value (Fader & Hardie 2013, "The Gamma-Gamma Model
 * of Monetary Value"; Fader, Hardie & Lee 2005, JMR). A customer's transactions are Gamma(p, ν)
 * with ν ~ Gamma(q, γ) across customers, independent of the purchase process. Spend can be in
 * any currency unit; γ is then in that unit (minor units scale γ by 100, p and q are unchanged).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { minimizeBfgs } from '@lifeline/analytics/optimize';
import { FitDiagnostics, FitOptions, InvalidModelInputError } from './bg-nbd';
import { digamma } from './special-functions';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendObservation {
  /** x: number of repeat transactions the mean is over. */
  frequency: number;
  /** m_x: mean value of those transactions; null (or anything) when frequency is 0. */
  meanSpend: number | null;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  diagnostics: FitDiagnostics;
}

interface AggregatedSpend {
  x: Float64Array;
  lnXm: Float64Array; // ln(x · m_x)
  xm: Float64Array;
  count: Float64Array;
  distinctX: number[];
  xIndex: Int32Array; // row -> index into distinctX
  total: number;
}

/** Rows with frequency 0 carry no spend information and are skipped (the model is fitted on repeat customers). */
function aggregate(observations: readonly SpendObservation[]): AggregatedSpend {
  const counts = new Map<string, { x: number; m: number; n: number }>();
  observations.forEach((o, i) => {
    const x = o.frequency;
    if (!Number.isSafeInteger(x) || x < 0) throw new InvalidModelInputError(`row ${i}: frequency must be a non-negative integer (got ${x})`);
    if (x === 0) return;
    const m = o.meanSpend;
    if (m === null || !Number.isFinite(m) || m <= 0) {
      throw new InvalidModelInputError(`row ${i}: a repeat customer needs a positive mean spend (got ${m}); the Gamma-Gamma model has no zero-value purchases`);
    }
    const key = `${x}|${m}`;
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { x, m, n: 1 });
  });
  const rows = [...counts.values()];
  const distinctX = [...new Set(rows.map((row) => row.x))].sort((a, b) => a - b);
  const position = new Map(distinctX.map((x, i) => [x, i]));
  const agg: AggregatedSpend = {
    x: new Float64Array(rows.length),
    lnXm: new Float64Array(rows.length),
    xm: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
    distinctX,
    xIndex: new Int32Array(rows.length),
    total: 0,
  };
  rows.forEach(({ x, m, n }, i) => {
    agg.x[i] = x;
    agg.xm[i] = x * m;
    agg.lnXm[i] = Math.log(x * m);
    agg.count[i] = n;
    agg.xIndex[i] = position.get(x)!;
    agg.total += n;
  });
  return agg;
}

/**
 * ln f(m_x | p, q, γ, x) = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln(x m_x) + ln x - (px+q) ln(γ + x m_x),
 * the density of the observed mean (F&H 2013 eq. 3), summed over customers, with its gradient.
 */
function logLikelihoodWithGradient(params: GammaGammaParams, data: AggregatedSpend): { ll: number; grad: [number, number, number] } {
  const { p, q, gamma } = params;
  const k = data.distinctX.length;
  const lnGammaRatio = new Float64Array(k);
  const psiPxq = new Float64Array(k);
  const psiPx = new Float64Array(k);
  const lnGammaQ = gammaln(q);
  for (let j = 0; j < k; j++) {
    const px = p * data.distinctX[j];
    lnGammaRatio[j] = gammaln(px + q) - gammaln(px) - lnGammaQ;
    psiPxq[j] = digamma(px + q);
    psiPx[j] = digamma(px);
  }
  const psiQ = digamma(q);
  const lnGamma = Math.log(gamma);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const j = data.xIndex[i];
    const n = data.count[i];
    const px = p * x;
    const lnDenominator = Math.log(gamma + data.xm[i]);
    ll += n * (lnGammaRatio[j] + q * lnGamma + (px - 1) * data.lnXm[i] + Math.log(x) - (px + q) * lnDenominator);
    gp += n * x * (psiPxq[j] - psiPx[j] + data.lnXm[i] - lnDenominator);
    gq += n * (psiPxq[j] - psiQ + lnGamma - lnDenominator);
    gg += n * (q / gamma - (px + q) / (gamma + data.xm[i]));
  }
  return { ll, grad: [gp, gq, gg] };
}

function assertParams(p: GammaGammaParams): void {
  if (!(p.p > 0 && p.q > 0 && p.gamma > 0)) throw new InvalidModelInputError(`Gamma-Gamma parameters must all be positive (got ${JSON.stringify(p)})`);
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, observations: readonly SpendObservation[]): number {
  assertParams(params);
  return logLikelihoodWithGradient(params, aggregate(observations)).ll;
}

/** Gradient with respect to (p, q, γ); exposed so tests can check it against finite differences. */
export function gammaGammaLogLikelihoodGradient(params: GammaGammaParams, observations: readonly SpendObservation[]): [number, number, number] {
  assertParams(params);
  return logLikelihoodWithGradient(params, aggregate(observations)).grad;
}

/** Maximum likelihood on the repeat customers, BFGS on log-parameters from a few starting points. */
export function fitGammaGamma(observations: readonly SpendObservation[], options: FitOptions = {}): GammaGammaFit {
  const started = performance.now();
  const data = aggregate(observations);
  if (data.total === 0) throw new InvalidModelInputError('cannot fit Gamma-Gamma without customers that have repeat transactions');
  let weightedMean = 0;
  for (let i = 0; i < data.x.length; i++) weightedMean += (data.count[i] * data.xm[i]) / data.x[i];
  weightedMean /= data.total;
  const objective = (logParams: readonly number[]) => {
    const [p, q, gamma] = logParams.map(Math.exp);
    const { ll, grad } = logLikelihoodWithGradient({ p, q, gamma }, data);
    return { value: -ll / data.total, gradient: [p * grad[0], q * grad[1], gamma * grad[2]].map((g) => -g / data.total) };
  };
  const bfgsOptions = { gradientTolerance: options.gradientTolerance ?? 1e-7, maxIterations: options.maxIterations ?? 500 };
  // Starts put the population mean pγ/(q-1) near the observed mean spend.
  const starts = [
    [0, Math.log(2), Math.log(weightedMean)],
    [Math.log(5), Math.log(4), Math.log((weightedMean * 3) / 5)],
    [Math.log(0.5), Math.log(10), Math.log(weightedMean * 18)],
  ];
  let best: ReturnType<typeof minimizeBfgs> | undefined;
  let iterations = 0;
  for (const start of starts) {
    let result: ReturnType<typeof minimizeBfgs>;
    try {
      result = minimizeBfgs(objective, start, bfgsOptions);
    } catch {
      continue;
    }
    iterations += result.iterations;
    if (!best || result.value < best.value) best = result;
  }
  if (!best) throw new InvalidModelInputError('Gamma-Gamma likelihood is not finite at any starting point; check the spend values');
  const polished = minimizeBfgs(objective, best.x, bfgsOptions);
  iterations += polished.iterations;
  const final = polished.value <= best.value ? polished : best;
  const [p, q, gamma] = final.x.map(Math.exp);
  return {
    params: { p, q, gamma },
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

/** Population mean transaction value E[Z] = pγ / (q - 1); infinite when q <= 1. */
export function gammaGammaPopulationMeanSpend(params: GammaGammaParams): number {
  assertParams(params);
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Number.POSITIVE_INFINITY;
}

/**
 * E[Z | p, q, γ, m_x, x] = p (γ + x m_x) / (p x + q - 1) (F&H 2013 eq. 5): a weighted average of
 * the population mean and the customer's observed mean. With no repeat transactions it is the population mean.
 */
export function gammaGammaConditionalExpectedSpend(params: GammaGammaParams, observation: SpendObservation): number {
  assertParams(params);
  const { frequency: x, meanSpend } = observation;
  if (!Number.isSafeInteger(x) || x < 0) throw new InvalidModelInputError(`frequency must be a non-negative integer (got ${x})`);
  if (x === 0) return gammaGammaPopulationMeanSpend(params);
  if (meanSpend === null || !Number.isFinite(meanSpend) || meanSpend <= 0) {
    throw new InvalidModelInputError(`a repeat customer needs a positive mean spend (got ${meanSpend})`);
  }
  const denominator = params.p * x + params.q - 1;
  if (!(denominator > 0)) return Number.POSITIVE_INFINITY;
  return (params.p * (params.gamma + x * meanSpend)) / denominator;
}
