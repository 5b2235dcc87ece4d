/**
 * The analyst dashboard as a browser meets it: the page, its own script and stylesheet, the
 * chart.js build from node_modules, and the API calls the script makes, which must exist in
 * the OpenAPI document and answer the parameters the script sends.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { promisify } from 'node:util';
import { DASHBOARD_API_PATHS, DASHBOARD_ASSETS_PATH } from '../../apps/api/src/dashboard/static/dashboard-api-paths';
import { DASHBOARD_SCRIPT } from '../../apps/api/src/dashboard/static/dashboard-script';
import { projectionsCaughtUp } from '../analytics/analytics-support';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

const CHROMIUM = '/usr/bin/chromium';

/** The src/href of every script and stylesheet the page loads. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
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
    for (const panel of ['panel-retention', 'panel-survival', 'panel-churn', 'panel-clv', 'panel-complaints', 'panel-lookup']) expect(res.text).toContain(`id="${panel}"`);
    // Nothing inline, so the policy above does not break the page.
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(res.text).not.toMatch(/<style|\sstyle="/);
  });

  it('redirects / to the dashboard', async () => {
    const res = await api.http().get('/').expect(302);
    expect(res.headers.location).toBe('/dashboard');
  });

  it('serves every asset the page loads, chart.js being the real v4 build cached for a year', async () => {
    const html = (await api.http().get('/dashboard')).text;
    const urls = assetUrls(html);
    expect(urls.sort()).toEqual([
      `${DASHBOARD_ASSETS_PATH}/chart.umd.min.js?v=${chartJsVersion()}`,
      `${DASHBOARD_ASSETS_PATH}/dashboard-key-entry.js`,
      `${DASHBOARD_ASSETS_PATH}/dashboard.css`,
      `${DASHBOARD_ASSETS_PATH}/dashboard.js`,
    ]);
    for (const url of urls) {
      const res = await api.http().get(url).expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      if (url.endsWith('.css')) expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      else expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    const chart = await api.http().get(`${DASHBOARD_ASSETS_PATH}/chart.umd.min.js`);
    expect(chart.text).toMatch(/^\/\*!\n \* Chart\.js v4\./);
    expect(chart.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves its own script, which parses and starts as a browser script', async () => {
    const res = await api.http().get(`${DASHBOARD_ASSETS_PATH}/dashboard.js`).expect(200);
    expect(res.text).toBe(DASHBOARD_SCRIPT);
    const script = new Script(res.text, { filename: 'dashboard.js' });
    // Its top level only defines functions and waits for the page: nothing there may throw.
    const listeners: string[] = [];
    const document = { addEventListener: (event: string) => listeners.push(event) };
    script.runInNewContext({ document, window: {}, Intl, URL });
    expect(listeners).toEqual(['DOMContentLoaded']);
  });

  it('calls only API paths that the OpenAPI document has as GET operations', async () => {
    const document = (await api.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    for (const path of Object.values(DASHBOARD_API_PATHS)) {
      expect({ path, get: document.paths[path]?.get !== undefined }).toEqual({ path, get: true });
    }
    // Every path-like string in the script is one of those (or a dashboard link): no stray, unchecked call.
    const known = new Set<string>(Object.values(DASHBOARD_API_PATHS));
    const literals = [...DASHBOARD_SCRIPT.matchAll(/["'](\/[A-Za-z][^"'\s]*)["']/g)].map((match) => match[1]!);
    expect(literals.filter((literal) => !known.has(literal) && !literal.startsWith('/dashboard'))).toEqual([]);
  });

  it('gets answers the page can show from an empty store: figures, or the CLV model still to fit', async () => {
    const page = { granularity: 'month', segment: 'smb', channel: 'web' };
    await api.http().get(DASHBOARD_API_PATHS.projections).expect(200);
    expect((await api.http().get(DASHBOARD_API_PATHS.retention).query(page).expect(200)).body.cohorts).toEqual([]);
    expect((await api.http().get(DASHBOARD_API_PATHS.churn).query(page).expect(200)).body.relationshipLength.customers).toBe(0);
    expect((await api.http().get(DASHBOARD_API_PATHS.survival).query({ unit: 'month', by: 'segment', segment: 'smb', channel: 'web' }).expect(200)).body.groups).toEqual([]);
    expect((await api.http().get(DASHBOARD_API_PATHS.revenue).query({ granularity: 'month', by: 'segment' }).expect(200)).body.totals.revenueMinor).toBe(0);
    expect((await api.http().get(DASHBOARD_API_PATHS.complaints).expect(200)).body.open).toBe(0);
    // The page turns these two refusals into "fit a model" with the POST body to send.
    const model = await api.http().get(DASHBOARD_API_PATHS.clvModel).expect(404);
    expect(model.headers['content-type']).toContain('application/problem+json');
    const distribution = await api.http().get(DASHBOARD_API_PATHS.clvDistribution).query({ top: 20 }).expect(409);
    expect(distribution.body.detail).toEqual(expect.any(String));
  });

  it('looks a customer up the way the page does: profile, newest timeline page, CLV refusal without a model, problem detail for an unknown id', async () => {
    await api.http().post('/customers').send(acquisition('dash-1', { segment: 'smb' })).expect(201);
    await api.http().post('/customers/dash-1/purchases').send({ amount: '19.99', currency: 'EUR', occurredAt: '2025-01-11T10:00:00Z' }).expect(201);
    await projectionsCaughtUp(api);
    const path = (template: string, id: string) => template.replace('{customerId}', encodeURIComponent(id));

    expect((await api.http().get(path(DASHBOARD_API_PATHS.customer, 'dash-1')).expect(200)).body).toMatchObject({ name: 'Ada Lovelace', purchases: 1, revenueTotal: 1999 });
    const timeline = await api.http().get(path(DASHBOARD_API_PATHS.customerTimeline, 'dash-1')).query({ order: 'desc', limit: 20 }).expect(200);
    expect(timeline.body.items.map((entry: { type: string }) => entry.type)).toEqual(['PurchaseRecorded', 'CustomerAcquired']);
    await api.http().get(path(DASHBOARD_API_PATHS.customerClv, 'dash-1')).expect(409);
    const unknown = await api.http().get(path(DASHBOARD_API_PATHS.customer, 'nobody')).expect(404);
    expect(unknown.body.detail).toEqual(expect.any(String));
    expect((await api.http().get(DASHBOARD_API_PATHS.revenue).query({ granularity: 'month', by: 'segment' }).expect(200)).body.groups).toEqual([
      expect.objectContaining({ group: 'smb', customers: 1 }),
    ]);
  });

  const hasChromium = existsSync(CHROMIUM);
  (hasChromium ? it : it.skip)(
    hasChromium ? 'runs in headless Chromium: the script fills the tiles from the API and shows no page error' : `runs in headless Chromium (skipped: no ${CHROMIUM} on this machine)`,
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'lifeline-dashboard-chromium-'));
      try {
        // Flags that keep Chromium off the network it would otherwise try at start (closed here, slow to fail).
        // Asynchronously: the API answering Chromium runs in this very process.
        const { stdout: dom } = await promisify(execFile)(
          CHROMIUM,
          [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=5000', '--dump-dom',
            `${api.url}/dashboard`,
          ],
          { timeout: 60_000, encoding: 'utf8' },
        );
        const tile = (id: string) => new RegExp(`id="${id}"[^>]*>.*?class="value">([^<]*)<`, 's').exec(dom)?.[1];
        // One customer (dash-1) was written by the tests above; the page shows the API's figures, not its placeholders.
        expect(tile('tile-customers')).toBe('1');
        expect(tile('tile-lag')).not.toBe('…');
        expect(/id="page-error"[^>]*>([^<]*)</.exec(dom)?.[1]?.trim() ?? '').toBe('');
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
    90_000,
  );
});

function chartJsVersion(): string {
  const main = require.resolve('chart.js');
  return (JSON.parse(readFileSync(join(main, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
