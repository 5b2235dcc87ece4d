import { clearChart, drawChart } from '../ui/charts';
import { COLOURS } from '../ui/colours';
import { byId, chartBox, panelSection, setStatus } from '../ui/dom';
import { revenueBars } from '../transforms/bars';
import { errorText } from './messages';
import type { Panel } from './panel';

const ID = 'panel-revenue';
const CANVAS = 'chart-revenue';
const PERIODS = 24;

/** Revenue per calendar month, all customers (the endpoint has no segment or channel filter). */
export const revenuePanel: Panel = {
  id: ID,
  followsFilter: false,
  mount: () => panelSection(ID, 'Revenue per month (all customers)', chartBox(CANVAS, 'Revenue per month')),
  async load({ api }) {
    const panel = byId(ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      const revenue = await api.get('/analytics/revenue', { query: { granularity: 'month', by: 'segment' } });
      const periods = revenue.periods.slice(-PERIODS);
      if (periods.length === 0) {
        clearChart(CANVAS);
        setStatus(panel, 'empty', 'No purchases yet.');
        return;
      }
      const currency = revenue.currency;
      setStatus(panel, '', `Revenue per calendar month${currency ? ` in ${currency}` : ''}; the current month is still filling up.`);
      const bars = revenueBars(periods, currency);
      drawChart(CANVAS, {
        type: 'bar',
        data: { labels: bars.labels, datasets: [{ label: 'revenue', data: bars.values, backgroundColor: bars.complete.map((complete) => (complete ? COLOURS.primary : COLOURS.partial)) }] },
        options: { plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: (ctx) => bars.notes[ctx.dataIndex] ?? '' } } } },
      });
    } catch (error) {
      clearChart(CANVAS);
      setStatus(panel, 'error', errorText(error));
    }
  },
};
