/**
 * The analyst dashboard over HTTP: the page and the bundle built from apps/dashboard (the jest
 * global set-up builds it), served under a strict CSP, and the answers the page's requests get
 * from an empty store. The page in a real browser: dashboard-browser.e2e-spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_ASSETS_PATH } from '../../apps/api/src/dashboard/dashboard-bundle';
import { projectionsCaughtUp } from '../analytics/analytics-support';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

/** The paths the dashboard's API client calls (apps/dashboard/src/panels). */
const API = {
  projections: '/projections',
  retention: '/analytics/retention',
  survival: '/analytics/survival',
  churn: '/analytics/churn',
  revenue: '/analytics/revenue',
  complaints: '/analytics/complaints',
  clvModel: '/analytics/clv/model',
  clvDistribution: '/analytics/clv',
  customer: '/customers/{customerId}',
  customerTimeline: '/customers/{customerId}/timeline',
  customerClv: '/customers/{customerId}/clv',
} as const;

/** The src/href of every script and linked file the page loads (the icon is the empty data: URL, so the browser asks for no /favicon.ico). */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&')).filter((url) => url !== 'data:,');
}

describe('analyst dashboard', () => {
  let api: RunningApi;

  beforeAll(async () => {
    // As `npm start` on a laptop: protected mode, no key to type (key entry: dashboard-key-entry.e2e-spec.ts).
    api = await startApi({ auth: 'protected' });
  });

  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('serves the page as HTML that forbids inline and foreign scripts', async () => {
    const res = await api.http().get('/dashboard').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<title>Lifeline dashboard</title>');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The script mounts the panels here (the browser test checks each one fills).
    expect(res.text).toContain('<main id="panels">');
    // Nothing inline, so the policy above does not break the page.
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(res.text).not.toMatch(/<style|\sstyle="/);
  });

  it('redirects / to the dashboard', async () => {
    const res = await api.http().get('/').expect(302);
    expect(res.headers.location).toBe('/dashboard');
  });

  it('serves every asset the page loads, as built from apps/dashboard, chart.js bundled in (no other origin)', async () => {
    const html = (await api.http().get('/dashboard')).text;
    const urls = assetUrls(html);
    expect(urls.sort()).toEqual([`${DASHBOARD_ASSETS_PATH}/dashboard.css`, `${DASHBOARD_ASSETS_PATH}/dashboard.js`]);
    for (const url of urls) {
      const res = await api.http().get(url).expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toEqual(expect.any(String));
      if (url.endsWith('.css')) expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      else expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    const script = (await api.http().get(`${DASHBOARD_ASSETS_PATH}/dashboard.js`)).text;
    expect(script).toBe(readFileSync(join(__dirname, '..', '..', 'dist', 'dashboard', 'dashboard.js'), 'utf8'));
    // chart.js is inside the bundle (its controllers register by id), not fetched from anywhere.
    expect(script).toContain('"line"');
    expect(script).not.toMatch(/cdn|unpkg|jsdelivr/i);
  });

  it('revalidates: an asset asked for again with its ETag answers 304', async () => {
    const first = await api.http().get(`${DASHBOARD_ASSETS_PATH}/dashboard.js`).expect(200);
    await api.http().get(`${DASHBOARD_ASSETS_PATH}/dashboard.js`).set('If-None-Match', first.headers.etag!).expect(304);
  });

  it('serves nothing but the bundle: unknown names and paths out of its folder are 404 problems', async () => {
    for (const path of [`${DASHBOARD_ASSETS_PATH}/nothing.js`, `${DASHBOARD_ASSETS_PATH}/..%2Fpackage.json`, `${DASHBOARD_ASSETS_PATH}/index.html`, `${DASHBOARD_ASSETS_PATH}/.hidden.js`]) {
      const res = await api.http().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('gets answers the page can show from an empty store: figures, or the CLV model still to fit', async () => {
    const page = { granularity: 'month', segment: 'smb', channel: 'web' };
    await api.http().get(API.projections).expect(200);
    expect((await api.http().get(API.retention).query(page).expect(200)).body.cohorts).toEqual([]);
    expect((await api.http().get(API.churn).query(page).expect(200)).body.relationshipLength.customers).toBe(0);
    expect((await api.http().get(API.survival).query({ unit: 'month', by: 'segment', segment: 'smb', channel: 'web' }).expect(200)).body.groups).toEqual([]);
    expect((await api.http().get(API.revenue).query({ granularity: 'month', by: 'segment' }).expect(200)).body.totals.revenueMinor).toBe(0);
    expect((await api.http().get(API.complaints).expect(200)).body.open).toBe(0);
    // The page turns these two refusals into "fit a model" with the POST body to send.
    const model = await api.http().get(API.clvModel).expect(404);
    expect(model.headers['content-type']).toContain('application/problem+json');
    const distribution = await api.http().get(API.clvDistribution).query({ top: 20 }).expect(409);
    expect(distribution.body.detail).toEqual(expect.any(String));
  });

  it('looks a customer up the way the page does: profile, newest timeline page, CLV refusal without a model, problem detail for an unknown id', async () => {
    await api.http().post('/customers').send(acquisition('dash-1', { segment: 'smb' })).expect(201);
    await api.http().post('/customers/dash-1/purchases').send({ amount: '19.99', currency: 'EUR', occurredAt: '2025-01-11T10:00:00Z' }).expect(201);
    await projectionsCaughtUp(api);
    const path = (template: string, id: string) => template.replace('{customerId}', encodeURIComponent(id));

    expect((await api.http().get(path(API.customer, 'dash-1')).expect(200)).body).toMatchObject({ name: 'Ada Lovelace', purchases: 1, revenueTotal: 1999 });
    const timeline = await api.http().get(path(API.customerTimeline, 'dash-1')).query({ order: 'desc', limit: 20 }).expect(200);
    expect(timeline.body.items.map((entry: { type: string }) => entry.type)).toEqual(['PurchaseRecorded', 'CustomerAcquired']);
    await api.http().get(path(API.customerClv, 'dash-1')).expect(409);
    const unknown = await api.http().get(path(API.customer, 'nobody')).expect(404);
    expect(unknown.body.detail).toEqual(expect.any(String));
    expect((await api.http().get(API.revenue).query({ granularity: 'month', by: 'segment' }).expect(200)).body.groups).toEqual([
      expect.objectContaining({ group: 'smb', customers: 1 }),
    ]);
  });
});

