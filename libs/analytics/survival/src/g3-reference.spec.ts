/** Kaplan–Meier and log-rank against R's survival package on the g3 glioma data (values from ../shared/datasets/survival/README.md). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kaplanMeier, survivalAt, SurvivalObservation } from './kaplan-meier';
import { logRankTest } from './log-rank';

const G3_CSV = path.resolve(__dirname, '../../../..', '../shared/datasets/survival/g3.csv');
const present = fs.existsSync(G3_CSV);
const describeWithData = present ? describe : describe.skip;
const title = present ? 'g3 glioma data vs R survival' : 'g3 check skipped: ../shared/datasets/survival/g3.csv not present';

function loadGroups(): Map<string, SurvivalObservation[]> {
  const [header, ...lines] = fs.readFileSync(G3_CSV, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const [group, eventColumn, time] = ['group', 'event', 'time'].map((name) => columns.indexOf(name));
  const groups = new Map<string, SurvivalObservation[]>();
  for (const line of lines) {
    const fields = line.split(',');
    const list = groups.get(fields[group]) ?? [];
    list.push({ duration: Number(fields[time]), observed: fields[eventColumn] === 'True' });
    groups.set(fields[group], list);
  }
  return groups;
}

/** |actual - printed| within half a unit of the printed value's last digit. */
function expectPrinted(actual: number, printed: number, decimals: number): void {
  expect(Math.abs(actual - printed)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

describeWithData(title, () => {
  const groups = present ? loadGroups() : new Map<string, SurvivalObservation[]>();

  it('RIT group: S(25) = 0.909, S(53) = 0.779', () => {
    const curve = kaplanMeier(groups.get('RIT')!);
    expectPrinted(survivalAt(curve, 25), 0.909, 3);
    expectPrinted(survivalAt(curve, 53), 0.779, 3);
  });

  it('Control group: estimates and log-log 95% band at 9, 19, 32, 34', () => {
    const curve = kaplanMeier(groups.get('Control')!);
    const times = [9, 19, 32, 34];
    const survival = [0.833, 0.667, 0.5, 0.333];
    const lower = [0.2731, 0.1946, 0.1109, 0.0461];
    const upper = [0.975, 0.904, 0.804, 0.676];
    times.forEach((t, i) => {
      const step = curve.steps.find((s) => s.time === t)!;
      expectPrinted(step.survival, survival[i], 3);
      expectPrinted(step.lower95!, lower[i], 4);
      expectPrinted(step.upper95!, upper[i], 3);
    });
  });

  it('log-rank test between the groups: p = 0.0138', () => {
    expectPrinted(logRankTest(groups.get('RIT')!, groups.get('Control')!).pValue, 0.0138, 4);
  });
});
