import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodGradient,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  BgNbdParams,
  fitBgNbd,
  InvalidModelInputError,
} from './bg-nbd';
import { simulateCustomers } from './simulate';

/** FHL 2005 CDNOW estimates as printed in the paper... */
const PAPER: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** ...and at full precision (CLVTools tests), which lifetimes' E[X(t)] figures were computed with. */
const FULL_PRECISION: BgNbdParams = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
/** Parameters of the BTYD walkthrough (sec. 4.3), whose derived values are in reference_values.json. */
const BTYD: BgNbdParams = { r: 0.2425982, alpha: 4.4136842, a: 0.7929899, b: 2.4261667 };

describe('BG/NBD log-likelihood', () => {
  const unit: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 };

  it('for a customer without repeat purchases is r ln(α / (α + T))', () => {
    expect(bgNbdLogLikelihood(unit, [{ frequency: 0, recency: 0, age: 1 }])).toBeCloseTo(Math.log(0.5), 14);
    expect(bgNbdLogLikelihood({ r: 2, alpha: 3, a: 0.5, b: 4 }, [{ frequency: 0, recency: 0, age: 5 }])).toBeCloseTo(2 * Math.log(3 / 8), 14);
  });

  it('for x=1, t_x=1, T=2 with λ ~ Exp(1), p ~ U(0,1) integrates by hand to 13/72', () => {
    // E[1-p]·E[λ e^{-2λ}] + E[p]·E[λ e^{-λ}] = ½·(1/9) + ½·(1/4)
    expect(bgNbdLogLikelihood(unit, [{ frequency: 1, recency: 1, age: 2 }])).toBeCloseTo(Math.log(13 / 72), 14);
  });

  it('sums over customers, counting identical rows each time', () => {
    const row = { frequency: 1, recency: 1, age: 2 };
    expect(bgNbdLogLikelihood(unit, [row, row, { frequency: 0, recency: 0, age: 1 }])).toBeCloseTo(2 * Math.log(13 / 72) + Math.log(0.5), 13);
  });

  it('has an analytic gradient that matches central finite differences', () => {
    const data = [
      { frequency: 0, recency: 0, age: 10 },
      { frequency: 3, recency: 7.5, age: 12 },
      { frequency: 1, recency: 0.5, age: 4 },
      { frequency: 12, recency: 30, age: 31 },
    ];
    const at: BgNbdParams = { r: 0.7, alpha: 3, a: 1.4, b: 2.2 };
    const gradient = bgNbdLogLikelihoodGradient(at, data);
    (['r', 'alpha', 'a', 'b'] as const).forEach((key, i) => {
      const h = 1e-6 * at[key];
      const numeric = (bgNbdLogLikelihood({ ...at, [key]: at[key] + h }, data) - bgNbdLogLikelihood({ ...at, [key]: at[key] - h }, data)) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 6);
    });
  });

  it.each([
    [{ frequency: -1, recency: 0, age: 1 }, /frequency/],
    [{ frequency: 1.5, recency: 0, age: 1 }, /frequency/],
    [{ frequency: 2, recency: 3, age: 1 }, /recency <= age/],
    [{ frequency: 0, recency: 1, age: 2 }, /recency 0/],
    [{ frequency: 1, recency: Number.NaN, age: 2 }, /recency/],
    [{ frequency: 2, recency: -1, age: 5 }, /0 <= recency <= age/],
    [{ frequency: 1, recency: 1, age: Number.POSITIVE_INFINITY }, /0 <= recency <= age/],
  ])('rejects the impossible observation %p', (row, message) => {
    expect(() => bgNbdLogLikelihood(PAPER, [row])).toThrow(message);
  });

  it('has a finite gradient at b = 1 (the first starting point of the fit) for customers without repeat purchases', () => {
    // Their term has no b + x - 1 denominator: at x = 0 it would be 0 / 0.
    const data = [
      { frequency: 0, recency: 0, age: 10 },
      { frequency: 2, recency: 5, age: 10 },
    ];
    const at: BgNbdParams = { r: 1, alpha: 8, a: 1, b: 1 };
    const gradient = bgNbdLogLikelihoodGradient(at, data);
    expect(gradient.every(Number.isFinite)).toBe(true);
    const h = 1e-6;
    const numeric = (bgNbdLogLikelihood({ ...at, b: 1 + h }, data) - bgNbdLogLikelihood({ ...at, b: 1 - h }, data)) / (2 * h);
    expect(gradient[3]).toBeCloseTo(numeric, 6);
  });

  it('rejects non-positive parameters', () => {
    expect(() => bgNbdLogLikelihood({ ...PAPER, a: 0 }, [])).toThrow(InvalidModelInputError);
  });
});

