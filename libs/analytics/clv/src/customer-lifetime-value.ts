/**
 * Discounted customer lifetime value from BG/NBD (how many purchases) and Gamma-Gamma (how much
 * per purchase). Convention, as lifetimes' `customer_lifetime_value`: the horizon is cut into
 * `periods` steps of `periodLength` model time units; the purchases expected in step i,
 * E[X(i·L) | x, t_x, T] - E[X((i-1)·L) | x, t_x, T], are valued at the expected spend and
 * discounted as received at the end of the step: / (1 + discountRatePerPeriod)^i.
 * The result is in the unit of the spend values (minor units when fed from summarizeRfm).
 */
import { BgNbdParams, bgNbdConditionalExpectedPurchases, InvalidModelInputError } from './bg-nbd';
import { GammaGammaParams, gammaGammaConditionalExpectedSpend } from './gamma-gamma';

export interface ClvHorizon {
  /** Number of steps, e.g. 12 for a year of months. */
  periods: number;
  /** Length of a step in the model's time unit, e.g. 4.345 for a month when the models were fitted in weeks. */
  periodLength: number;
  /** Discount rate per step, e.g. 0.01 for 1% a month. */
  discountRatePerPeriod: number;
}

export interface ClvCustomer {
  frequency: number;
  recency: number;
  age: number;
  meanSpend: number | null;
}

export interface ClvResult {
  /** Discounted value over the horizon. */
  value: number;
  expectedPurchases: number;
  expectedSpendPerPurchase: number;
}

export function customerLifetimeValue(purchase: BgNbdParams, spend: GammaGammaParams, customer: ClvCustomer, horizon: ClvHorizon): ClvResult {
  const { periods, periodLength, discountRatePerPeriod } = horizon;
  if (!Number.isSafeInteger(periods) || periods < 1) throw new InvalidModelInputError(`periods must be a positive integer (got ${periods})`);
  if (!(periodLength > 0)) throw new InvalidModelInputError(`periodLength must be positive (got ${periodLength})`);
  if (!(discountRatePerPeriod > -1 && Number.isFinite(discountRatePerPeriod))) {
    throw new InvalidModelInputError(`discountRatePerPeriod must be greater than -1 (got ${discountRatePerPeriod})`);
  }
  const expectedSpendPerPurchase = gammaGammaConditionalExpectedSpend(spend, { frequency: customer.frequency, meanSpend: customer.meanSpend });
  let value = 0;
  let previous = 0;
  for (let i = 1; i <= periods; i++) {
    const cumulative = bgNbdConditionalExpectedPurchases(purchase, i * periodLength, customer);
    value += ((cumulative - previous) * expectedSpendPerPurchase) / (1 + discountRatePerPeriod) ** i;
    previous = cumulative;
  }
  return { value, expectedPurchases: previous, expectedSpendPerPurchase };
}
