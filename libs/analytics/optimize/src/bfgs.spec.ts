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
    expect(result.reason).toBe('gradient-small');
    // scipy's BFGS needs about 30 iterations from this start; a quasi-Newton method that needs hundreds is broken.
    expect(result.iterations).toBeLessThan(100);
  });

  it('converges on a 4-dimensional quadratic with curvatures 1 to 1000', () => {
    const curvature = [1, 10, 100, 1000];
    const bowl: Objective = (x) => ({
      value: x.reduce((sum, xi, i) => sum + 0.5 * curvature[i] * (xi - 1) ** 2, 0),
      gradient: x.map((xi, i) => curvature[i] * (xi - 1)),
    });
    const result = minimizeBfgs(bowl, [0, 0, 0, 0]);
    expect(result.converged).toBe(true);
    result.x.forEach((xi) => expect(xi).toBeCloseTo(1, 6));
  });

  it('only accepts a step that lowers the objective enough (Armijo): a full step that overshoots uphill is halved', () => {
    // f = ½·2.0001·x² from 1: the full steepest-descent step lands at -1.0001, slightly higher than the start.
    const steep: Objective = ([x]) => ({ value: 0.5 * 2.0001 * x * x, gradient: [2.0001 * x] });
    const result = minimizeBfgs(steep, [1], { maxIterations: 1 });
    expect(result.value).toBeLessThan(1e-6);
  });

  it('refuses a step to a point where the gradient is not finite, even when the value there is lower', () => {
    // The x-derivative is NaN on 1.5 < x < 2.5, where the first full step from (3, 3) lands.
    const holed: Objective = ([x, y]) => ({
      value: 0.25 * (x - 1) ** 2 + 0.25 * (y - 1) ** 2,
      gradient: [x > 1.5 && x < 2.5 ? Number.NaN : 0.5 * (x - 1), 0.5 * (y - 1)],
    });
    const result = minimizeBfgs(holed, [3, 3]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
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

  it('with a budget of 0 iterations evaluates the start only; a step that reaches the minimum on the last allowed iteration is converged', () => {
    expect(minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 0 })).toMatchObject({ x: [-1.2, 1], iterations: 0, converged: false, reason: 'max-iterations' });
    const bowl: Objective = ([x]) => ({ value: 0.5 * x * x, gradient: [x] });
    expect(minimizeBfgs(bowl, [1], { maxIterations: 1 })).toMatchObject({ x: [0], iterations: 1, converged: true, reason: 'gradient-small' });
  });

  it('stops with no-progress when no step along the search direction lowers the objective, converged only if the gradient is already near 0', () => {
    // The gradient has the wrong sign (as a bug or noise in a likelihood's gradient would give): every trial step goes uphill.
    const misleading: Objective = ([x]) => ({ value: (x - 1) ** 2, gradient: [-2 * (x - 1)] });
    expect(minimizeBfgs(misleading, [0])).toMatchObject({ x: [0], value: 1, iterations: 0, converged: false, reason: 'no-progress' });
    // Within √(gradientTolerance) of a zero gradient, "cannot improve" is the floating-point floor: converged.
    expect(minimizeBfgs(misleading, [1 + 1e-6])).toMatchObject({ converged: true, reason: 'no-progress' });
  });

  it('rejects a starting point where the objective is undefined, naming it', () => {
    const barrier: Objective = ([x]) => ({ value: x > 0 ? -Math.log(x) : Number.NaN, gradient: [-1 / x] });
    expect(() => minimizeBfgs(barrier, [-1])).toThrow(/not finite at the starting point/);
    const plane: Objective = ([x, y]) => ({ value: x > 0 ? x + y : Number.NaN, gradient: [1, 1] });
    expect(() => minimizeBfgs(plane, [-1, 2])).toThrow('objective is not finite at the starting point [-1, 2]');
  });
});
