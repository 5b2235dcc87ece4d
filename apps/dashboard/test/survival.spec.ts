import type { Schemas } from '../src/api/client';

type SurvivalStep = Schemas['SurvivalStepDto'];
import { stepPoints, survivalDatasets } from '../src/transforms/survival';

const step = (time: number, survival: number, lower95: number | null, upper95: number | null): SurvivalStep => ({ time, atRisk: 10, events: 1, censored: 0, survival, lower95, upper95 });
const curve = (group: string, steps: SurvivalStep[]): Schemas['SurvivalCurveDto'] => ({
  group,
  customers: 10,
  churned: steps.length,
  censored: 0,
  medianLifetime: null,
  steps,
  atRiskTable: { interval: 1, rows: [] },
});

const smb = curve('smb', [step(2, 0.9, 0.8, 0.96), step(5, 0.6, 0.45, 0.75), step(9, 0, null, null)]);
const enterprise = curve('enterprise', [step(3, 0.95, 0.85, 0.99)]);

describe('Kaplan–Meier steps → step line with band', () => {
  it('starts every line at 1 at time 0 and puts a point at each event time', () => {
    expect(stepPoints(smb, 'survival')).toEqual([
      { x: 0, y: 1 },
      { x: 2, y: 0.9 },
      { x: 5, y: 0.6 },
      { x: 9, y: 0 },
    ]);
    // Past survival 0 the band is undefined: a gap, not a drop to 0.
    expect(stepPoints(smb, 'lower95').map((p) => p.y)).toEqual([1, 0.8, 0.45, null]);
  });

  it('draws per group a lower limit, an upper limit shaded down to it, and the estimate, as steps that hold until the next event', () => {
    const datasets = survivalDatasets([smb, enterprise]);
    expect(datasets.map((d) => [d.label, d.band === true, d.fill])).toEqual([
      ['smb lower 95%', true, false],
      ['smb upper 95%', true, '-1'],
      ['smb', false, false],
      ['enterprise lower 95%', true, false],
      ['enterprise upper 95%', true, '-1'],
      ['enterprise', false, false],
    ]);
    // chart.js 'before': horizontal to the next point, then vertical — S(t) holds until the next event time.
    expect(new Set(datasets.map((d) => d.stepped))).toEqual(new Set(['before']));
    expect(datasets[2]!.data).toEqual(stepPoints(smb, 'survival'));
    expect(datasets[1]!.data).toEqual(stepPoints(smb, 'upper95'));
    // The band shares its line's colour (faded), and the two groups differ.
    expect(datasets[1]!.backgroundColor).toMatch(/^rgba\(/);
    expect(datasets[2]!.borderColor).not.toBe(datasets[5]!.borderColor);
    expect(datasets.filter((d) => d.band).every((d) => d.borderWidth === 0 && d.pointRadius === 0)).toBe(true);
  });
});
