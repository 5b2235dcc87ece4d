import { benchClvFit } from './clv-fit';

describe('benchClvFit', () => {
  it('fits 100,000 simulated customers and recovers the true parameters', async () => {
    const report = (await benchClvFit()) as {
      simulated: { customers: number; bgNbd: { truth: Record<string, number>; fitted: Record<string, number>; converged: boolean }; gammaGamma: { converged: boolean; fitted: { p: number }; truth: { p: number } } };
    };
    expect(report.simulated.customers).toBe(100_000);
    expect(report.simulated.bgNbd.converged).toBe(true);
    expect(report.simulated.gammaGamma.converged).toBe(true);
    for (const key of ['r', 'alpha']) {
      expect(Math.abs(report.simulated.bgNbd.fitted[key] / report.simulated.bgNbd.truth[key] - 1)).toBeLessThan(0.05);
    }
    expect(Math.abs(report.simulated.gammaGamma.fitted.p / report.simulated.gammaGamma.truth.p - 1)).toBeLessThan(0.05);
  });
});
