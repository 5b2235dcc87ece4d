/**
 * Quasi-Newton minimisation (BFGS with an inverse-Hessian update and a backtracking
 * Armijo line search). Used by the CLV model fits on log-transformed parameters,
 * where the objective is smooth and the analytic gradient is cheap.
 */
export interface ObjectiveValue {
  value: number;
  gradient: number[];
}

export type Objective = (x: readonly number[]) => ObjectiveValue;

export interface BfgsOptions {
  /** Stop when the largest absolute gradient component is below this. */
  gradientTolerance?: number;
  maxIterations?: number;
}

export interface BfgsResult {
  x: number[];
  value: number;
  gradient: number[];
  iterations: number;
  converged: boolean;
  /** Why the loop ended, for diagnostics. */
  reason: 'gradient-small' | 'no-progress' | 'max-iterations';
}

const ARMIJO_C1 = 1e-4;
const MAX_BACKTRACKS = 40;

export function minimizeBfgs(objective: Objective, start: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 500;
  const n = start.length;
  let x = [...start];
  let current = evaluate(objective, x);
  if (!Number.isFinite(current.value)) {
    throw new Error(`objective is not finite at the starting point [${start.join(', ')}]`);
  }
  let h = identity(n);
  let firstStep = true;

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(current.gradient) < gradientTolerance) {
      return { x, value: current.value, gradient: current.gradient, iterations: iteration, converged: true, reason: 'gradient-small' };
    }
    let direction = matVec(h, current.gradient).map((v) => -v);
    let slope = dot(direction, current.gradient);
    if (!(slope < 0)) {
      // The curvature estimate went bad: fall back to steepest descent.
      h = identity(n);
      direction = current.gradient.map((v) => -v);
      slope = dot(direction, current.gradient);
    }
    let step = 1;
    let next: ObjectiveValue | undefined;
    let candidate: number[] = x;
    for (let k = 0; k < MAX_BACKTRACKS; k++) {
      candidate = x.map((xi, i) => xi + step * direction[i]);
      const trial = evaluate(objective, candidate);
      if (Number.isFinite(trial.value) && trial.value <= current.value + ARMIJO_C1 * step * slope) {
        next = trial;
        break;
      }
      step /= 2;
    }
    if (!next) {
      const converged = maxAbs(current.gradient) < Math.sqrt(gradientTolerance);
      return { x, value: current.value, gradient: current.gradient, iterations: iteration, converged, reason: 'no-progress' };
    }
    const s = candidate.map((ci, i) => ci - x[i]);
    const y = next.gradient.map((gi, i) => gi - current.gradient[i]);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (firstStep) {
        // Scale the initial inverse Hessian to the observed curvature (Nocedal & Wright 6.20).
        h = identity(n).map((row) => row.map((v) => (v * sy) / dot(y, y)));
        firstStep = false;
      }
      h = bfgsUpdate(h, s, y, sy);
    }
    x = candidate;
    current = next;
  }
  const converged = maxAbs(current.gradient) < gradientTolerance;
  return { x, value: current.value, gradient: current.gradient, iterations: maxIterations, converged, reason: converged ? 'gradient-small' : 'max-iterations' };
}

function evaluate(objective: Objective, x: readonly number[]): ObjectiveValue {
  const result = objective(x);
  if (!result.gradient.every(Number.isFinite)) return { value: Number.POSITIVE_INFINITY, gradient: result.gradient };
  return result;
}

/** H+ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy. */
function bfgsUpdate(h: number[][], s: number[], y: number[], sy: number): number[][] {
  const n = s.length;
  const rho = 1 / sy;
  const hy = matVec(h, y);
  const yhy = dot(y, hy);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    out.push([]);
    for (let j = 0; j < n; j++) {
      out[i].push(h[i][j] - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]);
    }
  }
  return out;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function matVec(m: number[][], v: number[]): number[] {
  return m.map((row) => dot(row, v));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(v: readonly number[]): number {
  return v.reduce((m, vi) => Math.max(m, Math.abs(vi)), 0);
}
