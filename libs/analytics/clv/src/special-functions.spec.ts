import stdlibHyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { digamma, hyp2f1, logAddExp } from './special-functions';

const EULER_GAMMA = 0.5772156649015329;

describe('digamma', () => {
  it.each([
    [1, -EULER_GAMMA],
    [0.5, -EULER_GAMMA - 2 * Math.LN2],
    [2, 1 - EULER_GAMMA],
    [10, 2.251752589066721],
    [0.1, -10.423754940411076],
  ])('ψ(%p) = %p', (x, expected) => {
    expect(digamma(x)).toBeCloseTo(expected, 13);
  });

  it('satisfies ψ(x+1) = ψ(x) + 1/x across scales', () => {
    for (const x of [0.013, 0.7, 3.3, 57.2, 1234.5]) {
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 12);
    }
  });

  it('rejects non-positive arguments', () => {
    expect(() => digamma(0)).toThrow(RangeError);
    expect(() => digamma(-2.5)).toThrow('digamma is only implemented for x > 0 (got -2.5)');
  });
});

describe('logAddExp', () => {
  it('adds in log space without overflow', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, -5)).toBe(-5);
  });

  it('does not overflow whichever argument is the larger, and log(0 + 0) is -∞', () => {
    expect(logAddExp(1000, 0)).toBeCloseTo(1000, 12);
    expect(logAddExp(0, 1000)).toBeCloseTo(1000, 12);
    expect(logAddExp(-5, Number.NEGATIVE_INFINITY)).toBe(-5);
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('hyp2f1 series', () => {
  it('matches closed forms', () => {
    // 2F1(1,1;2;z) = -ln(1-z)/z ; 2F1(a,b;b;z) = (1-z)^-a
    for (const z of [0.01, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      expect(hyp2f1(0.3, 2.5, 2.5, z) / (1 - z) ** -0.3).toBeCloseTo(1, 12);
    }
  });

  it('agrees with the independent @stdlib (Cephes) implementation over the BG/NBD region', () => {
    // Parameters as in E[X(t)|x,t_x,T]: (r+x, b+x; a+b+x-1; t/(α+T+t)), for r, a, b around CDNOW's fit.
    for (const [r, a, b] of [[0.243, 0.793, 2.426], [1.5, 3, 0.4], [0.05, 1.2, 8]]) {
      for (const x of [0, 1, 5, 30]) {
        for (const z of [0.05, 0.4, 0.7, 0.95]) {
          const mine = hyp2f1(r + x, b + x, a + b + x - 1, z);
          const theirs = stdlibHyp2f1(r + x, b + x, a + b + x - 1, z);
          expect(Math.abs(mine - theirs) / theirs).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('is 1 at z = 0 (the first term of the series), the edge of the region it accepts', () => {
    expect(hyp2f1(2.5, 0.3, 1.7, 0)).toBe(1);
  });

  it('refuses arguments outside the implemented region instead of returning garbage', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(-1, 1, 2, 0.5)).toThrow(RangeError);
    // Negative parameters or z make terms of both signs, where the stopping rule (a positive,
    // eventually geometric tail) does not hold; c = 0 is a pole.
    expect(() => hyp2f1(1, -0.5, 2, 0.5)).toThrow('hyp2f1 needs a, b, c > 0 (got 1, -0.5, 2)');
    expect(() => hyp2f1(1, 1, 0, 0.5)).toThrow('hyp2f1 needs a, b, c > 0 (got 1, 1, 0)');
    expect(() => hyp2f1(1, 1, -1.5, 0.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, -0.5)).toThrow('hyp2f1 needs 0 <= z < 1 (got -0.5)');
  });

  it('gives up with an error, not a truncated sum, when z is too close to 1 for the series', () => {
    // About 35 / (1 - z) terms would be needed: far more than the million it allows.
    expect(() => hyp2f1(1, 1, 2, 1 - 1e-9)).toThrow('hyp2f1(1, 1; 2; 0.999999999) did not converge in 1000000 terms');
  });
});
