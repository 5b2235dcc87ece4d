import { clearChart, drawChart } from '../ui/charts';
import { COLOURS } from '../ui/colours';
import { byId, chartBox, panelSection, setStatus } from '../ui/dom';
import { fmtNum } from '../ui/format';
import { churnBars } from '../transforms/bars';
import { errorText, NO_CUSTOMERS } from './messages';
import type { Panel } from './panel';

const ID = 'panel-churn';
const CANVAS = 'chart-churn';
/** Two years of months. */
const PERIODS = 24;

/** Churn rate per fully ended month, and the average relationship length. */
export const churnPanel: Panel = {
  id: ID,
  followsFilter: true,
  mount: () => panelSection(ID, 'Churn rate per month', chartBox(CANVAS, 'Churn rate per month')),
  async load({ api, filter }) {
    const panel = byId(ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      const answer = await api.get('/analytics/churn', { query: { granularity: 'month', ...filter } });
      const rl = answer.relationshipLength;
      const periods = answer.periods.slice(-PERIODS);
      if (periods.length === 0) {
        clearChart(CANVAS);
        setStatus(panel, 'empty', rl.customers === 0 ? NO_CUSTOMERS : 'No calendar month has fully ended since the first acquisition.');
        return;
      }
      const length =
        rl.restrictedMeanDays === null
          ? '–'
          : `${fmtNum(rl.restrictedMeanDays)} days (Kaplan–Meier restricted mean; ${fmtNum(rl.meanObservedDays)} days plain mean, biased low by censoring)`;
      setStatus(panel, '', `Churns in the month / customers active at its start (fully ended months). Average relationship length: ${length}`);
      const bars = churnBars(periods);
      drawChart(CANVAS, {
        type: 'bar',
        data: { labels: bars.labels, datasets: [{ label: 'churn rate', data: bars.values, backgroundColor: COLOURS.churn }] },
        options: {
          scales: { y: { min: 0, title: { display: true, text: '% of active customers' } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => `${fmtNum(ctx.parsed.y)} %: ${bars.notes[ctx.dataIndex] ?? ''}` } } },
        },
      });
    } catch (error) {
      clearChart(CANVAS);
      setStatus(panel, 'error', errorText(error));
    }
  },
};
