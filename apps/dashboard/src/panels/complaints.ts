import type { Schemas } from '../api/client';
import { clearChart, drawChart } from '../ui/charts';
import { COLOURS } from '../ui/colours';
import { byId, chartBox, panelSection, setStatus } from '../ui/dom';
import { fmtInt, fmtNum } from '../ui/format';
import { errorText } from './messages';
import type { Panel } from './panel';

const ID = 'panel-complaints';
const BY_CATEGORY = 'chart-complaints-category';
const BY_SEVERITY = 'chart-complaints-severity';

function drawGroups(canvasId: string, groups: Record<string, Schemas['ComplaintGroupDto']>, colour: string): void {
  const names = Object.keys(groups);
  drawChart(canvasId, {
    type: 'bar',
    data: { labels: names, datasets: [{ label: 'mean hours to resolution', data: names.map((n) => groups[n]?.meanResolutionHours ?? null), backgroundColor: colour }] },
    options: {
      scales: { y: { min: 0, title: { display: true, text: 'mean hours to resolution' } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { afterLabel: (ctx) => { const g = groups[names[ctx.dataIndex] ?? '']; return g ? `${g.resolved} resolved, ${g.open} open` : ''; } } },
      },
    },
  });
}

/** Complaint handling: time to resolution by category and severity, all customers. */
export const complaintsPanel: Panel = {
  id: ID,
  followsFilter: false,
  mount() {
    const section = panelSection(ID, 'Complaint resolution (all customers)', [chartBox(BY_CATEGORY, 'Mean resolution time by category'), chartBox(BY_SEVERITY, 'Mean resolution time by severity')]);
    section.querySelector('.content')!.classList.add('two');
    return section;
  },
  async load({ api }) {
    const panel = byId(ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      const kpis = await api.get('/analytics/complaints');
      if (kpis.open + kpis.resolved === 0) {
        clearChart(BY_CATEGORY);
        clearChart(BY_SEVERITY);
        setStatus(panel, 'empty', 'No complaints filed yet.');
        return;
      }
      const rt = kpis.resolutionTime;
      const satisfaction = kpis.satisfaction.average === null ? '.' : `. Satisfaction ${fmtNum(kpis.satisfaction.average)} / 5 (${fmtInt(kpis.satisfaction.answered)} answers).`;
      setStatus(
        panel,
        '',
        `${fmtInt(kpis.open)} open, ${fmtInt(kpis.resolved)} resolved. Time to resolution: median ${fmtNum(rt.medianHours)} h, mean ${fmtNum(rt.meanHours)} h, 90th percentile ${fmtNum(rt.p90Hours)} h${satisfaction}`,
      );
      drawGroups(BY_CATEGORY, kpis.byCategory, COLOURS.category);
      drawGroups(BY_SEVERITY, kpis.bySeverity, COLOURS.severity);
    } catch (error) {
      clearChart(BY_CATEGORY);
      clearChart(BY_SEVERITY);
      setStatus(panel, 'error', errorText(error));
    }
  },
};
