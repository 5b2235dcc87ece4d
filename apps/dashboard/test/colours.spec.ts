import { seriesColours, viridis } from '../src/ui/colours';

/** Relative luminance (WCAG) of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('series colours', () => {
  it('never repeats a colour, however many series', () => {
    for (let n = 1; n <= 60; n++) expect(new Set(seriesColours(n)).size).toBe(n);
  });

  it('past ten series, runs from dark (oldest) to light (newest), so order reads from the colour', () => {
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