describe('BG/NBD predictions at the published CDNOW parameters', () => {
  it('expects 1.226 purchases in the next 39 weeks for x=2, t_x=30.43, T=38.86 (FHL 2005)', () => {
    expect(Math.abs(bgNbdConditionalExpectedPurchases(PAPER, 39, { frequency: 2, recency: 30.43, age: 38.86 }) - 1.226)).toBeLessThanOrEqual(0.001);
  });

  it.each([
    [0.1429, 0.0078],
    [1, 0.0532],
    [3, 0.1506],
    [31.8571, 1.0405],
    [32, 1.0437],
    [78, 1.8576],
  ])('gives E[X(%p)] = %p for a new customer (lifetimes, 3 decimals)', (t, expected) => {
    expect(Math.abs(bgNbdExpectedPurchases(FULL_PRECISION, t) - expected)).toBeLessThan(0.0005);
  });

  it('gives the published purchase-count probabilities P(X(t) = n)', () => {
    expect(bgNbdPurchaseProbability(PAPER, 39, 0)).toBeCloseTo(0.5737864, 6);
    expect(bgNbdPurchaseProbability(PAPER, 2, 10) / 1.07869e-7).toBeCloseTo(1, 4);
    const p30 = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    p30.forEach((expected, i) => expect(bgNbdPurchaseProbability(PAPER, 30, 11 + i) / expected).toBeCloseTo(1, 6));
  });

  it('reproduces the BTYD walkthrough: E[X(52)], customer 1516 and the "increasing frequency paradox"', () => {
    const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);
    expect(relative(bgNbdExpectedPurchases(BTYD, 52), 1.444004)).toBeLessThan(5e-6);
    const customer1516 = { frequency: 26, recency: 30.85714, age: 31 };
    expect(relative(bgNbdConditionalExpectedPurchases(BTYD, 52, customer1516), 25.75659)).toBeLessThan(5e-6);
    expect(relative(bgNbdProbabilityAlive(BTYD, customer1516), 0.9688523)).toBeLessThan(5e-6);
    const paradox = [0.3474606, 0.04283391, 0.004158973, 0.0003583685];
    [10, 15, 20, 25].forEach((x, i) => {
      expect(relative(bgNbdConditionalExpectedPurchases(BTYD, 52, { frequency: x, recency: 20, age: 39 }), paradox[i])).toBeLessThan(1e-5);
    });
  });
});

describe('BG/NBD prediction identities', () => {
  const params: BgNbdParams = { r: 0.8, alpha: 6, a: 1.7, b: 3.1 };

  it('probabilities of X(t) = n sum to 1 and have mean E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const probability = bgNbdPurchaseProbability(params, 20, n);
      total += probability;
      mean += n * probability;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(bgNbdExpectedPurchases(params, 20), 8);
  });

  it('for a customer just acquired, the conditional expectation is the unconditional one', () => {
    expect(bgNbdConditionalExpectedPurchases(params, 13, { frequency: 0, recency: 0, age: 0 })).toBeCloseTo(bgNbdExpectedPurchases(params, 13), 12);
  });

  it('treats a customer without repeat purchases as certainly alive, and a long-silent frequent buyer as probably gone', () => {
    expect(bgNbdProbabilityAlive(params, { frequency: 0, recency: 0, age: 50 })).toBe(1);
    const recent = bgNbdProbabilityAlive(params, { frequency: 10, recency: 49, age: 50 });
    const silent = bgNbdProbabilityAlive(params, { frequency: 10, recency: 5, age: 50 });
    expect(silent).toBeLessThan(0.01);
    expect(recent).toBeGreaterThan(0.8);
  });

  it('expects nothing over a zero horizon and more over a longer one', () => {
    const customer = { frequency: 3, recency: 20, age: 30 };
    expect(bgNbdConditionalExpectedPurchases(params, 0, customer)).toBe(0);
    expect(bgNbdConditionalExpectedPurchases(params, 20, customer)).toBeGreaterThan(bgNbdConditionalExpectedPurchases(params, 10, customer));
  });

  describe('at a = 1, where eqs. 9 and 10 are 0/0', () => {
    const atPole: BgNbdParams = { ...params, a: 1 };

    it('gives the mean of the purchase-count distribution as E[X(t)], not NaN', () => {
      let mean = 0;
      for (let n = 0; n < 400; n++) mean += n * bgNbdPurchaseProbability(atPole, 20, n);
      expect(bgNbdExpectedPurchases(atPole, 20)).toBeCloseTo(mean, 6);
    });

    it('keeps the conditional expectation continuous in a for a repeat buyer', () => {
      const customer = { frequency: 4, recency: 18, age: 30 };
      const at = (a: number) => bgNbdConditionalExpectedPurchases({ ...params, a }, 26, customer);
      expect(Number.isFinite(at(1))).toBe(true);
      // The midpoint of a = 1 ± 0.001 (closed form, no interpolation) is within f″h²/2 ≈ 6e-7 of f(1).
      expect(at(1)).toBeCloseTo((at(0.999) + at(1.001)) / 2, 5);
      expect(at(1 + 1e-9)).toBeCloseTo(at(1), 7);
    });

    it('stays defined near a = 1 however small b is (the hypergeometric c = a + b - 1 kept positive)', () => {
      const tinyB: BgNbdParams = { ...params, a: 1 - 5e-5, b: 1e-5 };
      expect(Number.isFinite(bgNbdExpectedPurchases(tinyB, 20))).toBe(true);
      expect(Number.isFinite(bgNbdConditionalExpectedPurchases(tinyB, 20, { frequency: 2, recency: 10, age: 30 }))).toBe(true);
    });
  });

  it('rejects a negative horizon', () => {
    expect(() => bgNbdExpectedPurchases(params, -1)).toThrow(/horizon/);
  });
});

