import { ApiError, type Answer, type Api, type Schemas } from '../api/client';
import { byId, definitionList, el, setStatus } from '../ui/dom';
import { fmtAmount, fmtDate, fmtDateTime, fmtInt, fmtMoneyExact, fmtNum, fmtPct } from '../ui/format';
import { errorText } from './messages';
import type { Panel } from './panel';

const ID = 'panel-lookup';
const PAGE_SIZE = 20;
/** The customer shown (a late answer for another one is dropped) and where its timeline continues. */
let lookedUp: string | null = null;
let timelineCursor: string | null = null;

/** "marketing by email, post; research by email; withdrawn: marketing by phone", or "none recorded". */
function consentsText(consents: Schemas['CustomerViewDto']['consents']): string {
  const given: string[] = [];
  const withdrawn: string[] = [];
  for (const [purpose, channels] of Object.entries(consents)) {
    const entries = Object.entries(channels);
    const on = entries.filter(([, c]) => c.granted).map(([channel]) => channel);
    const off = entries.filter(([, c]) => !c.granted).map(([channel]) => channel);
    if (on.length > 0) given.push(`${purpose} by ${on.join(', ')}`);
    if (off.length > 0) withdrawn.push(`${purpose} by ${off.join(', ')}`);
  }
  const parts = [...given, ...(withdrawn.length > 0 ? [`withdrawn: ${withdrawn.join('; ')}`] : [])];
  return parts.length > 0 ? parts.join('; ') : 'none recorded';
}

function renderProfile(p: Schemas['CustomerViewDto']): HTMLElement {
  const complaints = `${fmtInt(p.complaints.open)} open, ${fmtInt(p.complaints.resolved)} resolved${p.complaints.meanTimeToResolutionHours === null ? '' : `, ${fmtNum(p.complaints.meanTimeToResolutionHours)} h to resolve on average`}`;
  return definitionList([
    ['name', p.name ?? (p.erased ? 'erased (GDPR Art. 17)' : '–')],
    ['status', p.status + (p.churnReason ? ` (${p.churnReason})` : '')],
    ['segment', p.segment ?? '–'],
    ['channel', p.acquisitionChannel],
    ['key account', p.keyAccount ? `yes${p.accountManager ? `, ${p.accountManager}` : ''}` : 'no'],
    ['acquired', fmtDate(p.acquiredAt)],
    ['tenure', `${fmtInt(p.tenureDays)} days`],
    ['reactivations', fmtInt(p.reactivations)],
    ['purchases', `${fmtInt(p.purchases)}, ${fmtAmount(p.revenueTotalAmount, p.currency)}`],
    ['contacts', fmtInt(p.contacts.total) + (p.lastContactAt ? `, last ${fmtDate(p.lastContactAt)}` : '')],
    ['complaints', complaints],
    ['consents', consentsText(p.consents)],
  ]);
}

function renderClv(clv: Answer<'/customers/{customerId}/clv'>): HTMLElement {
  const p = clv.prediction;
  if (p === null) return el('p', { text: `Not scored by the model: ${clv.noPrediction?.detail ?? `no purchase by its calibration end ${clv.calibrationEnd}`}.` });
  return definitionList([
    ['P(alive)', `${fmtPct(p.probabilityAlive)} at ${clv.calibrationEnd}` + (p.recordedChurnAt ? ` (churned ${fmtDate(p.recordedChurnAt)}: recorded churn overrides the model)` : '')],
    ['expected purchases', `${fmtNum(p.expectedPurchases)} in ${clv.horizon} ${clv.timeUnit}s`],
    ['expected spend', `${fmtMoneyExact(p.expectedSpendPerPurchaseMinor, clv.currency)} per purchase`],
    ['predicted CLV', fmtMoneyExact(p.clvMinor, clv.currency)],
    ['to date', `${fmtInt(clv.historical.purchases)} purchases, ${fmtAmount(clv.historical.revenueAmount, clv.currency)}`],
  ]);
}

async function loadTimelinePage(api: Api, customerId: string): Promise<void> {
  const more = byId<HTMLButtonElement>('timeline-more');
  more.disabled = true;
  try {
    const page = await api.get('/customers/{customerId}/timeline', { path: { customerId }, query: { order: 'desc', limit: PAGE_SIZE, cursor: timelineCursor ?? undefined } });
    if (lookedUp !== customerId) return;
    const body = byId('timeline').querySelector('tbody')!;
    for (const entry of page.items) body.append(el('tr', {}, [el('td', { text: fmtDateTime(entry.occurredAt) }), el('td', { text: entry.type }), el('td', { text: entry.summary })]));
    if (body.children.length === 0) body.append(el('tr', {}, el('td', { colspan: 3, text: 'No events.' })));
    timelineCursor = page.nextCursor;
    more.hidden = timelineCursor === null;
  } catch (error) {
    byId('timeline-status').textContent = errorText(error);
  } finally {
    more.disabled = false;
  }
}

