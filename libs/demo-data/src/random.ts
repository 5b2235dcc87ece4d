import exponentialFactory from '@stdlib/random-base-exponential';
import gammaFactory from '@stdlib/random-base-gamma';
import mt19937 from '@stdlib/random-base-mt19937';
import poissonFactory from '@stdlib/random-base-poisson';

/**
 * One seeded source of randomness. Seeded by a list of integers (e.g. [seed, customer index])
 * so that every customer gets its own stream: a customer's history then depends only on the
 * seed and its index, not on how many customers came before it.
 */
export class SeededRandom {
  /** Uniform on [0, 1). */
  readonly uniform: () => number;
  private readonly gammaDraw: (shape: number, rate: number) => number;
  private readonly exponentialDraw: (rate: number) => number;
  private readonly poissonDraw: (mean: number) => number;

  constructor(seed: readonly number[]) {
    // The generator has .normalized() (uniform on [0,1)) at run time; its type declaration omits it.
    const generator = mt19937.factory({ seed: Uint32Array.from(seed) }) as unknown as { normalized: () => number };
    this.uniform = generator.normalized;
    this.gammaDraw = gammaFactory.factory({ prng: this.uniform });
    this.exponentialDraw = exponentialFactory.factory({ prng: this.uniform });
    this.poissonDraw = poissonFactory.factory({ prng: this.uniform });
  }

  /** Gamma with the given shape and rate (mean shape / rate). */
  gamma(shape: number, rate: number): number {
    return this.gammaDraw(shape, rate);
  }

  /** Exponential waiting time with the given rate (mean 1 / rate). */
  exponential(rate: number): number {
    return this.exponentialDraw(rate);
  }

  poisson(mean: number): number {
    return mean > 0 ? this.poissonDraw(mean) : 0;
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform(); // (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** Lognormal with the given median and log-scale spread. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  chance(probability: number): boolean {
    return this.uniform() < probability;
  }

  /** Uniform on [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.uniform() * items.length)];
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let target = this.uniform() * total;
    for (const [key, weight] of entries) {
      target -= weight;
      if (target < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}
