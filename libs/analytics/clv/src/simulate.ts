/**
 * Seeded simulation of customers from the BG/NBD purchase process and the Gamma-Gamma spend
 * process, to check that the fits recover known parameters (tests and `npm run bench`) and for what-if studies.
 */
import exponentialFactory from '@stdlib/random-base-exponential';
import gammaFactory from '@stdlib/random-base-gamma';
import mt19937 from '@stdlib/random-base-mt19937';
import { BgNbdParams } from './bg-nbd';
import { GammaGammaParams } from './gamma-gamma';

export interface SimulatedCustomer {
  frequency: number;
  recency: number;
  age: number;
  /** Mean repeat spend; null when frequency is 0. */
  meanSpend: number | null;
}

export interface SimulationOptions {
  customers: number;
  seed: number;
  purchase: BgNbdParams;
  spend: GammaGammaParams;
  /** Acquisition is uniform over [0, acquisitionWindow) before the calibration end... */
  acquisitionWindow: number;
  /** ...and every customer is observed for at least this long. */
  minimumAge: number;
  /** Times are rounded to this grid (e.g. 1/7 for whole days in weeks), as real data is; 0 keeps them continuous. */
  timeGrid: number;
}

export function simulateCustomers(options: SimulationOptions): SimulatedCustomer[] {
  // The generator has .normalized() (uniform on [0,1)) at run time; its type declaration omits it.
  const uniform = (mt19937.factory({ seed: options.seed }) as unknown as { normalized: () => number }).normalized;
  const gamma = gammaFactory.factory({ prng: uniform });
  const exponential = exponentialFactory.factory({ prng: uniform });
  const { r, alpha, a, b } = options.purchase;
  const { p, q, gamma: spendScale } = options.spend;
  const round = (t: number) => (options.timeGrid > 0 ? Math.round(t / options.timeGrid) * options.timeGrid : t);
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const age = round(options.minimumAge + uniform() * options.acquisitionWindow);
    const lambda = gamma(r, alpha);
    const g1 = gamma(a, 1);
    const dropout = g1 / (g1 + gamma(b, 1));
    const nu = gamma(q, spendScale);
    let t = 0;
    let frequency = 0;
    let recency = 0;
    let spendTotal = 0;
    for (;;) {
      t += exponential(lambda);
      if (t > age) break;
      frequency++;
      recency = t;
      spendTotal += gamma(p, nu);
      if (uniform() < dropout) break; // BG/NBD: dropout only right after a repeat purchase
    }
    out.push({ frequency, recency: Math.min(round(recency), age), age, meanSpend: frequency > 0 ? spendTotal / frequency : null });
  }
  return out;
}
