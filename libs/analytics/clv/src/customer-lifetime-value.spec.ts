import { bgNbdConditionalExpectedPurchases, BgNbdParams } from './bg-nbd';
import { customerLifetimeValue } from './customer-lifetime-value';
import { GammaGammaParams, gammaGammaConditionalExpectedSpend } from './gamma-gamma';

const purchase: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const customer = { frequency: 2, recency: 30.43, age: 38.86, meanSpend: 22.35 };

describe('customerLifetimeValue', () => {
  it('without discounting is the expected purchases over the horizon times the expected spend', () => {
    const result = customerLifetimeValue(purchase, spend, customer, { periods: 12, periodLength: 4.345, discountRatePerPeriod: 0 });
    const purchases = bgNbdConditionalExpectedPurchases(purchase, 12 * 4.345, customer);
    const perPurchase = gammaGammaConditionalExpectedSpend(spend, customer);
    expect(result.expectedPurchases).toBeCloseTo(purchases, 12);
    expect(result.value).toBeCloseTo(purchases * perPurchase, 10);
  });

  it('discounts each step’s purchases by (1 + d)^step', () => {
    // One step: everything arrives at the end of step 1, so a 100% rate halves the value (lifetimes' rule).
    const undiscounted = customerLifetimeValue(purchase, spend, customer, { periods: 1, periodLength: 30, discountRatePerPeriod: 0 });
    const halved = customerLifetimeValue(purchase, spend, customer, { periods: 1, periodLength: 30, discountRatePerPeriod: 1 });
    expect(halved.value).toBeCloseTo(undiscounted.value / 2, 12);
    // Two steps: the second step's purchases are divided by 1.1^2.
    const first = bgNbdConditionalExpectedPurchases(purchase, 10, customer);
    const both = bgNbdConditionalExpectedPurchases(purchase, 20, customer);
    const perPurchase = gammaGammaConditionalExpectedSpend(spend, customer);
    const twoSteps = customerLifetimeValue(purchase, spend, customer, { periods: 2, periodLength: 10, discountRatePerPeriod: 0.1 });
    expect(twoSteps.value).toBeCloseTo(perPurchase * (first / 1.1 + (both - first) / 1.21), 12);
  });

  it('values a customer without repeat purchases at the population mean spend', () => {
    const oneTimer = customerLifetimeValue(purchase, spend, { frequency: 0, recency: 0, age: 38.86, meanSpend: null }, { periods: 12, periodLength: 4.345, discountRatePerPeriod: 0.01 });
    expect(oneTimer.expectedSpendPerPurchase).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expect(oneTimer.value).toBeGreaterThan(0);
  });

  it.each([
    [{ periods: 0, periodLength: 1, discountRatePerPeriod: 0 }, /periods/],
    [{ periods: 1.5, periodLength: 1, discountRatePerPeriod: 0 }, /periods/],
    [{ periods: 3, periodLength: 0, discountRatePerPeriod: 0 }, /periodLength/],
    [{ periods: 3, periodLength: 1, discountRatePerPeriod: -1 }, /discountRate/],
  ])('rejects the horizon %p', (horizon, message) => {
    expect(() => customerLifetimeValue(purchase, spend, customer, horizon)).toThrow(message);
  });
});
