import { minimizeBfgs, Objective } from './bfgs';

const rosenbrock: Objective = ([x, y]) => ({
  value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
});

describe('minimizeBfgs', () => {
  it('finds the minimum (1, 1) of the Rosenbrock valley from the classic start (-1.2, 1)', () => {
    const result = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it('solves a badly scaled quadratic exactly', () => {
    // f = 0.5 (1000 (x-3)^2 + 0.001 (y+2)^2): condition number 1e6.
    const quadratic: Objective = ([x, y]) => ({
      value: 0.5 * (1000 * (x - 3) ** 2 + 0.001 * (y + 2) ** 2),
      gradient: [1000 * (x - 3), 0.001 * (y + 2)],
    });
    const result = minimizeBfgs(quadratic, [0, 0], { gradientTolerance: 1e-12 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(3, 8);
    expect(result.x[1]).toBeCloseTo(-2, 6);
  });

  it('backs off from regions where the objective is not finite', () => {
    // -log(x) + x has its minimum at x = 1 and is undefined for x <= 0; a full step from 0.1 overshoots into it.
    const barrier: Objective = ([x]) => ({ value: x > 0 ? x - Math.log(x) : Number.NaN, gradient: [1 - 1 / x] });
    const result = minimizeBfgs(barrier, [0.1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
  });

  it('reports non-convergence when the iteration budget runs out', () => {
    const result = minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.reason).toBe('max-iterations');
    expect(result.iterations).toBe(3);
  });

  it('rejects a starting point where the objective is undefined', () => {
    const barrier: Objective = ([x]) => ({ value: x > 0 ? -Math.log(x) : Number.NaN, gradient: [-1 / x] });
    expect(() => minimizeBfgs(barrier, [-1])).toThrow(/not finite at the starting point/);
  });
});
