import { ApiError } from '../api/client';
import { clearChart, drawChart } from '../ui/charts';
import { COLOURS } from '../ui/colours';
import { byId, chartBox, customerLink, el, panelSection, setStatus } from '../ui/dom';
import { fmtDateTime, fmtInt, fmtMoney, fmtMoneyExact, fmtNum, fmtPct } from '../ui/format';
import { decileBars } from '../transforms/bars';
import { errorText } from './messages';
import type { Panel } from './panel';

const ID = 'panel-clv';
const CANVAS = 'chart-clv';
const MODEL_PATH = '/analytics/clv/model';
const TOP = 20;

/** The request an operator sends to fit a model, calibrated up to yesterday. */
function fitInstructions(reason: string): HTMLElement {
  const calibrationEnd = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const body = JSON.stringify({ calibrationEnd, timeUnit: 'week', horizon: 52, annualDiscountRate: 0.1 });
  return el('div', {}, [
    el('p', { text: `${reason} An operator fits the BG/NBD + Gamma-Gamma model on the purchases up to a calibration day with POST ${MODEL_PATH}, for example:` }),
    el('pre', { text: `curl -X POST ${window.location.origin}${MODEL_PATH} -H 'content-type: application/json' -d '${body}'` }),
    el('p', { text: 'It needs at least 10 customers who bought more than once by that day.' }),
  ]);
}

/** Predicted lifetime value per decile and the top customers (each opens the lookup). */
export const clvPanel: Panel = {
  id: ID,
  wide: true,
  followsFilter: true,
  mount() {
    const section = panelSection(ID, 'Predicted lifetime value', [chartBox(CANVAS, 'Predicted lifetime value by decile'), el('div', { class: 'table-scroll' }, el('table', { id: 'clv-top' }))], true);
    section.querySelector('.content')!.classList.add('two');
    return section;
  },
  async load({ api, filter }) {
    const panel = byId(ID);
    const table = byId('clv-top');
    const segment = filter.segment;
    setStatus(panel, 'loading', 'Loading…');
    try {
      const [model, distribution] = await Promise.all([api.get(MODEL_PATH), api.get('/analytics/clv', { query: { top: TOP, segment } })]);
      const currency = distribution.currency;
      table.replaceChildren();
      if (distribution.overall.customers === 0) {
        clearChart(CANVAS);
        setStatus(panel, 'empty', `The model has no scored customers${segment ? ` in segment ${segment}` : ''}.`);
        return;
      }
      setStatus(
        panel,
        '',
        `Discounted CLV over ${model.horizon} ${model.timeUnit}s after ${model.calibrationEnd} (model fitted ${fmtDateTime(model.fittedAt)} on ${fmtInt(model.customers)} customers). ` +
          `Total ${fmtMoney(distribution.overall.totalClvMinor, currency)}, mean ${fmtMoneyExact(distribution.overall.meanClvMinor, currency)}${segment ? ` in segment ${segment}` : ''}. Decile 1 is the most valuable tenth.`,
      );
      const bars = decileBars(distribution.deciles, currency, (d) => `${fmtInt(d.customers)} customers, ${fmtPct(d.shareOfTotal)} of the total`);
      drawChart(CANVAS, {
        type: 'bar',
        data: { labels: bars.labels, datasets: [{ label: 'predicted CLV', data: bars.values, backgroundColor: COLOURS.clv }] },
        options: {
          scales: { y: { min: 0, title: { display: true, text: `total predicted CLV${currency ? ` (${currency})` : ''}` } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: (ctx) => bars.notes[ctx.dataIndex] ?? '' } } },
        },
      });
      const header = el('tr', {}, ['#', 'customer', 'segment', 'P(alive)', 'expected purchases', 'CLV'].map((h) => el('th', { text: h })));
      const rows = distribution.top.map((c, i) =>
        el('tr', {}, [
          el('td', { class: 'num', text: i + 1 }),
          el('td', {}, customerLink(c.customerId)),
          el('td', { text: c.segment ?? '–' }),
          el('td', { class: 'num', text: fmtPct(c.probabilityAlive) }),
          el('td', { class: 'num', text: fmtNum(c.expectedPurchases) }),
          el('td', { class: 'num', text: fmtMoneyExact(c.clvMinor, currency) }),
        ]),
      );
      table.append(el('thead', {}, header), el('tbody', {}, rows));
    } catch (error) {
      clearChart(CANVAS);
      table.replaceChildren();
      // 404: no model; 409: the distribution has no model to score with.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) setStatus(panel, 'empty', fitInstructions('No lifetime-value model has been fitted yet.'));
      else setStatus(panel, 'error', errorText(error));
    }
  },
};
