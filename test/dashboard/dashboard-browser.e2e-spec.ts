/**
 * The dashboard as an analyst sees it: Debian's Chromium, driven by playwright-core, opens the
 * page the API serves (the bundle built by the jest global set-up) over a small demo history
 * with a fitted CLV model. Every panel must fill from the API with no console error, the
 * segment filter must change the figures, and the lookup must show a customer's timeline.
 * A screenshot of each panel lands in test-results/dashboard/ (gitignored) for a person to look at.
 */
import { seedDemoData } from '@lifeline/demo-data';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectionsCaughtUp } from '../analytics/analytics-support';
import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';

// The callbacks given to page.evaluate/waitForFunction run in the page; this program is compiled
// without the DOM library (it is the server's), so the few page globals they use are declared here.
interface PageCanvas { width: number; height: number; toDataURL(): string }
interface PageElement { dataset: Record<string, string | undefined>; textContent: string | null; getBoundingClientRect(): { left: number; top: number; width: number; height: number } }
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
  createElement(tag: 'canvas'): PageCanvas;
};
declare const window: { scrollX: number; scrollY: number };

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(__dirname, '..', '..', 'test-results', 'dashboard');
/** Small enough to seed in a few seconds, large enough for every plot and a CLV fit. */
const CUSTOMERS = 200;
const PANELS = ['tiles', 'panel-retention', 'panel-survival', 'panel-churn', 'panel-clv', 'panel-revenue', 'panel-complaints', 'panel-sla', 'panel-satisfaction', 'panel-rfm', 'panel-lookup'];
const CANVASES = ['chart-retention', 'chart-survival', 'chart-churn', 'chart-clv', 'chart-revenue', 'chart-complaints-category', 'chart-complaints-severity', 'chart-sla', 'chart-satisfaction', 'chart-rfm'];
/** What the brief asks of a headless Chromium here: no sandbox (root), no GPU, nothing that reaches for the network. */
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

const hasChromium = existsSync(CHROMIUM);
const describeInBrowser = hasChromium ? describe : describe.skip;
const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

