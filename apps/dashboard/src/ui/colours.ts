/** Colours of the plots. Pure (no DOM), so the choice is unit-tested. */

/** One colour per kind of figure, as the page has always drawn them. */
export const COLOURS = {
  primary: '#2563eb',
  partial: '#93c5fd',
  churn: '#dc2626',
  clv: '#16a34a',
  category: '#9333ea',
  severity: '#ea580c',
} as const;

/**
 * Twelve strong colours, no two closer than ΔE*ab 23 (the page's earlier twelve had a purple and
 * a violet 7 apart: one line to the eye). Twelve, because a year of monthly cohorts is the usual view.
 */
const CATEGORICAL = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#92400e', '#1e3a8a', '#84cc16'] as const;

/** Viridis at 0, 1/8, …, 1 (perceptually uniform, monotone in lightness, readable in grey). */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] as const;
/** The last stretch of viridis is too pale against a white page for a thin line. */
const VIRIDIS_END = 0.88;

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex([r, g, b]: readonly number[]): string {
  return `#${[r, g, b].map((c) => Math.round(c ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

/** Viridis at t in [0, 1], interpolated linearly between its stops. */
export function viridis(t: number): string {
  const scaled = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(scaled), VIRIDIS.length - 2);
  const from = hexToRgb(VIRIDIS[i]!);
  const to = hexToRgb(VIRIDIS[i + 1]!);
  const f = scaled - i;
  return rgbToHex(from.map((c, k) => c + (to[k]! - c) * f));
}

/**
 * Colours for n series in a meaningful order (cohorts, oldest first): up to twelve get twelve
 * distinct colours; more cannot all be told apart by hue, so they run along viridis from dark
 * (oldest) to light (newest), and neighbours in the legend are neighbours in colour.
 */
export function seriesColours(n: number): string[] {
  if (n <= CATEGORICAL.length) return CATEGORICAL.slice(0, n);
  return Array.from({ length: n }, (_, i) => viridis((i / (n - 1)) * VIRIDIS_END));
}

/** `#rrggbb` with an alpha, for bands and heat-map cells. */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${Math.round(alpha * 100) / 100})`;
}