describe('fitBgNbd', () => {
  it('recovers the parameters of 20,000 simulated customers', () => {
    const truth: BgNbdParams = { r: 0.5, alpha: 5, a: 0.8, b: 3 };
    const customers = simulateCustomers({
      customers: 20_000,
      seed: 42,
      purchase: truth,
      spend: { p: 6, q: 4, gamma: 15 },
      acquisitionWindow: 12,
      minimumAge: 30,
      timeGrid: 0,
    });
    const fit = fitBgNbd(customers);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.customers).toBe(20_000);
    // Sampling error at n = 20,000 is a few percent (r, α) to ~10% (a, b).
    expect(fit.params.r / truth.r).toBeCloseTo(1, 1);
    expect(fit.params.alpha / truth.alpha).toBeCloseTo(1, 1);
    expect(Math.abs(fit.params.a / truth.a - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.params.b / truth.b - 1)).toBeLessThan(0.15);
    // The optimum is a maximum: moving any parameter lowers the likelihood.
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(bgNbdLogLikelihood({ ...fit.params, [key]: fit.params[key] * 1.01 }, customers)).toBeLessThan(fit.diagnostics.logLikelihood);
    }
  });

  it('refuses to fit zero customers', () => {
    expect(() => fitBgNbd([])).toThrow(/zero customers/);
  });
});

describe('BG/NBD predictions: edges and refusals', () => {
  const params: BgNbdParams = { r: 0.8, alpha: 6, a: 1.7, b: 3.1 };

  it('at t = 0 a new customer has made no purchase: P(X(0) = 0) = 1, P(X(0) = n) = 0 for n > 0', () => {
    expect(bgNbdPurchaseProbability(params, 0, 0)).toBe(1);
    expect(bgNbdPurchaseProbability(params, 0, 1)).toBe(0);
    expect(bgNbdPurchaseProbability(params, 0, 3)).toBe(0);
  });

  it('expects nothing over a zero horizon, also at a = 1 where the closed forms are 0/0', () => {
    const customer = { frequency: 3, recency: 20, age: 30 };
    for (const at of [params, { ...params, a: 1 }]) {
      expect(bgNbdExpectedPurchases(at, 0)).toBe(0);
      expect(bgNbdConditionalExpectedPurchases(at, 0, customer)).toBe(0);
    }
  });

  it.each([
    ['r', { ...PAPER, r: 0 }],
    ['alpha', { ...PAPER, alpha: 0 }],
    ['a', { ...PAPER, a: -1 }],
    ['b', { ...PAPER, b: 0 }],
    ['b', { ...PAPER, b: Number.NaN }],
  ])('every prediction refuses a non-positive or missing %s', (_name, bad) => {
    const customer = { frequency: 2, recency: 10, age: 20 };
    const message = /BG\/NBD parameters must all be positive/;
    expect(() => bgNbdProbabilityAlive(bad, customer)).toThrow(message);
    expect(() => bgNbdConditionalExpectedPurchases(bad, 10, customer)).toThrow(message);
    expect(() => bgNbdExpectedPurchases(bad, 10)).toThrow(message);
    expect(() => bgNbdPurchaseProbability(bad, 10, 1)).toThrow(message);
    expect(() => bgNbdLogLikelihoodGradient(bad, [customer])).toThrow(message);
  });

  it.each([-1, Number.NaN])('every prediction refuses the horizon %p', (t) => {
    const customer = { frequency: 2, recency: 10, age: 20 };
    expect(() => bgNbdConditionalExpectedPurchases(params, t, customer)).toThrow(`horizon t must be >= 0 (got ${t})`);
    expect(() => bgNbdExpectedPurchases(params, t)).toThrow(`horizon t must be >= 0 (got ${t})`);
    expect(() => bgNbdPurchaseProbability(params, t, 1)).toThrow(`horizon t must be >= 0 (got ${t})`);
  });

  it.each([-1, 1.5])('refuses the purchase count n = %p', (n) => {
    expect(() => bgNbdPurchaseProbability(params, 10, n)).toThrow(`n must be a non-negative integer (got ${n})`);
  });

  it('validates the customer it predicts for', () => {
    expect(() => bgNbdProbabilityAlive(params, { frequency: 2, recency: 30, age: 20 })).toThrow(/recency <= age/);
    expect(() => bgNbdConditionalExpectedPurchases(params, 10, { frequency: -1, recency: 0, age: 20 })).toThrow(/frequency/);
  });
});

