import {
  fitGammaGamma,
  gammaGammaConditionalExpectedSpend,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoodGradient,
  GammaGammaParams,
  gammaGammaPopulationMeanSpend,
} from './gamma-gamma';
import { simulateCustomers } from './simulate';

describe('Gamma-Gamma log-likelihood', () => {
  it('for one purchase of 1 with ν ~ Exp(1) is the density 1/(1+z)^2 = 1/4', () => {
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, gamma: 1 }, [{ frequency: 1, meanSpend: 1 }])).toBeCloseTo(Math.log(1 / 4), 14);
  });

  it('for a mean of 1.5 over two exponential purchases with ν ~ Gamma(2, 1) is 36/256 (by hand: 2 · s · 6 / (1+s)^4 at s = 3)', () => {
    expect(gammaGammaLogLikelihood({ p: 1, q: 2, gamma: 1 }, [{ frequency: 2, meanSpend: 1.5 }])).toBeCloseTo(Math.log(36 / 256), 14);
  });

  it('ignores customers without repeat purchases', () => {
    const params = { p: 1, q: 1, gamma: 1 };
    expect(gammaGammaLogLikelihood(params, [{ frequency: 1, meanSpend: 1 }, { frequency: 0, meanSpend: null }])).toBeCloseTo(Math.log(1 / 4), 14);
  });

  it('has an analytic gradient that matches central finite differences', () => {
    const data = [
      { frequency: 1, meanSpend: 12 },
      { frequency: 4, meanSpend: 30.5 },
      { frequency: 9, meanSpend: 8.25 },
    ];
    const at: GammaGammaParams = { p: 3, q: 2.5, gamma: 20 };
    const gradient = gammaGammaLogLikelihoodGradient(at, data);
    (['p', 'q', 'gamma'] as const).forEach((key, i) => {
      const h = 1e-6 * at[key];
      const numeric = (gammaGammaLogLikelihood({ ...at, [key]: at[key] + h }, data) - gammaGammaLogLikelihood({ ...at, [key]: at[key] - h }, data)) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 6);
    });
  });

  it.each([0, -5, null, Number.NaN])('rejects a repeat customer with mean spend %p', (meanSpend) => {
    expect(() => gammaGammaLogLikelihood({ p: 1, q: 1, gamma: 1 }, [{ frequency: 2, meanSpend }])).toThrow(/positive mean spend/);
  });
});

describe('Gamma-Gamma expected spend', () => {
  const params: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

  it('shrinks the observed mean towards the population mean pγ/(q-1), less so with more purchases', () => {
    const population = gammaGammaPopulationMeanSpend(params);
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    // p (γ + x m) / (p x + q - 1), hand-evaluated for x = 1, m = 100: 6.25 · 115.44 / 8.99
    expect(gammaGammaConditionalExpectedSpend(params, { frequency: 1, meanSpend: 100 })).toBeCloseTo((6.25 * 115.44) / 8.99, 10);
    const few = gammaGammaConditionalExpectedSpend(params, { frequency: 1, meanSpend: 100 });
    const many = gammaGammaConditionalExpectedSpend(params, { frequency: 20, meanSpend: 100 });
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
    expect(gammaGammaConditionalExpectedSpend(params, { frequency: 0, meanSpend: null })).toBe(population);
  });

  it('scales with the currency unit (minor units multiply γ and the expectations by 100)', () => {
    const inCents = gammaGammaConditionalExpectedSpend({ ...params, gamma: 1544 }, { frequency: 3, meanSpend: 2500 });
    expect(inCents / 100).toBeCloseTo(gammaGammaConditionalExpectedSpend(params, { frequency: 3, meanSpend: 25 }), 10);
  });
});

describe('fitGammaGamma', () => {
  it('recovers the spend parameters of simulated repeat customers', () => {
    const truth: GammaGammaParams = { p: 6, q: 4, gamma: 15 };
    const customers = simulateCustomers({
      customers: 20_000,
      seed: 7,
      purchase: { r: 1, alpha: 4, a: 0.8, b: 3 },
      spend: truth,
      acquisitionWindow: 12,
      minimumAge: 30,
      timeGrid: 0,
    });
    const fit = fitGammaGamma(customers);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.customers).toBe(customers.filter((c) => c.frequency > 0).length);
    // p is well identified; q and γ trade off, but the population mean pγ/(q-1) is pinned down.
    expect(Math.abs(fit.params.p / truth.p - 1)).toBeLessThan(0.05);
    expect(Math.abs(gammaGammaPopulationMeanSpend(fit.params) / gammaGammaPopulationMeanSpend(truth) - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.params.q / truth.q - 1)).toBeLessThan(0.2);
  });

  it('refuses to fit without repeat customers', () => {
    expect(() => fitGammaGamma([{ frequency: 0, meanSpend: null }])).toThrow(/repeat transactions/);
  });
});

