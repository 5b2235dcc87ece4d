import type { ChartDataset } from 'chart.js';
import type { Schemas } from '../api/client';
import { seriesColours, withAlpha } from '../ui/colours';

type SurvivalCurve = Schemas['SurvivalCurveDto'];

export interface Point {
  readonly x: number;
  readonly y: number | null;
}

/** A dataset that only shades the confidence band: kept out of the legend and the tooltips. */
export type SurvivalDataset = ChartDataset<'line', Point[]> & { band?: boolean };

/** A curve's points for one column (estimate or band limit): it starts at 1 at time 0 and steps at each event time. */
export function stepPoints(curve: SurvivalCurve, column: 'survival' | 'lower95' | 'upper95'): Point[] {
  return [{ x: 0, y: 1 }, ...curve.steps.map((s) => ({ x: s.time, y: s[column] }))];
}

/**
 * Kaplan–Meier curves as step lines, each with its 95% band shaded between the lower and the
 * upper limit (the upper dataset fills down to the one before it, the lower). Three datasets per group.
 */
export function survivalDatasets(curves: readonly SurvivalCurve[]): SurvivalDataset[] {
  const colours = seriesColours(curves.length);
  return curves.flatMap((curve, i): SurvivalDataset[] => {
    const colour = colours[i]!;
    const band = { band: true, stepped: 'before', borderWidth: 0, pointRadius: 0 } as const;
    return [
      { ...band, label: `${curve.group} lower 95%`, data: stepPoints(curve, 'lower95'), fill: false },
      { ...band, label: `${curve.group} upper 95%`, data: stepPoints(curve, 'upper95'), fill: '-1', backgroundColor: withAlpha(colour, 0.15) },
      { label: curve.group, data: stepPoints(curve, 'survival'), stepped: 'before', borderColor: colour, backgroundColor: colour, pointRadius: 0, borderWidth: 2, fill: false },
    ];
  });
}
