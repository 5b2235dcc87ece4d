import type { Answer } from '../api/client';
import { clearChart, drawChart } from '../ui/charts';
import { COLOURS } from '../ui/colours';
import { byId, chartBox, el, panelSection, setStatus } from '../ui/dom';
import { fmtInt, fmtNum } from '../ui/format';
import { COHORT_CHOICES, DEFAULT_COHORTS, heatRow, retentionChart, selectCohorts, type CohortChoice } from '../transforms/retention';
import { errorText, NO_CUSTOMERS } from './messages';
import type { Panel } from './panel';

const ID = 'panel-retention';
const CANVAS = 'chart-retention';
type RetentionAnswer = Answer<'/analytics/retention'>;
let shown: RetentionAnswer | undefined;

function chosenCohorts(): CohortChoice {
  const value = byId<HTMLSelectElement>('retention-cohorts').value;
  return value === 'all' ? 'all' : Number(value);
}

function fillTable(cohorts: ReturnType<typeof selectCohorts>, columns: number, axis: { min: number; max: number }): void {
  const head = el('thead', {}, el('tr', {}, [el('th', { text: 'cohort' }), el('th', { text: 'size' }), ...Array.from({ length: columns }, (_, k) => el('th', { text: `M${k}` }))]));
  // Oldest first, as in the legend: the table keeps the cohort triangle's shape.
  const rows = cohorts.map((c) => {
    const cells = heatRow(c, columns, axis, COLOURS.primary).map((cell) => {
      const td = el('td', { class: cell.darkBackground ? 'heat dark' : 'heat', text: cell.text });
      if (cell.background) td.style.backgroundColor = cell.background;
      return td;
    });
    return el('tr', {}, [el('th', { text: c.cohort }), el('td', { class: 'num', text: fmtInt(c.size) }), ...cells]);
  });
  byId('retention-table').replaceChildren(head, el('tbody', {}, rows));
}

type Basis = 'status' | 'activity';
const chosenBasis = (): Basis => (byId<HTMLSelectElement>('retention-basis').value === 'activity' ? 'activity' : 'status');

function draw(answer: RetentionAnswer): void {
  const panel = byId(ID);
  const all = selectCohorts(answer.cohorts, 'all');
  const cohorts = selectCohorts(answer.cohorts, chosenCohorts());
  byId('retention-cohorts-all').textContent = `all (${all.length})`;
  if (cohorts.length === 0) {
    clearChart(CANVAS);
    byId('retention-table').replaceChildren();
    setStatus(panel, 'empty', answer.customers === 0 ? NO_CUSTOMERS : 'No cohort has a fully ended month yet.');
    return;
  }
  const chart = retentionChart(cohorts);
  // Past a year of cohorts the legend takes several columns: give the lines more height instead.
  byId(CANVAS).parentElement!.classList.toggle('tall', cohorts.length > 12);
  setStatus(
    panel,
    '',
    (chosenBasis() === 'activity'
      ? 'Share of each monthly cohort with at least one purchase in month k after acquisition (k = 0: the acquisition month): what purchase-only data supports. '
      : 'Share of each monthly cohort active (not churned) at the end of month k after acquisition (k = 0: the acquisition month); reactivated customers count again. ') +
      `${fmtInt(answer.customers)} customers; ${cohorts.length} of ${all.length} cohorts shown (click a legend entry to hide a line).`,
  );
  drawChart(CANVAS, {
    type: 'line',
    data: { labels: chart.labels, datasets: chart.datasets },
    options: {
      layout: { padding: { top: 4, right: 8 } },
      scales: {
        x: { title: { display: true, text: 'months since acquisition' } },
        y: { min: chart.axis.min, max: chart.axis.max, title: { display: true, text: chosenBasis() === 'activity' ? '% buying in the month' : '% active' }, ticks: { callback: (value) => `${value} %` } },
      },
      plugins: {
        legend: { position: 'right', labels: { boxWidth: 12, font: { size: 11 } } },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${fmtNum(ctx.parsed.y)} %` } },
      },
    },
  });
  fillTable(cohorts, chart.labels.length, chart.axis);
}

/** Cohort retention: one line per monthly cohort (how many is the analyst's choice) and the same numbers as a heat map. */
export const retentionPanel: Panel = {
  id: ID,
  wide: true,
  followsFilter: true,
  mount(context) {
    const reload = () => void retentionPanel.load({ api: context.api, filter: context.currentFilter() });
    const basis = el('label', { class: 'inline' }, [
      'basis ',
      el('select', { id: 'retention-basis', onchange: reload }, [el('option', { value: 'status', text: 'not churned', selected: true }), el('option', { value: 'activity', text: 'bought in the month' })]),
    ]);
    const options = COHORT_CHOICES.map((choice) =>
      el('option', { value: String(choice), text: choice === 'all' ? 'all' : `last ${choice}`, id: choice === 'all' ? 'retention-cohorts-all' : undefined, selected: choice === DEFAULT_COHORTS }),
    );
    const chooser = el('label', { class: 'inline' }, ['cohorts ', el('select', { id: 'retention-cohorts', onchange: () => shown && draw(shown) }, options)]);
    return panelSection(ID, ['Cohort retention', basis, chooser], [chartBox(CANVAS, 'Retention curve per monthly cohort'), el('div', { class: 'table-scroll' }, el('table', { id: 'retention-table', class: 'heatmap' }))], true);
  },
  async load({ api, filter }) {
    const panel = byId(ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      shown = await api.get('/analytics/retention', { query: { granularity: 'month', basis: chosenBasis(), ...filter } });
      draw(shown);
    } catch (error) {
      shown = undefined;
      clearChart(CANVAS);
      byId('retention-table').replaceChildren();
      setStatus(panel, 'error', errorText(error));
    }
  },
};
