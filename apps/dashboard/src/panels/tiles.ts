import type { Api } from '../api/client';
import { byId, el } from '../ui/dom';
import { fmtAmount, fmtDate, fmtInt, fmtNum, fmtPct } from '../ui/format';
import { errorText, filterNote } from './messages';
import type { LoadContext, Panel } from './panel';

const TILES = [
  ['tile-customers', 'Customers'],
  ['tile-active', 'Active'],
  ['tile-churned', 'Churned'],
  ['tile-revenue', 'Revenue to date (all)'],
  ['tile-complaints', 'Open complaints (all)'],
  ['tile-lag', 'Projection lag'],
] as const;
type TileId = (typeof TILES)[number][0];

/** How often the lag tile refreshes on its own while the tab is visible. */
const LAG_REFRESH_MS = 10_000;

function tile(id: TileId, value: string, note = '', bad = false): void {
  const node = byId(id);
  node.querySelector('.value')!.textContent = value;
  node.querySelector('.note')!.textContent = note;
  node.classList.toggle('bad', bad);
}

async function population({ api, filter }: LoadContext): Promise<void> {
  try {
    const churn = await api.get('/analytics/churn', { query: { granularity: 'month', ...filter } });
    const { customers, churned } = churn.relationshipLength;
    tile('tile-customers', fmtInt(customers), `${filterNote(churn)}, as of ${fmtDate(churn.asOf)}`);
    tile('tile-active', fmtInt(customers - churned), customers ? `${fmtPct((customers - churned) / customers)} of customers` : '');
    tile('tile-churned', fmtInt(churned), customers ? `${fmtPct(churned / customers)} of customers` : '');
  } catch (error) {
    for (const id of ['tile-customers', 'tile-active', 'tile-churned'] as const) tile(id, '–', errorText(error));
  }
}

async function revenue(api: Api): Promise<void> {
  try {
    const answer = await api.get('/analytics/revenue', { query: { granularity: 'month', by: 'segment' } });
    tile('tile-revenue', fmtAmount(answer.totals.revenueAmount, answer.currency, true), `${fmtInt(answer.totals.purchases)} purchases by ${fmtInt(answer.totals.buyers)} buyers`);
  } catch (error) {
    tile('tile-revenue', '–', errorText(error));
  }
}

async function complaints(api: Api): Promise<void> {
  try {
    const kpis = await api.get('/analytics/complaints');
    const { count, hours } = kpis.openOlderThan;
    tile('tile-complaints', fmtInt(kpis.open), `${fmtInt(count)} open longer than ${fmtNum(hours / 24)} days`, count > 0);
  } catch (error) {
    tile('tile-complaints', '–', errorText(error));
  }
}

async function lag(api: Api): Promise<void> {
  try {
    const { projections } = await api.get('/projections');
    const worst = projections.reduce((a, b) => (b.lag > a.lag ? b : a), projections[0] ?? { name: '', lag: 0, lagSeconds: 0 });
    const failed = projections.filter((p) => p.state === 'failed').map((p) => p.name);
    const note = failed.length ? `FAILED: ${failed.join(', ')}` : worst.lag ? `${worst.name}, ${fmtNum(worst.lagSeconds)} s behind` : 'all read models caught up';
    tile('tile-lag', `${fmtInt(worst.lag)} events`, note, failed.length > 0);
  } catch (error) {
    tile('tile-lag', '–', errorText(error), true);
  }
}

/** Headline numbers. Customers, active and churned follow the filter; revenue and complaints cover everyone. */
export const tilesPanel: Panel = {
  id: 'tiles',
  wide: true,
  followsFilter: true,
  mount({ api }) {
    setInterval(() => {
      if (!document.hidden) void lag(api);
    }, LAG_REFRESH_MS);
    return el('section', { id: 'tiles', class: 'tiles-panel', 'aria-label': 'Headline numbers', 'data-state': 'loading' }, [
      el('div', { class: 'tiles' }, TILES.map(([id, label]) => el('div', { class: 'tile', id }, [el('span', { class: 'label', text: label }), el('span', { class: 'value', text: '…' }), el('span', { class: 'note' })]))),
      el('p', {
        class: 'muted small',
        text: 'Segment and channel filters apply to the customer counts, retention, survival and churn; the segment filter also to lifetime value. Revenue and complaints cover all customers.',
      }),
    ]);
  },
  async load(context) {
    const section = byId('tiles');
    // Like every panel: 'loading' until its numbers are in, so a reader (and the browser test) can wait for them.
    section.dataset.state = 'loading';
    await Promise.all([population(context), revenue(context.api), complaints(context.api), lag(context.api)]);
    section.dataset.state = 'ready';
  },
};