describe('BG/NBD inputs and fit diagnostics', () => {
  it('rejects a repeat customer observed for no time at all (x > 0 needs T > 0)', () => {
    expect(() => bgNbdLogLikelihood(PAPER, [{ frequency: 1, recency: 0, age: 0 }])).toThrow('row 0: a repeat customer must have age > 0');
  });

  describe('honours the caller\'s stopping rules', () => {
    const customers = simulateCustomers({ customers: 500, seed: 9, purchase: { r: 0.5, alpha: 5, a: 0.8, b: 3 }, spend: { p: 6, q: 4, gamma: 15 }, acquisitionWindow: 12, minimumAge: 30, timeGrid: 1 / 7 });

    it('a fit cut short by maxIterations says that it did not converge, and counts the iterations of all its runs', () => {
      const full = fitBgNbd(customers);
      expect(full.diagnostics.converged).toBe(true);
      const cut = fitBgNbd(customers, { maxIterations: 2 });
      expect(cut.diagnostics.converged).toBe(false);
      // Three starts and the confirming restart, each stopped after two iterations.
      expect(cut.diagnostics.iterations).toBe(8);
      expect(cut.diagnostics.logLikelihood).toBeLessThan(full.diagnostics.logLikelihood);
    });

    it('a loose gradientTolerance stops sooner than a tight one', () => {
      const loose = fitBgNbd(customers, { gradientTolerance: 1e-2 });
      expect(loose.diagnostics.iterations).toBeLessThan(fitBgNbd(customers, { gradientTolerance: 1e-7 }).diagnostics.iterations);
    });
  });

  it('reports what the fit did: customers, distinct rows, iterations, time, and the likelihood at the answer', () => {
    // Whole days in weeks, as real data: many customers share a row.
    const customers = simulateCustomers({
      customers: 2_000,
      seed: 8,
      purchase: { r: 0.5, alpha: 5, a: 0.8, b: 3 },
      spend: { p: 6, q: 4, gamma: 15 },
      acquisitionWindow: 12,
      minimumAge: 30,
      timeGrid: 1 / 7,
    });
    const started = performance.now();
    const fit = fitBgNbd(customers);
    const elapsed = performance.now() - started;
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.customers).toBe(2_000);
    expect(fit.diagnostics.distinctRows).toBe(new Set(customers.map((c) => `${c.frequency}|${c.recency}|${c.age}`)).size);
    expect(fit.diagnostics.distinctRows).toBeLessThan(2_000);
    expect(Number.isSafeInteger(fit.diagnostics.iterations) && fit.diagnostics.iterations > 0).toBe(true);
    expect(fit.diagnostics.fitTimeMs).toBeGreaterThan(0);
    expect(fit.diagnostics.fitTimeMs).toBeLessThanOrEqual(elapsed);
    expect(fit.diagnostics.logLikelihood / bgNbdLogLikelihood(fit.params, customers)).toBeCloseTo(1, 12);
  });
});
