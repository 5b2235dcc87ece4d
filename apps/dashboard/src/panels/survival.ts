import type { Answer } from '../api/client';
import { clearChart, drawChart } from '../ui/charts';
import { byId, chartBox, el, panelSection, setStatus } from '../ui/dom';
import { fmtInt, fmtNum, fmtPct } from '../ui/format';
import { survivalDatasets, type SurvivalDataset } from '../transforms/survival';
import { errorText, NO_CUSTOMERS } from './messages';
import type { LoadContext, Panel } from './panel';

const ID = 'panel-survival';
const CANVAS = 'chart-survival';

function grouping(): 'segment' | 'channel' | undefined {
  const value = byId<HTMLSelectElement>('survival-by').value;
  return value === 'segment' || value === 'channel' ? value : undefined;
}

function caption(answer: Answer<'/analytics/survival'>): string {
  const groups = answer.groups
    .filter((g) => g.customers > 0)
    .map((g) => `${g.group}: ${fmtInt(g.customers)} customers, ${fmtInt(g.churned)} churned, median lifetime ${g.medianLifetime === null ? 'not reached' : `${fmtNum(g.medianLifetime)} months`}`)
    .join(' · ');
  const logRank = answer.logRank ? ` · log-rank χ² = ${fmtNum(answer.logRank.chiSquare)} (df ${answer.logRank.degreesOfFreedom}), p = ${answer.logRank.pValue.toPrecision(3)}` : '';
  return `Kaplan–Meier estimate of the time to first churn, shaded: Greenwood 95% band (log-log). ${groups}${logRank}`;
}

async function load({ api, filter }: LoadContext): Promise<void> {
  const panel = byId(ID);
  setStatus(panel, 'loading', 'Loading…');
  try {
    const answer = await api.get('/analytics/survival', { query: { unit: 'month', by: grouping(), ...filter } });
    const curves = answer.groups.filter((g) => g.customers > 0);
    if (curves.length === 0) {
      clearChart(CANVAS);
      setStatus(panel, 'empty', NO_CUSTOMERS);
      return;
    }
    setStatus(panel, '', caption(answer));
    const datasets = survivalDatasets(curves);
    const isBand = (index: number) => (datasets[index] as SurvivalDataset | undefined)?.band === true;
    drawChart(CANVAS, {
      type: 'line',
      data: { datasets },
      options: {
        scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'months since acquisition' } }, y: { min: 0, max: 1, title: { display: true, text: 'share without a churn' } } },
        plugins: {
          legend: { labels: { filter: (item) => !isBand(item.datasetIndex ?? -1) } },
          tooltip: { filter: (item) => !isBand(item.datasetIndex), callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${fmtPct(ctx.parsed.y)} at ${fmtNum(ctx.parsed.x)} months` } },
        },
      },
    });
  } catch (error) {
    clearChart(CANVAS);
    setStatus(panel, 'error', errorText(error));
  }
}

/** Kaplan–Meier survival with its confidence band, for everyone or per segment or channel (with a log-rank test). */
export const survivalPanel: Panel = {
  id: ID,
  followsFilter: true,
  mount(context) {
    const by = el('select', { id: 'survival-by', onchange: () => void load({ api: context.api, filter: context.currentFilter() }) }, [
      el('option', { value: '', text: 'all customers' }),
      el('option', { value: 'segment', text: 'segment' }),
      el('option', { value: 'channel', text: 'channel' }),
    ]);
    return panelSection(ID, ['Survival', el('label', { class: 'inline' }, ['by ', by])], chartBox(CANVAS, 'Kaplan–Meier survival curve'));
  },
  load,
};
