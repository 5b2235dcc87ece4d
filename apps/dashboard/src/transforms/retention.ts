import type { ChartDataset } from 'chart.js';
import type { Schemas } from '../api/client';
import { seriesColours, withAlpha } from '../ui/colours';

type CohortRetention = Schemas['CohortRetentionDto'];

/** How many of the most recent cohorts to plot; 'all' plots every cohort. */
export type CohortChoice = number | 'all';
export const COHORT_CHOICES: readonly CohortChoice[] = [6, 12, 24, 36, 'all'];
export const DEFAULT_COHORTS: CohortChoice = 12;

/** Cohorts that have something to plot (members and a fully ended month), the most recent `choice` of them, oldest first. */
export function selectCohorts(cohorts: readonly CohortRetention[], choice: CohortChoice): CohortRetention[] {
  const plottable = cohorts.filter((c) => c.size > 0 && c.retention.length > 0);
  return choice === 'all' ? plottable : plottable.slice(-choice);
}

export interface PercentAxis {
  readonly min: number;
  readonly max: number;
}

/**
 * A y-axis in percent that fits the data (the curves of a good business sit between 60 and
 * 100 %, and a 0–100 axis squeezes them into a band): whole tens, so the ticks fall on its ends, within 0–100.
 */
export function percentAxis(shares: readonly number[]): PercentAxis {
  if (shares.length === 0) return { min: 0, max: 100 };
  const lo = Math.min(...shares) * 100;
  const hi = Math.max(...shares) * 100;
  const pad = Math.max((hi - lo) * 0.05, 1);
  return { min: Math.max(0, Math.floor((lo - pad) / 10) * 10), max: Math.min(100, Math.ceil((hi + pad) / 10) * 10) };
}

export interface RetentionChart {
  /** 0 … longest-1: months (or weeks) since acquisition. */
  readonly labels: string[];
  readonly datasets: ChartDataset<'line', (number | null)[]>[];
  readonly axis: PercentAxis;
}

/** The cohort matrix as one line per cohort, in percent; shorter (younger) cohorts simply end earlier. */
export function retentionChart(cohorts: readonly CohortRetention[]): RetentionChart {
  const longest = Math.max(0, ...cohorts.map((c) => c.retention.length));
  const colours = seriesColours(cohorts.length);
  return {
    labels: Array.from({ length: longest }, (_, k) => String(k)),
    datasets: cohorts.map((c, i) => ({
      label: `${c.cohort} (${c.size})`,
      data: c.retention.map((share) => share * 100),
      borderColor: colours[i],
      backgroundColor: colours[i],
      borderWidth: 2,
      pointRadius: cohorts.length > 12 ? 0 : 2,
      tension: 0,
      // A line at 100 % runs along the top edge: let it draw its full width there instead of half.
      clip: 4,
    })),
    axis: percentAxis(cohorts.flatMap((c) => c.retention)),
  };
}

export interface HeatCell {
  readonly text: string;
  /** Undefined past the cohort's last ended month. */
  readonly background?: string;
  readonly darkBackground: boolean;
}

/** Heat-map cells: darker is more retained, shaded over the same range as the chart's axis so differences show. */
export function heatRow(cohort: CohortRetention, columns: number, axis: PercentAxis, colour: string): HeatCell[] {
  const span = Math.max(axis.max - axis.min, 1);
  return Array.from({ length: columns }, (_, k) => {
    const share = cohort.retention[k];
    if (share === undefined) return { text: '', darkBackground: false };
    const strength = Math.min(Math.max((share * 100 - axis.min) / span, 0), 1);
    return { text: `${Math.round(share * 100)}%`, background: withAlpha(colour, 0.08 + 0.8 * strength), darkBackground: strength > 0.55 };
  });
}
