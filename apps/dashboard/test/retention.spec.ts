import fc from 'fast-check';
import type { Schemas } from '../src/api/client';
import { heatRow, percentAxis, retentionChart, selectCohorts } from '../src/transforms/retention';

const cohort = (name: string, size: number, retention: number[]): Schemas['CohortRetentionDto'] => ({ cohort: name, size, retention });
/** 30 monthly cohorts, 2024-01 … 2026-06, the older ones with longer curves. */
const months = Array.from({ length: 30 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const matrix = months.map((name, i) => cohort(name, 10 + i, Array.from({ length: 30 - i }, (_, k) => 1 - 0.01 * k)));

describe('cohort matrix → retention series', () => {
  it('plots the most recent cohorts asked for, oldest first, leaving out cohorts without members or an ended month', () => {
    const withGaps = [cohort('2023-11', 0, []), cohort('2023-12', 4, []), ...matrix];
    expect(selectCohorts(withGaps, 12).map((c) => c.cohort)).toEqual(months.slice(-12));
    expect(selectCohorts(withGaps, 24)).toHaveLength(24);
    expect(selectCohorts(withGaps, 'all').map((c) => c.cohort)).toEqual(months);
  });

  it('makes one line per cohort in percent over months since acquisition, the younger ones ending earlier', () => {
    const chart = retentionChart(matrix.slice(-3));
    expect(chart.labels).toEqual(['0', '1', '2']);
    expect(chart.datasets.map((d) => d.label)).toEqual(['2026-04 (37)', '2026-05 (38)', '2026-06 (39)']);
    expect(chart.datasets.map((d) => d.data)).toEqual([[100, 99, 98], [100, 99], [100]]);
  });

  it('gives every cohort its own colour, also beyond twelve', () => {
    for (const n of [3, 12, 30]) {
      const colours = retentionChart(matrix.slice(-n)).datasets.map((d) => d.borderColor);
      expect(new Set(colours).size).toBe(n);
    }
  });

  it('scales the y-axis to the data: 70–100 % curves get a 60–100 axis, not 0–100', () => {
    expect(percentAxis([1, 0.92, 0.71])).toEqual({ min: 60, max: 100 });
    expect(percentAxis([0.3, 0.05])).toEqual({ min: 0, max: 40 });
    expect(percentAxis([])).toEqual({ min: 0, max: 100 });
    expect(retentionChart(matrix.slice(-12)).axis).toEqual({ min: 80, max: 100 });
  });

  it('keeps every value on the axis, on whole tens within 0–100', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (shares) => {
        const { min, max } = percentAxis(shares);
        expect(min % 10).toBe(0);
        expect(max % 10).toBe(0);
        expect(0 <= min && min < max && max <= 100).toBe(true);
        for (const share of shares) expect(share * 100 >= min && share * 100 <= max).toBe(true);
      }),
    );
  });

  it('shades the heat map over the axis range: more retained is darker, months not yet ended are blank', () => {
    const cells = heatRow(cohort('2026-01', 10, [1, 0.9, 0.8]), 5, { min: 80, max: 100 }, '#2563eb');
    expect(cells.map((c) => c.text)).toEqual(['100%', '90%', '80%', '', '']);
    const alpha = (c: (typeof cells)[number]) => Number(/, ([\d.]+)\)$/.exec(c.background ?? '')?.[1]);
    expect(alpha(cells[0]!)).toBeGreaterThan(alpha(cells[1]!));
    expect(alpha(cells[1]!)).toBeGreaterThan(alpha(cells[2]!));
    expect(cells[3]!.background).toBeUndefined();
    expect(cells.map((c) => c.darkBackground)).toEqual([true, false, false, false, false]);
  });
});