describeInBrowser(hasChromium ? 'dashboard in headless Chromium' : `dashboard in headless Chromium (skipped: no ${CHROMIUM} on this machine; apt-get install chromium)`, () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    api = await startApi({ auth: 'protected' }); // as npm start on a laptop; key entry: dashboard-key-entry.e2e-spec.ts
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    await seedDemoData(api.eventStore, { customers: CUSTOMERS, years: 3, seed: 7, currency: 'EUR', endDate: today });
    await projectionsCaughtUp(api);
    const calibrationEnd = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
    await api.http().post('/analytics/clv/model').send({ calibrationEnd, timeUnit: 'week', horizon: 52, annualDiscountRate: 0.1 }).expect(201);
    mkdirSync(OUTPUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(api.url)) foreignRequests.push(request.url());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    if (api) removeDataDir(api.config.dataDir);
  });

  /** Until no panel says "loading" any more. */
  async function settled(): Promise<void> {
    await page.waitForFunction((ids) => ids.every((id) => document.getElementById(id)?.dataset.state !== 'loading'), PANELS, { timeout: 30_000 });
  }

  /** A picture of one panel, cut from the full page (where the sticky header stays at the top, off the panel). */
  async function screenshot(id: string, name = id): Promise<void> {
    const clip = await page.evaluate((panelId) => {
      const box = document.getElementById(panelId)!.getBoundingClientRect();
      return { x: box.left + window.scrollX, y: box.top + window.scrollY, width: box.width, height: box.height };
    }, id);
    await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true, clip });
  }

  async function tileValue(id: string): Promise<string | null> {
    return page.locator(`#${id} .value`).textContent();
  }

  it('loads with no console error, asks nothing of another origin, and fills every panel from the API', async () => {
    await page.goto(`${api.url}/dashboard`);
    await settled();
    for (const id of PANELS) expect({ id, state: await page.locator(`#${id}`).getAttribute('data-state') }).toEqual({ id, state: 'ready' });

    // Every chart drew something: its pixels differ from an empty canvas of its size.
    const blank = await page.evaluate((ids) => ids.filter((id) => {
      const canvas = document.getElementById(id) as unknown as PageCanvas;
      const empty = document.createElement('canvas');
      empty.width = canvas.width;
      empty.height = canvas.height;
      return canvas.width === 0 || canvas.toDataURL() === empty.toDataURL();
    }), CANVASES);
    expect(blank).toEqual([]);

    // The figures are the API's.
    const churn = (await api.http().get('/analytics/churn').query({ granularity: 'month' }).expect(200)).body;
    expect(digits(await tileValue('tile-customers'))).toBe(String(churn.relationshipLength.customers));
    expect(digits(await tileValue('tile-churned'))).toBe(String(churn.relationshipLength.churned));
    const complaints = (await api.http().get('/analytics/complaints').expect(200)).body;
    expect(digits(await tileValue('tile-complaints'))).toBe(String(complaints.open));
    const retention = (await api.http().get('/analytics/retention').query({ granularity: 'month' }).expect(200)).body;
    const plottable = retention.cohorts.filter((c: { size: number; retention: number[] }) => c.size > 0 && c.retention.length > 0);
    expect(await page.locator('#retention-table tbody tr').count()).toBe(Math.min(12, plottable.length));
    const clv = (await api.http().get('/analytics/clv').query({ top: 20 }).expect(200)).body;
    expect(await page.locator('#clv-top tbody tr').count()).toBe(clv.top.length);
    expect(await page.locator('#clv-top tbody tr').first().locator('a').textContent()).toBe(clv.top[0].customerId);

    await page.screenshot({ path: join(OUTPUT, 'page.png'), fullPage: true });
    for (const id of PANELS) await screenshot(id);
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  }, 60_000);

  it('changes the numbers when a segment is chosen, to the API figures for that segment', async () => {
    const all = digits(await tileValue('tile-customers'));
    const status = await page.locator('#panel-retention > .status').textContent();
    await page.selectOption('#filter-segment', 'enterprise');
    const churn = (await api.http().get('/analytics/churn').query({ granularity: 'month', segment: 'enterprise' }).expect(200)).body;
    await page.waitForFunction((expected) => document.querySelector('#tile-customers .value')?.textContent?.replace(/\D/g, '') === expected, String(churn.relationshipLength.customers));
    await settled();
    expect(digits(await tileValue('tile-customers'))).not.toBe(all);
    expect(await page.locator('#panel-retention > .status').textContent()).not.toBe(status);
    expect(await page.locator('#panel-clv > .status').textContent()).toContain('in segment enterprise');
    for (const row of await page.locator('#clv-top tbody tr td:nth-child(3)').allTextContents()) expect(row).toBe('enterprise');
    await screenshot('tiles', 'tiles-enterprise');
    await screenshot('panel-retention', 'panel-retention-enterprise');
    await page.selectOption('#filter-segment', '');
    await settled();
    expect(problems).toEqual([]);
  }, 60_000);

  it('plots more than twelve cohorts when asked, each with a colour of its own', async () => {
    const retention = (await api.http().get('/analytics/retention').query({ granularity: 'month' }).expect(200)).body;
    const plottable = retention.cohorts.filter((c: { size: number; retention: number[] }) => c.size > 0 && c.retention.length > 0).length;
    expect(plottable).toBeGreaterThan(12);
    await page.selectOption('#retention-cohorts', 'all');
    expect(await page.locator('#retention-table tbody tr').count()).toBe(plottable);
    expect(await page.locator('#panel-retention > .status').textContent()).toContain(`${plottable} of ${plottable} cohorts shown`);
    await screenshot('panel-retention', 'panel-retention-all');
    await page.selectOption('#retention-cohorts', '12');
    expect(problems).toEqual([]);
  }, 60_000);

  it('switches retention to purchase activity: the heat map shows the API\'s activity figures', async () => {
    const activity = (await api.http().get('/analytics/retention').query({ granularity: 'month', basis: 'activity' }).expect(200)).body;
    await page.selectOption('#retention-basis', 'activity');
    await page.waitForFunction(() => document.querySelector('#panel-retention > .status')?.textContent?.includes('at least one purchase'));
    await settled();
    const newest = activity.cohorts.filter((c: { size: number; retention: number[] }) => c.size > 0 && c.retention.length > 0).at(-1);
    // The newest cohort's row: cohort, size, then M0 (its acquisition month, where most first purchases fall).
    const row = page.locator('#retention-table tbody tr').last();
    expect(await row.locator('th').textContent()).toBe(newest.cohort);
    expect(await row.locator('td').nth(1).textContent()).toBe(`${Math.round(newest.retention[0] * 100)}%`);
    await screenshot('panel-retention', 'panel-retention-activity');
    await page.selectOption('#retention-basis', 'status');
    await settled();
    expect(problems).toEqual([]);
  }, 60_000);

  it('looks a customer up: profile, lifetime value and the timeline, newest first', async () => {
    const customerId = (await api.http().get('/analytics/clv').query({ top: 1 }).expect(200)).body.top[0].customerId as string;
    const timeline = (await api.http().get(`/customers/${encodeURIComponent(customerId)}/timeline`).query({ order: 'desc', limit: 20 }).expect(200)).body;
    await page.fill('#lookup-id', customerId);
    await page.click('#lookup-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('panel-lookup')?.dataset.state === 'ready' && document.querySelectorAll('#timeline tbody tr').length > 0);
    expect(page.url()).toContain(`#customer=${encodeURIComponent(customerId)}`);
    expect(await page.locator('#profile h3').textContent()).toContain(customerId);
    expect(await page.locator('#customer-clv').textContent()).toContain('predicted CLV');
    // The customer's consents as the profile has them (the demo gives most customers some).
    const { consents } = (await api.http().get(`/customers/${encodeURIComponent(customerId)}`).expect(200)).body as { consents: Record<string, Record<string, { granted: boolean }>> };
    const shown = (await page.locator('#profile').textContent()) ?? '';
    const given = Object.entries(consents).flatMap(([purpose, channels]) => Object.entries(channels).filter(([, c]) => c.granted).map(([channel]) => [purpose, channel]));
    if (Object.keys(consents).length === 0) expect(shown).toContain('none recorded');
    for (const [purpose, channel] of given) expect(shown).toMatch(new RegExp(`${purpose} by [a-z, ]*${channel}`));
    const types = await page.locator('#timeline tbody tr td:nth-child(2)').allTextContents();
    expect(types).toEqual(timeline.items.map((entry: { type: string }) => entry.type));
    expect(await page.locator('#timeline-more').isVisible()).toBe(timeline.nextCursor !== null);
    await screenshot('panel-lookup');
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a refusal in its own panel, with the API\'s detail, while the others fill', async () => {
    // The browser is told the survival endpoint refuses (as a read store that is down would make it).
    const detail = 'the read store is unavailable; retry shortly';
    await page.route('**/analytics/survival?**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/unavailable', title: 'Service Unavailable', status: 503, detail }) }),
    );
    try {
      await page.goto(`${api.url}/dashboard`);
      await settled();
      expect(await page.locator('#panel-survival').getAttribute('data-state')).toBe('error');
      expect(await page.locator('#panel-survival > .status').textContent()).toBe(detail);
      for (const id of PANELS.filter((panel) => panel !== 'panel-survival')) expect({ id, state: await page.locator(`#${id}`).getAttribute('data-state') }).toEqual({ id, state: 'ready' });
      await screenshot('panel-survival', 'panel-survival-refused');
      // The only complaint in the console is the refused request itself.
      expect(problems.filter((problem) => !problem.includes('503'))).toEqual([]);
    } finally {
      await page.unroute('**/analytics/survival?**');
    }
  }, 60_000);
});
