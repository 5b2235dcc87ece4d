import { seriesColours, viridis } from '../src/ui/colours';

const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];

/** CIE L*a*b* (D65) of #rrggbb. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = channels(hex);
  const f = (v: number) => (v > 216 / 24389 ? Math.cbrt(v) : (24389 / 27 * v + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** ΔE*ab (CIE76): about 2.3 is just noticeable; past 20 two lines read as different colours at a glance. */
function deltaE(a: string, b: string): number {
  const [la, lb] = [lab(a), lab(b)];
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}

/** Relative luminance (WCAG) of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('series colours', () => {
  it('never repeats a colour, however many series', () => {
    for (let n = 1; n <= 60; n++) expect(new Set(seriesColours(n)).size).toBe(n);
  });

  it('up to a year of monthly cohorts, gives colours that are all far apart (ΔE*ab > 20 for every pair)', () => {
    const colours = seriesColours(12);
    for (const [i, a] of colours.entries()) for (const b of colours.slice(i + 1)) expect({ a, b, far: deltaE(a, b) > 20 }).toEqual({ a, b, far: true });
  });

  it('past twelve series, runs from dark (oldest) to light (newest), so order reads from the colour', () => {
    const colours = seriesColours(24);
    const lightness = colours.map(luminance);
    for (let i = 1; i < lightness.length; i++) expect(lightness[i]).toBeGreaterThan(lightness[i - 1]!);
    // The newest stays dark enough to see on white (contrast ≥ 1.5:1).
    expect((1 + 0.05) / (lightness.at(-1)! + 0.05)).toBeGreaterThan(1.5);
  });

  it('interpolates viridis between its published end points', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(0.5)).toBe('#21918c');
  });
});