describe('Gamma-Gamma where the expectations do not exist', () => {
  // E[Z] = p E[1/ν] with ν ~ Gamma(q, γ): E[1/ν] = γ/(q-1) for q > 1, infinite for q <= 1; given a
  // customer's purchases ν ~ Gamma(px + q, γ + x m), so the same holds for px + q <= 1.
  it('has an infinite population mean spend for q <= 1', () => {
    expect(gammaGammaPopulationMeanSpend({ p: 2, q: 1, gamma: 10 })).toBe(Number.POSITIVE_INFINITY);
    expect(gammaGammaPopulationMeanSpend({ p: 2, q: 0.5, gamma: 10 })).toBe(Number.POSITIVE_INFINITY);
    expect(gammaGammaConditionalExpectedSpend({ p: 2, q: 0.5, gamma: 10 }, { frequency: 0, meanSpend: null })).toBe(Number.POSITIVE_INFINITY);
  });

  it('has an infinite conditional expected spend when px + q <= 1', () => {
    expect(gammaGammaConditionalExpectedSpend({ p: 0.2, q: 0.5, gamma: 10 }, { frequency: 1, meanSpend: 20 })).toBe(Number.POSITIVE_INFINITY);
    expect(gammaGammaConditionalExpectedSpend({ p: 0.5, q: 0.5, gamma: 10 }, { frequency: 1, meanSpend: 20 })).toBe(Number.POSITIVE_INFINITY);
    // Just above the edge it is finite: 0.3 (10 + 20) / 0.1 = 90.
    expect(gammaGammaConditionalExpectedSpend({ p: 0.3, q: 0.8, gamma: 10 }, { frequency: 1, meanSpend: 20 })).toBeCloseTo(90, 9);
  });
});

describe('Gamma-Gamma inputs', () => {
  it.each([-1, 1.5, Number.NaN])('refuses the frequency %p, in the likelihood and in the expectation', (frequency) => {
    expect(() => gammaGammaLogLikelihood({ p: 1, q: 1, gamma: 1 }, [{ frequency, meanSpend: 10 }])).toThrow(`row 0: frequency must be a non-negative integer (got ${frequency})`);
    expect(() => gammaGammaConditionalExpectedSpend({ p: 1, q: 2, gamma: 1 }, { frequency, meanSpend: 10 })).toThrow(`frequency must be a non-negative integer (got ${frequency})`);
  });

  it.each([0, -5, null, Number.NaN, Number.POSITIVE_INFINITY])('refuses a repeat customer with mean spend %p in the expectation', (meanSpend) => {
    expect(() => gammaGammaConditionalExpectedSpend({ p: 1, q: 2, gamma: 1 }, { frequency: 2, meanSpend })).toThrow(`a repeat customer needs a positive mean spend (got ${meanSpend})`);
  });

  it('refuses non-positive parameters', () => {
    for (const params of [{ p: 0, q: 1, gamma: 1 }, { p: 1, q: 0, gamma: 1 }, { p: 1, q: 1, gamma: 0 }]) {
      expect(() => gammaGammaPopulationMeanSpend(params)).toThrow('Gamma-Gamma parameters must all be positive');
    }
  });
});

describe('fitGammaGamma diagnostics', () => {
  it('counts each customer, collapses identical rows, and reports iterations, time and the likelihood at the answer', () => {
    const simulated = simulateCustomers({
      customers: 3_000,
      seed: 21,
      purchase: { r: 1, alpha: 4, a: 0.8, b: 3 },
      spend: { p: 6, q: 4, gamma: 15 },
      acquisitionWindow: 12,
      minimumAge: 30,
      timeGrid: 0,
    });
    const once = fitGammaGamma(simulated);
    const started = performance.now();
    const twice = fitGammaGamma([...simulated, ...simulated]);
    const elapsed = performance.now() - started;
    const repeaters = simulated.filter((c) => c.frequency > 0);
    expect(twice.diagnostics.customers).toBe(2 * repeaters.length);
    expect(twice.diagnostics.distinctRows).toBe(new Set(repeaters.map((c) => `${c.frequency}|${c.meanSpend}`)).size);
    // Every customer twice: the same estimates, twice the log-likelihood.
    expect(twice.params.p / once.params.p).toBeCloseTo(1, 5);
    expect(twice.params.q / once.params.q).toBeCloseTo(1, 5);
    expect(twice.params.gamma / once.params.gamma).toBeCloseTo(1, 5);
    expect(twice.diagnostics.logLikelihood / once.diagnostics.logLikelihood).toBeCloseTo(2, 9);
    expect(once.diagnostics.logLikelihood / gammaGammaLogLikelihood(once.params, simulated)).toBeCloseTo(1, 12);
    expect(Number.isSafeInteger(twice.diagnostics.iterations) && twice.diagnostics.iterations > 0).toBe(true);
    expect(twice.diagnostics.fitTimeMs).toBeGreaterThan(0);
    expect(twice.diagnostics.fitTimeMs).toBeLessThanOrEqual(elapsed);
  });
});
