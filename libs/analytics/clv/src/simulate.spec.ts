/**
 * The simulator the fit-recovery tests and `npm run bench` rely on: its output must follow the
 * BG/NBD and Gamma-Gamma processes it claims to draw from. Checked against closed forms and the
 * published-value-checked BG/NBD probabilities, within four standard errors of 20,000 draws
 * (the draws are seeded, so each check is deterministic).
 */
import { BgNbdParams, bgNbdExpectedPurchases, bgNbdPurchaseProbability } from './bg-nbd';
import { GammaGammaParams } from './gamma-gamma';
import { SimulatedCustomer, simulateCustomers } from './simulate';

const purchase: BgNbdParams = { r: 0.5, alpha: 5, a: 0.8, b: 3 };
const spend: GammaGammaParams = { p: 6, q: 4, gamma: 15 };
const N = 20_000;
const T = 30;

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const standardError = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) / values.length);
};

describe('simulateCustomers', () => {
  // Everyone observed for exactly T: the population quantities of the models apply directly.
  let fixedAge: SimulatedCustomer[];
  beforeAll(() => {
    fixedAge = simulateCustomers({ customers: N, seed: 11, purchase, spend, acquisitionWindow: 0, minimumAge: T, timeGrid: 0 });
  });

  it('draws the asked number of customers, each a consistent (x, t_x, T) row', () => {
    expect(fixedAge).toHaveLength(N);
    const inconsistent = fixedAge.filter(
      (c) =>
        c.age !== T ||
        !(Number.isSafeInteger(c.frequency) && c.frequency >= 0) ||
        (c.frequency === 0 ? c.recency !== 0 || c.meanSpend !== null : !(c.recency > 0 && c.recency <= T && c.meanSpend! > 0)),
    );
    expect(inconsistent).toEqual([]);
  });

  it('has no purchase by T with probability (α/(α+T))^r', () => {
    const share = fixedAge.filter((c) => c.frequency === 0).length / N;
    const expected = (purchase.alpha / (purchase.alpha + T)) ** purchase.r;
    expect(Math.abs(share - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / N));
  });

  it('has the BG/NBD purchase-count distribution P(X(T) = n) (dropout only right after a purchase)', () => {
    for (const n of [1, 2, 3, 5]) {
      const share = fixedAge.filter((c) => c.frequency === n).length / N;
      const expected = bgNbdPurchaseProbability(purchase, T, n);
      expect(Math.abs(share - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / N));
    }
  });

  it('has the mean number of purchases E[X(T)] of BG/NBD', () => {
    const counts = fixedAge.map((c) => c.frequency);
    expect(Math.abs(mean(counts) - bgNbdExpectedPurchases(purchase, T))).toBeLessThan(4 * standardError(counts));
  });

  it('gives repeat customers mean spends whose expectation is the Gamma-Gamma population mean pγ/(q-1)', () => {
    const means = fixedAge.filter((c) => c.frequency > 0).map((c) => c.meanSpend!);
    expect(Math.abs(mean(means) - (spend.p * spend.gamma) / (spend.q - 1))).toBeLessThan(4 * standardError(means));
  });

  it('acquires customers uniformly over the window before the calibration end', () => {
    const customers = simulateCustomers({ customers: N, seed: 3, purchase, spend, acquisitionWindow: 12, minimumAge: 30, timeGrid: 0 });
    const ages = customers.map((c) => c.age);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...ages)).toBeLessThan(42);
    // Uniform on [30, 42): mean 36, standard deviation 12/√12.
    expect(Math.abs(mean(ages) - 36)).toBeLessThan((4 * 12) / Math.sqrt(12 * N));
    expect(customers.filter((c) => c.recency > c.age)).toEqual([]);
  });

  it('rounds times to the grid (whole days in weeks), recency never past age', () => {
    const customers = simulateCustomers({ customers: 5_000, seed: 5, purchase, spend, acquisitionWindow: 12, minimumAge: 27, timeGrid: 1 / 7 });
    const days = (weeks: number) => weeks * 7;
    const offGrid = (weeks: number) => Math.abs(days(weeks) - Math.round(days(weeks))) > 1e-9;
    expect(customers.filter((c) => offGrid(c.age) || offGrid(c.recency) || c.recency > c.age)).toEqual([]);
    // Rounded, not rescaled: ages stay in [27, 39] weeks give or take half a day.
    expect(customers.filter((c) => c.age < 27 - 1 / 14 || c.age > 39 + 1 / 14)).toEqual([]);
    expect(new Set(customers.map((c) => Math.round(days(c.age)))).size).toBeGreaterThan(80); // 27..39 weeks: 85 possible days
  });

  it('is reproducible from its seed, and another seed gives other customers', () => {
    const options = { customers: 200, seed: 99, purchase, spend, acquisitionWindow: 12, minimumAge: 30, timeGrid: 0 };
    expect(simulateCustomers(options)).toEqual(simulateCustomers(options));
    expect(simulateCustomers({ ...options, seed: 100 })).not.toEqual(simulateCustomers(options));
  });
});
