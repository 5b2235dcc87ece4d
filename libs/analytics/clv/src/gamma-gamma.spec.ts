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