async function showClv(api: Api, customerId: string): Promise<void> {
  const section = byId('customer-clv');
  try {
    const clv = await api.get('/customers/{customerId}/clv', { path: { customerId } });
    if (lookedUp === customerId) section.replaceChildren(el('h3', { text: 'Lifetime value' }), renderClv(clv));
  } catch (error) {
    if (lookedUp !== customerId) return;
    const note = error instanceof ApiError && error.status === 409 ? 'No lifetime-value model fitted yet (see the CLV panel).' : errorText(error);
    section.replaceChildren(el('h3', { text: 'Lifetime value' }), el('p', { class: 'muted', text: note }));
  }
}

async function lookUp(api: Api, customerId: string): Promise<void> {
  const panel = byId(ID);
  const result = byId('lookup-result');
  lookedUp = customerId;
  timelineCursor = null;
  byId<HTMLInputElement>('lookup-id').value = customerId;
  result.hidden = false;
  byId('profile').replaceChildren('Loading…');
  byId('customer-clv').replaceChildren();
  byId('timeline').querySelector('tbody')!.replaceChildren();
  byId('timeline-status').textContent = '';
  byId('timeline-more').hidden = true;
  setStatus(panel, 'loading', '');
  let profile: Schemas['CustomerViewDto'];
  try {
    profile = await api.get('/customers/{customerId}', { path: { customerId } });
  } catch (error) {
    if (lookedUp !== customerId) return;
    result.hidden = true;
    setStatus(panel, 'error', errorText(error));
    return;
  }
  if (lookedUp !== customerId) return;
  byId('profile').replaceChildren(el('h3', { text: `${profile.name ?? (profile.erased ? '[erased]' : '–')} (${profile.customerId})` }), renderProfile(profile));
  await Promise.all([showClv(api, customerId), loadTimelinePage(api, customerId)]);
  if (lookedUp === customerId) setStatus(panel, '', '');
}

/** The customer named in the URL (…/dashboard#customer=<id>), so links and the back button work. */
function customerFromHash(): string | null {
  const match = /^#customer=(.+)$/.exec(window.location.hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1]; // a hand-typed "%" that is not an escape: the API says what is wrong with the id
  }
}

/** One customer's profile, predicted value and timeline (newest first, older pages on demand). */
export const customerLookupPanel: Panel = {
  id: ID,
  wide: true,
  followsFilter: false,
  mount({ api }) {
    const input = el('input', { id: 'lookup-id', name: 'customerId', required: true, maxlength: 64, autocomplete: 'off', placeholder: 'e.g. c-1042' });
    const form = el('form', { id: 'lookup-form', class: 'lookup' }, [el('label', { for: 'lookup-id', text: 'Customer id' }), input, el('button', { type: 'submit', text: 'Show' })]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const id = input.value.trim();
      if (!id) return;
      // Through the hash, so the browser's back button and shared links work.
      if (customerFromHash() === id) void lookUp(api, id);
      else window.location.hash = `customer=${encodeURIComponent(id)}`;
    });
    window.addEventListener('hashchange', () => {
      const id = customerFromHash();
      if (id === null) return;
      byId(ID).scrollIntoView({ behavior: 'smooth', block: 'start' });
      void lookUp(api, id);
    });
    const timeline = el('table', { id: 'timeline' }, [el('thead', {}, el('tr', {}, ['when', 'event', 'summary'].map((h) => el('th', { text: h })))), el('tbody')]);
    const more = el('button', { type: 'button', id: 'timeline-more', hidden: true, text: 'Older events', onclick: () => lookedUp && void loadTimelinePage(api, lookedUp) });
    const result = el('div', { id: 'lookup-result', class: 'content lookup-result', hidden: true }, [
      el('div', {}, [el('div', { id: 'profile' }), el('div', { id: 'customer-clv' })]),
      el('div', {}, [el('h3', { text: 'Timeline (newest first)' }), el('div', { class: 'table-scroll' }, timeline), el('p', { id: 'timeline-status', class: 'status error' }), more]),
    ]);
    return el('section', { class: 'panel wide', id: ID, 'data-state': 'ready' }, [el('h2', { text: 'Customer lookup' }), form, el('p', { class: 'status' }), result]);
  },
  async load({ api }) {
    const id = customerFromHash();
    if (id !== null) await lookUp(api, id);
  },
};
