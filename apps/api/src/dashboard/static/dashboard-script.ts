import { ACQUISITION_CHANNELS } from '@lifeline/customers/domain';
import { DASHBOARD_API_PATHS } from './dashboard-api-paths';

/**
 * The dashboard's browser script: plain JavaScript, no build step, served as text (swc only
 * compiles .ts, so it lives in a string). It calls only the paths in DASHBOARD_API_PATHS and
 * the channel list of the domain, both inlined below. Written without backticks or "${" so
 * that String.raw keeps it verbatim.
 */
const BODY = String.raw`
// ---------- small helpers ----------
const $ = (id) => document.getElementById(id);
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const intFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d', '#7c3aed', '#0d9488'];

function el(tag, props, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of [].concat(children === undefined ? [] : children)) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

const fmtInt = (n) => (n === null || n === undefined ? '–' : intFormat.format(n));
const fmtNum = (n) => (n === null || n === undefined ? '–' : numberFormat.format(n));
const fmtPct = (share) => (share === null || share === undefined ? '–' : numberFormat.format(share * 100) + ' %');
const fmtDate = (iso) => (iso ? new Date(iso).toISOString().slice(0, 10) : '–');
const fmtDateTime = (iso) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '–');

function minorDigits(currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch (e) {
    return 2;
  }
}
/** Amounts arrive in integer minor units of the currency (cents for EUR, yen for JPY). */
function toMajor(minor, currency) {
  return minor / Math.pow(10, currency ? minorDigits(currency) : 2);
}
function fmtMoney(minor, currency) {
  if (minor === null || minor === undefined) return '–';
  if (!currency) return numberFormat.format(toMajor(minor, null)) + ' (no currency yet)';
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(toMajor(minor, currency));
}
function fmtMoneyExact(minor, currency) {
  if (minor === null || minor === undefined) return '–';
  if (!currency) return numberFormat.format(toMajor(minor, null));
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(toMajor(minor, currency));
}

// ---------- talking to the API ----------
class ApiError extends Error {
  constructor(status, problem) {
    const fieldErrors = Array.isArray(problem.errors) ? problem.errors.map((e) => e.field + ': ' + e.message).join('; ') : '';
    super((problem.detail || problem.title || 'HTTP ' + status) + (fieldErrors && problem.detail !== fieldErrors ? ' (' + fieldErrors + ')' : ''));
    this.status = status;
    this.problem = problem;
  }
}

function apiPath(template, customerId) {
  return template.replace('{customerId}', encodeURIComponent(customerId));
}

/** GET a JSON resource; a problem+json answer (or no answer) becomes an ApiError with its detail. */
async function getJson(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, { title: 'The API did not answer', detail: 'The API did not answer: ' + e.message });
  }
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, body || { title: response.status + ' ' + response.statusText });
  return body;
}

// ---------- panels: loading, empty and error states ----------
function setStatus(panelId, kind, message) {
  const panel = $(panelId);
  const status = panel.querySelector('.status');
  status.className = 'status' + (kind ? ' ' + kind : '');
  status.replaceChildren();
  if (message instanceof Node) status.append(message);
  else if (message) status.textContent = message;
  panel.classList.toggle('no-content', kind === 'error' || kind === 'empty');
}
const errorText = (error) => (error instanceof ApiError ? error.message : 'Unexpected error: ' + (error && error.message ? error.message : String(error)));

const charts = {};
function drawChart(canvasId, config) {
  if (charts[canvasId]) charts[canvasId].destroy();
  const base = { responsive: true, maintainAspectRatio: false, animation: false, interaction: { mode: 'nearest', intersect: false } };
  charts[canvasId] = new Chart($(canvasId), { ...config, options: { ...base, ...config.options } });
}
function clearChart(canvasId) {
  if (charts[canvasId]) charts[canvasId].destroy();
  delete charts[canvasId];
}

const NO_CUSTOMERS = 'No customers yet. Record some with POST /customers, import a CSV (lifeline import), or start on an empty data folder to get the demo history.';

// ---------- filters ----------
const filters = () => ({ segment: $('filter-segment').value || undefined, channel: $('filter-channel').value || undefined });

function fillChannelFilter() {
  const select = $('filter-channel');
  for (const channel of CHANNELS) select.append(el('option', { value: channel, text: channel }));
}
function fillSegmentFilter(groups) {
  const select = $('filter-segment');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '', text: 'all segments' }));
  for (const group of groups) {
    // "(none)" is how the API labels customers without a segment; they cannot be filtered on by name.
    if (group.group !== '(none)') select.append(el('option', { value: group.group, text: group.group }));
  }
  select.value = chosen;
}

// ---------- headline numbers ----------
function tile(id, value, note) {
  $(id).querySelector('.value').textContent = value;
  $(id).querySelector('.note').textContent = note || '';
}
function tileError(ids, error) {
  for (const id of ids) tile(id, '–', errorText(error));
}

/** Customers, active and churned at asOf, from the churn answer (it counts the filtered population). */
function fillPopulationTiles(churn) {
  const rl = churn.relationshipLength;
  const filtered = churn.segment || churn.channel ? 'in the filter' : 'all customers';
  tile('tile-customers', fmtInt(rl.customers), filtered + ', as of ' + fmtDate(churn.asOf));
  tile('tile-active', fmtInt(rl.customers - rl.churned), rl.customers ? fmtPct((rl.customers - rl.churned) / rl.customers) + ' of customers' : '');
  tile('tile-churned', fmtInt(rl.churned), rl.customers ? fmtPct(rl.churned / rl.customers) + ' of customers' : '');
}

async function loadLagTile() {
  try {
    const view = await getJson(API.projections);
    const worst = view.projections.reduce((a, b) => (b.lag > a.lag ? b : a), view.projections[0] || { lag: 0, lagSeconds: 0 });
    const failed = view.projections.filter((p) => p.state === 'failed').map((p) => p.name);
    tile(
      'tile-lag',
      fmtInt(worst.lag) + ' events',
      failed.length ? 'FAILED: ' + failed.join(', ') : worst.lag ? worst.name + ', ' + fmtNum(worst.lagSeconds) + ' s behind' : 'all read models caught up',
    );
    $('tile-lag').classList.toggle('bad', failed.length > 0);
  } catch (error) {
    tileError(['tile-lag'], error);
  }
}

// ---------- revenue (all customers: the endpoint has no segment/channel filter) ----------
async function loadRevenue() {
  setStatus('panel-revenue', 'loading', 'Loading…');
  try {
    const revenue = await getJson(API.revenue, { granularity: 'month', by: 'segment' });
    fillSegmentFilter(revenue.groups);
    const currency = revenue.currency;
    tile('tile-revenue', fmtMoney(revenue.totals.revenueMinor, currency), fmtInt(revenue.totals.purchases) + ' purchases by ' + fmtInt(revenue.totals.buyers) + ' buyers');
    const periods = revenue.periods.slice(-24);
    if (periods.length === 0) {
      clearChart('chart-revenue');
      setStatus('panel-revenue', 'empty', 'No purchases yet.');
      return;
    }
    setStatus('panel-revenue', '', 'Revenue per calendar month' + (currency ? ' in ' + currency : '') + '; the current month is still filling up.');
    drawChart('chart-revenue', {
      type: 'bar',
      data: {
        labels: periods.map((p) => p.period + (p.complete ? '' : ' (so far)')),
        datasets: [{ label: 'revenue', data: periods.map((p) => toMajor(p.revenueMinor, currency)), backgroundColor: periods.map((p) => (p.complete ? PALETTE[0] : '#93c5fd')) }],
      },
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: (ctx) => fmtInt(periods[ctx.dataIndex].purchases) + ' purchases' } } } },
    });
  } catch (error) {
    tileError(['tile-revenue'], error);
    clearChart('chart-revenue');
    setStatus('panel-revenue', 'error', errorText(error));
  }
}

// ---------- retention ----------
const RECENT_COHORTS = 12;

async function loadRetention() {
  setStatus('panel-retention', 'loading', 'Loading…');
  try {
    const answer = await getJson(API.retention, { granularity: 'month', ...filters() });
    const cohorts = answer.cohorts.filter((c) => c.size > 0 && c.retention.length > 0).slice(-RECENT_COHORTS);
    const table = $('retention-table');
    table.replaceChildren();
    if (cohorts.length === 0) {
      clearChart('chart-retention');
      setStatus('panel-retention', 'empty', answer.customers === 0 ? NO_CUSTOMERS : 'No cohort has a fully ended month yet.');
      return;
    }
    const longest = Math.max(...cohorts.map((c) => c.retention.length));
    setStatus('panel-retention', '', 'Share of each monthly cohort active at the end of month k after acquisition (k = 0: the acquisition month); reactivated customers count again. ' + fmtInt(answer.customers) + ' customers.');
    drawChart('chart-retention', {
      type: 'line',
      data: {
        labels: Array.from({ length: longest }, (_, k) => String(k)),
        datasets: cohorts.map((c, i) => ({
          label: c.cohort + ' (' + c.size + ')',
          data: c.retention.map((share) => share * 100),
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          pointRadius: 2,
          tension: 0,
        })),
      },
      options: {
        scales: { x: { title: { display: true, text: 'months since acquisition' } }, y: { min: 0, max: 100, title: { display: true, text: '% active' } } },
        plugins: { legend: { position: 'right' }, tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ': ' + fmtNum(ctx.parsed.y) + ' %' } } },
      },
    });
    // The same numbers as a heat map: darker is more retained.
    table.append(el('thead', {}, el('tr', {}, [el('th', { text: 'cohort' }), el('th', { text: 'size' })].concat(Array.from({ length: longest }, (_, k) => el('th', { text: 'M' + k }))))));
    const body = el('tbody');
    for (const c of cohorts) {
      const row = el('tr', {}, [el('th', { text: c.cohort }), el('td', { class: 'num', text: fmtInt(c.size) })]);
      for (let k = 0; k < longest; k++) {
        const share = c.retention[k];
        const cell = el('td', { class: 'heat', text: share === undefined ? '' : Math.round(share * 100) + '%' });
        if (share !== undefined) {
          cell.style.backgroundColor = 'rgba(37, 99, 235, ' + (0.08 + 0.8 * share).toFixed(2) + ')';
          if (share > 0.55) cell.style.color = '#fff';
        }
        row.append(cell);
      }
      body.append(row);
    }
    table.append(body);
  } catch (error) {
    clearChart('chart-retention');
    $('retention-table').replaceChildren();
    setStatus('panel-retention', 'error', errorText(error));
  }
}

// ---------- survival ----------
async function loadSurvival() {
  setStatus('panel-survival', 'loading', 'Loading…');
  try {
    const by = $('survival-by').value || undefined;
    const answer = await getJson(API.survival, { unit: 'month', by, ...filters() });
    const groups = answer.groups.filter((g) => g.customers > 0);
    if (groups.length === 0) {
      clearChart('chart-survival');
      setStatus('panel-survival', 'empty', NO_CUSTOMERS);
      return;
    }
    const datasets = [];
    groups.forEach((g, i) => {
      const colour = PALETTE[i % PALETTE.length];
      // The curve starts at 1 at time 0 and steps down at each event time.
      const start = [{ x: 0, y: 1 }];
      const points = (key) => start.concat(g.steps.map((s) => ({ x: s.time, y: s[key] })));
      datasets.push({ label: g.group + ' lower 95%', band: true, data: points('lower95'), stepped: true, borderWidth: 0, pointRadius: 0, fill: false });
      datasets.push({ label: g.group + ' upper 95%', band: true, data: points('upper95'), stepped: true, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: colour + '22' });
      datasets.push({ label: g.group, data: points('survival'), stepped: true, borderColor: colour, backgroundColor: colour, pointRadius: 0, borderWidth: 2, fill: false });
    });
    const summary = groups
      .map((g) => g.group + ': ' + fmtInt(g.customers) + ' customers, ' + fmtInt(g.churned) + ' churned, median lifetime ' + (g.medianLifetime === null ? 'not reached' : fmtNum(g.medianLifetime) + ' months'))
      .join(' · ');
    const logRank = answer.logRank ? ' · log-rank χ² = ' + fmtNum(answer.logRank.chiSquare) + ' (df ' + answer.logRank.degreesOfFreedom + '), p = ' + answer.logRank.pValue.toPrecision(3) : '';
    setStatus('panel-survival', '', 'Kaplan–Meier estimate of the time to first churn, shaded: Greenwood 95% band (log-log). ' + summary + logRank);
    drawChart('chart-survival', {
      type: 'line',
      data: { datasets },
      options: {
        parsing: true,
        scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'months since acquisition' } }, y: { min: 0, max: 1, title: { display: true, text: 'share without a churn' } } },
        plugins: {
          legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].band } },
          tooltip: { filter: (item) => !item.dataset.band, callbacks: { label: (ctx) => ctx.dataset.label + ': ' + fmtPct(ctx.parsed.y) + ' at ' + fmtNum(ctx.parsed.x) + ' months' } },
        },
      },
    });
  } catch (error) {
    clearChart('chart-survival');
    setStatus('panel-survival', 'error', errorText(error));
  }
}

// ---------- churn rate ----------
async function loadChurn() {
  setStatus('panel-churn', 'loading', 'Loading…');
  try {
    const answer = await getJson(API.churn, { granularity: 'month', ...filters() });
    fillPopulationTiles(answer);
    const periods = answer.periods.slice(-24);
    if (periods.length === 0) {
      clearChart('chart-churn');
      setStatus('panel-churn', 'empty', answer.relationshipLength.customers === 0 ? NO_CUSTOMERS : 'No calendar month has fully ended since the first acquisition.');
      return;
    }
    const rl = answer.relationshipLength;
    setStatus(
      'panel-churn',
      '',
      'Churns in the month / customers active at its start (fully ended months). Average relationship length: ' +
        (rl.restrictedMeanDays === null ? '–' : fmtNum(rl.restrictedMeanDays) + ' days (Kaplan–Meier restricted mean; ' + fmtNum(rl.meanObservedDays) + ' days plain mean, biased low by censoring)'),
    );
    drawChart('chart-churn', {
      type: 'bar',
      data: { labels: periods.map((p) => p.period), datasets: [{ label: 'churn rate', data: periods.map((p) => (p.churnRate === null ? null : p.churnRate * 100)), backgroundColor: PALETTE[1] }] },
      options: {
        scales: { y: { min: 0, title: { display: true, text: '% of active customers' } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => fmtNum(ctx.parsed.y) + ' %: ' + periods[ctx.dataIndex].churnEvents + ' of ' + periods[ctx.dataIndex].activeAtStart } } },
      },
    });
  } catch (error) {
    tileError(['tile-customers', 'tile-active', 'tile-churned'], error);
    clearChart('chart-churn');
    setStatus('panel-churn', 'error', errorText(error));
  }
}

// ---------- predicted lifetime value ----------
function yesterday() {
  return new Date(Date.now() - 86400000).toISOString().slice(0, 10);
}
function fitInstructions(reason) {
  const body = JSON.stringify({ calibrationEnd: yesterday(), timeUnit: 'week', horizon: 52, annualDiscountRate: 0.1 });
  const curl = 'curl -X POST ' + window.location.origin + API.clvModel + " -H 'content-type: application/json' -d '" + body + "'";
  return el('div', {}, [
    el('p', { text: reason + ' An operator fits the BG/NBD + Gamma-Gamma model on the purchases up to a calibration day with POST ' + API.clvModel + ', for example:' }),
    el('pre', { text: curl }),
    el('p', { text: 'It needs at least 10 customers who bought more than once by that day.' }),
  ]);
}

function customerLink(customerId) {
  return el('a', { href: '#customer=' + encodeURIComponent(customerId), text: customerId });
}

async function loadClv() {
  setStatus('panel-clv', 'loading', 'Loading…');
  const table = $('clv-top');
  try {
    const segment = filters().segment;
    const [model, distribution] = await Promise.all([getJson(API.clvModel), getJson(API.clvDistribution, { top: 20, segment })]);
    const currency = distribution.currency;
    table.replaceChildren();
    if (distribution.overall.customers === 0) {
      clearChart('chart-clv');
      setStatus('panel-clv', 'empty', 'The model has no scored customers' + (segment ? ' in segment ' + segment : '') + '.');
      return;
    }
    setStatus(
      'panel-clv',
      '',
      'Discounted CLV over ' + model.horizon + ' ' + model.timeUnit + 's after ' + model.calibrationEnd + ' (model fitted ' + fmtDateTime(model.fittedAt) + ' on ' + fmtInt(model.customers) + ' customers). ' +
        'Total ' + fmtMoney(distribution.overall.totalClvMinor, currency) + ', mean ' + fmtMoneyExact(distribution.overall.meanClvMinor, currency) + (segment ? ' in segment ' + segment : '') + '. Decile 1 is the most valuable tenth.',
    );
    drawChart('chart-clv', {
      type: 'bar',
      data: {
        labels: distribution.deciles.map((d) => 'D' + d.decile),
        datasets: [{ label: 'predicted CLV', data: distribution.deciles.map((d) => toMajor(d.totalClvMinor, currency)), backgroundColor: PALETTE[2] }],
      },
      options: {
        scales: { y: { min: 0, title: { display: true, text: 'total predicted CLV' + (currency ? ' (' + currency + ')' : '') } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { afterLabel: (ctx) => { const d = distribution.deciles[ctx.dataIndex]; return fmtInt(d.customers) + ' customers, ' + fmtPct(d.shareOfTotal) + ' of the total'; } } },
        },
      },
    });
    table.append(el('thead', {}, el('tr', {}, ['#', 'customer', 'segment', 'P(alive)', 'expected purchases', 'CLV'].map((h) => el('th', { text: h })))));
    table.append(
      el(
        'tbody',
        {},
        distribution.top.map((c, i) =>
          el('tr', {}, [
            el('td', { class: 'num', text: i + 1 }),
            el('td', {}, customerLink(c.customerId)),
            el('td', { text: c.segment || '–' }),
            el('td', { class: 'num', text: fmtPct(c.probabilityAlive) }),
            el('td', { class: 'num', text: fmtNum(c.expectedPurchases) }),
            el('td', { class: 'num', text: fmtMoneyExact(c.clvMinor, currency) }),
          ]),
        ),
      ),
    );
  } catch (error) {
    clearChart('chart-clv');
    table.replaceChildren();
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) setStatus('panel-clv', 'empty', fitInstructions('No lifetime-value model has been fitted yet.'));
    else setStatus('panel-clv', 'error', errorText(error));
  }
}

// ---------- complaints ----------
async function loadComplaints() {
  setStatus('panel-complaints', 'loading', 'Loading…');
  try {
    const kpis = await getJson(API.complaints);
    tile('tile-complaints', fmtInt(kpis.open), fmtInt(kpis.openOlderThan.count) + ' open longer than ' + fmtNum(kpis.openOlderThan.hours / 24) + ' days');
    $('tile-complaints').classList.toggle('bad', kpis.openOlderThan.count > 0);
    if (kpis.open + kpis.resolved === 0) {
      clearChart('chart-complaints-category');
      clearChart('chart-complaints-severity');
      setStatus('panel-complaints', 'empty', 'No complaints filed yet.');
      return;
    }
    const rt = kpis.resolutionTime;
    setStatus(
      'panel-complaints',
      '',
      fmtInt(kpis.open) + ' open, ' + fmtInt(kpis.resolved) + ' resolved. Time to resolution: median ' + fmtNum(rt.medianHours) + ' h, mean ' + fmtNum(rt.meanHours) + ' h, 90th percentile ' + fmtNum(rt.p90Hours) + ' h' +
        (kpis.satisfaction.average === null ? '.' : '. Satisfaction ' + fmtNum(kpis.satisfaction.average) + ' / 5 (' + fmtInt(kpis.satisfaction.answered) + ' answers).'),
    );
    const draw = (canvasId, groups, colour) => {
      const names = Object.keys(groups);
      drawChart(canvasId, {
        type: 'bar',
        data: { labels: names, datasets: [{ label: 'mean hours to resolution', data: names.map((n) => groups[n].meanResolutionHours), backgroundColor: colour }] },
        options: {
          scales: { y: { min: 0, title: { display: true, text: 'mean hours to resolution' } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: (ctx) => { const g = groups[names[ctx.dataIndex]]; return g.resolved + ' resolved, ' + g.open + ' open'; } } } },
        },
      });
    };
    draw('chart-complaints-category', kpis.byCategory, PALETTE[3]);
    draw('chart-complaints-severity', kpis.bySeverity, PALETTE[4]);
  } catch (error) {
    tileError(['tile-complaints'], error);
    clearChart('chart-complaints-category');
    clearChart('chart-complaints-severity');
    setStatus('panel-complaints', 'error', errorText(error));
  }
}

// ---------- customer lookup ----------
let timelineCursor = null;
let lookedUp = null;

function definitionList(pairs) {
  const dl = el('dl');
  for (const [term, value] of pairs) dl.append(el('dt', { text: term }), el('dd', {}, value instanceof Node ? value : String(value)));
  return dl;
}

function renderProfile(p) {
  return definitionList([
    ['name', p.name],
    ['status', p.status + (p.churnReason ? ' (' + p.churnReason + ')' : '')],
    ['segment', p.segment || '–'],
    ['channel', p.acquisitionChannel],
    ['key account', p.keyAccount ? 'yes' + (p.accountManager ? ', ' + p.accountManager : '') : 'no'],
    ['acquired', fmtDate(p.acquiredAt)],
    ['tenure', fmtInt(p.tenureDays) + ' days'],
    ['reactivations', fmtInt(p.reactivations)],
    ['purchases', fmtInt(p.purchases) + ', ' + fmtMoneyExact(p.revenueTotal, p.currency)],
    ['contacts', fmtInt(p.contacts.total) + (p.lastContactAt ? ', last ' + fmtDate(p.lastContactAt) : '')],
    ['complaints', fmtInt(p.complaints.open) + ' open, ' + fmtInt(p.complaints.resolved) + ' resolved' + (p.complaints.meanTimeToResolutionHours === null ? '' : ', ' + fmtNum(p.complaints.meanTimeToResolutionHours) + ' h to resolve on average')],
  ]);
}

function renderClv(clv) {
  if (clv.prediction === null) return el('p', { text: 'Not scored by the model: ' + (clv.noPrediction ? clv.noPrediction.detail : 'no purchase by its calibration end ' + clv.calibrationEnd) + '.' });
  const p = clv.prediction;
  return definitionList([
    ['P(alive)', fmtPct(p.probabilityAlive) + ' at ' + clv.calibrationEnd],
    ['expected purchases', fmtNum(p.expectedPurchases) + ' in ' + clv.horizon + ' ' + clv.timeUnit + 's'],
    ['expected spend', fmtMoneyExact(p.expectedSpendPerPurchaseMinor, clv.currency) + ' per purchase'],
    ['predicted CLV', fmtMoneyExact(p.clvMinor, clv.currency)],
    ['to date', fmtInt(clv.historical.purchases) + ' purchases, ' + fmtMoneyExact(clv.historical.revenueMinor, clv.currency)],
  ]);
}

async function loadTimelinePage(customerId) {
  const more = $('timeline-more');
  more.disabled = true;
  try {
    const page = await getJson(apiPath(API.customerTimeline, customerId), { order: 'desc', limit: 20, cursor: timelineCursor || undefined });
    if (lookedUp !== customerId) return;
    const body = $('timeline').querySelector('tbody');
    for (const entry of page.items) {
      body.append(el('tr', {}, [el('td', { text: fmtDateTime(entry.occurredAt) }), el('td', { text: entry.type }), el('td', { text: entry.summary })]));
    }
    if (!body.children.length) body.append(el('tr', {}, el('td', { colspan: 3, text: 'No events.' })));
    timelineCursor = page.nextCursor;
    more.hidden = !timelineCursor;
  } catch (error) {
    $('timeline-status').textContent = errorText(error);
  } finally {
    more.disabled = false;
  }
}

async function lookUpCustomer(customerId) {
  lookedUp = customerId;
  timelineCursor = null;
  $('lookup-id').value = customerId;
  const out = $('lookup-result');
  out.hidden = false;
  $('profile').replaceChildren('Loading…');
  $('customer-clv').replaceChildren();
  $('timeline').querySelector('tbody').replaceChildren();
  $('timeline-status').textContent = '';
  $('timeline-more').hidden = true;
  setStatus('panel-lookup', '', '');
  $('panel-lookup').scrollIntoView({ behavior: 'smooth', block: 'start' });
  let profile;
  try {
    profile = await getJson(apiPath(API.customer, customerId));
  } catch (error) {
    if (lookedUp !== customerId) return;
    out.hidden = true;
    setStatus('panel-lookup', 'error', errorText(error));
    return;
  }
  if (lookedUp !== customerId) return;
  $('profile').replaceChildren(el('h3', { text: profile.name + ' (' + profile.customerId + ')' }), renderProfile(profile));
  const clvSection = $('customer-clv');
  getJson(apiPath(API.customerClv, customerId))
    .then((clv) => lookedUp === customerId && clvSection.replaceChildren(el('h3', { text: 'Lifetime value' }), renderClv(clv)))
    .catch((error) => {
      if (lookedUp !== customerId) return;
      const note = error instanceof ApiError && error.status === 409 ? 'No lifetime-value model fitted yet (see the CLV panel).' : errorText(error);
      clvSection.replaceChildren(el('h3', { text: 'Lifetime value' }), el('p', { class: 'muted', text: note }));
    });
  await loadTimelinePage(customerId);
}

function customerFromHash() {
  const match = /^#customer=(.+)$/.exec(window.location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch (e) {
    return match[1]; // a hand-typed "%" that is not an escape: the API will say what is wrong with the id
  }
}

// ---------- wiring ----------
function refreshFiltered() {
  loadRetention();
  loadSurvival();
  loadChurn();
  loadClv();
}
function refreshAll() {
  $('as-of').textContent = 'as of ' + fmtDateTime(new Date().toISOString());
  loadLagTile();
  loadRevenue();
  loadComplaints();
  refreshFiltered();
}

const LAG_REFRESH_MS = 10000;

document.addEventListener('DOMContentLoaded', () => {
  if (typeof Chart === 'undefined') {
    $('page-error').hidden = false;
    $('page-error').textContent = 'The chart library did not load (' + document.querySelector('script[data-chart]').src + '); plots are unavailable.';
    return;
  }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  fillChannelFilter();
  $('filter-segment').addEventListener('change', refreshFiltered);
  $('filter-channel').addEventListener('change', refreshFiltered);
  $('survival-by').addEventListener('change', loadSurvival);
  $('refresh').addEventListener('click', refreshAll);
  $('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('lookup-id').value.trim();
    if (!id) return;
    // Through the hash, so the browser's back button and shared links work.
    if (customerFromHash() === id) lookUpCustomer(id);
    else window.location.hash = 'customer=' + encodeURIComponent(id);
  });
  $('timeline-more').addEventListener('click', () => lookedUp && loadTimelinePage(lookedUp));
  window.addEventListener('hashchange', () => {
    const id = customerFromHash();
    if (id) lookUpCustomer(id);
  });
  refreshAll();
  const initial = customerFromHash();
  if (initial) lookUpCustomer(initial);
  setInterval(() => {
    if (!document.hidden) loadLagTile();
  }, LAG_REFRESH_MS);
});
`;

/** The script as served at /dashboard/assets/dashboard.js. */
export const DASHBOARD_SCRIPT = [
  '(function () {',
  "'use strict';",
  `const API = ${JSON.stringify(DASHBOARD_API_PATHS)};`,
  `const CHANNELS = ${JSON.stringify(ACQUISITION_CHANNELS)};`,
  BODY,
  '})();',
  '',
].join('\n');
