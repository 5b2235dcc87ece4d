import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { allPages, PROBLEM_JSON, write } from './read-side-client';

const DAY_MS = 86_400_000;

interface Seeded {
  id: string;
  segment: string;
  keyAccount: boolean;
  acquiredAt: string;
  revenue: number;
  churned: boolean;
}

/** 25 customers with a spread of segments, key accounts, acquisition days, revenues (with ties) and churns. */
const SEED: Seeded[] = Array.from({ length: 25 }, (_, i) => ({
  id: `c-${String(i).padStart(2, '0')}`,
  segment: i % 3 === 0 ? 'enterprise' : 'smb',
  keyAccount: i % 4 === 0,
  acquiredAt: `2025-01-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`,
  revenue: (((i * 7) % 13) + 1) * 100,
  churned: i % 5 === 0,
}));

const ids = (items: { customerId: string }[]) => items.map((item) => item.customerId);
const byId = (a: Seeded, b: Seeded) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('read side over HTTP: customer profile, list and timeline', () => {
  let api: RunningApi;
  let lastPosition = 0;

  beforeAll(async () => {
    api = await startApi();
    const positions = await Promise.all(
      SEED.map(async (c) => {
        await write(api, '/customers', acquisition(c.id, { segment: c.segment, keyAccount: c.keyAccount, occurredAt: c.acquiredAt }));
        const purchased = await write(api, `/customers/${c.id}/purchases`, { amount: (c.revenue / 100).toFixed(2), currency: 'EUR', occurredAt: '2025-02-01T00:00:00Z' });
        return c.churned ? write(api, `/customers/${c.id}/churn`, { reason: 'price', occurredAt: '2025-03-01T00:00:00Z' }) : purchased;
      }),
    );
    lastPosition = Math.max(...positions);
  }, 30_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  async function badRequest(path: string, query: Record<string, string | string[]>, field: string, headers: Record<string, string> = {}) {
    const response = await api.http().get(path).query(query).set(headers).expect(400).expect('content-type', PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: '/problems/validation-error', status: 400, instance: expect.stringContaining(path) });
    expect(response.body.errors).toEqual([{ field, message: expect.stringContaining(field) }]);
    return response.body;
  }

  describe('GET /customers/{id}', () => {
    it('answers the profile with tenure as of now and the mean time to resolution', async () => {
      await write(api, '/customers', acquisition('p-1', { email: 'ada@example.com', segment: 'smb', keyAccount: true, occurredAt: '2025-01-10T09:00:00Z' }));
      await write(api, '/customers/p-1/contacts', { channel: 'phone', direction: 'inbound', topic: 'invoice', occurredAt: '2025-01-11T09:00:00Z' });
      await write(api, '/customers/p-1/complaints', { complaintId: 'k-1', category: 'billing', severity: 'high', channel: 'email', description: 'x', occurredAt: '2025-01-12T00:00:00Z' });
      await write(api, '/customers/p-1/complaints/k-1/resolution', { resolution: 'refunded', occurredAt: '2025-01-12T06:00:00Z' });
      const position = await write(api, '/customers/p-1/purchases', { amount: '19.99', currency: 'EUR', occurredAt: '2025-01-13T00:00:00Z' });

      const before = Date.now();
      const { body, headers } = await api.http().get('/customers/p-1').query({ minPosition: position }).expect(200);
      const tenure = (at: number) => Math.floor((at - Date.parse('2025-01-10T09:00:00Z')) / DAY_MS);
      expect([tenure(before), tenure(Date.now())]).toContain(body.tenureDays);
      expect(headers.etag).toBe('W/"4"');
      expect(body).toMatchObject({
        customerId: 'p-1',
        email: 'ada@example.com',
        segment: 'smb',
        keyAccount: true,
        status: 'active',
        acquiredAt: '2025-01-10T09:00:00.000Z',
        contacts: { total: 1, byChannel: { phone: 1 } },
        lastContactAt: '2025-01-11T09:00:00.000Z',
        complaints: { open: 0, resolved: 1, meanTimeToResolutionHours: 6 },
        purchases: 1,
        revenueTotal: 1999,
        currency: 'EUR',
        firstPurchaseAt: '2025-01-13T00:00:00.000Z',
        revision: 4,
        lastEventPosition: position,
      });
      expect(body).not.toHaveProperty('_id');
    });

    it('answers 304 to If-None-Match with the current ETag, and the new profile once the customer changed', async () => {
      const first = await api.http().get('/customers/c-01').expect(200);
      const etag = first.headers.etag as string;
      const notModified = await api.http().get('/customers/c-01').set('If-None-Match', etag).expect(304);
      expect(notModified.text).toBe('');
      expect(notModified.headers.etag).toBe(etag);
      // The strong form of the same tag matches too (If-None-Match compares weakly).
      await api.http().get('/customers/c-01').set('If-None-Match', `"${first.body.revision}"`).expect(304);

      const position = await write(api, '/customers/c-01/contacts', { channel: 'email', direction: 'outbound', topic: 'hello' });
      const changed = await api.http().get('/customers/c-01').query({ minPosition: position }).set('If-None-Match', etag).expect(200);
      expect(changed.headers.etag).toBe(`W/"${first.body.revision + 1}"`);
      expect(changed.body.contacts.total).toBe(first.body.contacts.total + 1);
    });

    it('answers 404 problem+json for an unknown customer', async () => {
      const { body } = await api.http().get('/customers/nobody').expect(404).expect('content-type', PROBLEM_JSON);
      expect(body).toMatchObject({ type: '/problems/not-found', status: 404, detail: 'customer nobody is not known', instance: '/customers/nobody' });
    });

    it('answers 400 for a bad id or an unknown query parameter', async () => {
      const { body } = await api.http().get('/customers/bad%20id').expect(400).expect('content-type', PROBLEM_JSON);
      expect(body.errors).toEqual([{ field: 'customerId', message: expect.stringContaining('64 characters') }]);
      await badRequest('/customers/c-01', { expand: 'all' }, 'expand');
    });
  });

  describe('GET /customers', () => {
    it('pages through everyone in customer id order by default, without duplicates or gaps', async () => {
      const pages = await allPages<{ customerId: string }>(api, '/customers', { limit: 4, minPosition: lastPosition });
      expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
      const seen = pages.flat().map((item) => item.customerId);
      const everyone = [...SEED.map((c) => c.id), 'p-1'].sort();
      expect(seen).toEqual(everyone);
    });

    it('sorts descending by revenue, ties by customer id descending too, across pages', async () => {
      const pages = await allPages<{ customerId: string; revenueTotal: number }>(api, '/customers', { sort: '-revenueTotal', limit: 3, segment: 'smb', keyAccount: 'false' });
      const expected = SEED.filter((c) => c.segment === 'smb' && !c.keyAccount)
        .sort((a, b) => b.revenue - a.revenue || byId(b, a))
        .map((c) => c.id);
      expect(pages.flat().map((item) => item.customerId)).toEqual(expected);
      expect(new Set(SEED.map((c) => c.revenue)).size).toBeLessThan(SEED.length); // the data does have ties
    });

    it('filters by status, key account and acquisition time (from inclusive, to exclusive)', async () => {
      const churned = await api.http().get('/customers').query({ status: 'churned', limit: 100 }).expect(200);
      expect(ids(churned.body.items)).toEqual(SEED.filter((c) => c.churned).map((c) => c.id));
      expect(churned.body.items.every((item: { churnedAt: string }) => item.churnedAt === '2025-03-01T00:00:00.000Z')).toBe(true);
      expect(churned.body.nextCursor).toBeNull();

      const keyAccounts = await api.http().get('/customers').query({ keyAccount: 'true', status: 'active', limit: 100 }).expect(200);
      expect(ids(keyAccounts.body.items)).toEqual([...SEED.filter((c) => c.keyAccount && !c.churned).map((c) => c.id), 'p-1'].sort());

      const window = await api.http().get('/customers').query({ acquiredFrom: '2025-01-05T09:00:00Z', acquiredTo: '2025-01-10T09:00:00+00:00', sort: '-acquiredAt' }).expect(200);
      expect(ids(window.body.items)).toEqual(['c-08', 'c-07', 'c-06', 'c-05', 'c-04']);
    });

    it('keeps paging exact when customers are added between pages', async () => {
      const first = await api.http().get('/customers').query({ sort: 'acquiredAt', limit: 5, status: 'active' }).expect(200);
      // One acquired before the cursor, one after it: the first is passed, the second must come.
      await write(api, '/customers', acquisition('late-early', { occurredAt: '2025-01-01T10:00:00Z' }));
      const position = await write(api, '/customers', acquisition('late-later', { occurredAt: '2025-06-01T00:00:00Z' }));
      const rest = await allPages<{ customerId: string }>(api, '/customers', { sort: 'acquiredAt', limit: 5, status: 'active', cursor: first.body.nextCursor, minPosition: position });
      const seen = [...ids(first.body.items), ...rest.flat().map((item) => item.customerId)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain('late-later');
      expect(seen).not.toContain('late-early');
      const activeAfterCursor = SEED.filter((c) => !c.churned).length + 2; // + p-1 + late-later
      expect(seen).toHaveLength(activeAfterCursor);
    });

    it.each([
      ['a bad status', { status: 'gone' }, 'status'],
      ['keyAccount that is not true/false', { keyAccount: 'yes' }, 'keyAccount'],
      ['limit 0', { limit: '0' }, 'limit'],
      ['limit above 1000', { limit: '1001' }, 'limit'],
      ['a limit that is not a number', { limit: 'ten' }, 'limit'],
      ['a field that cannot be sorted on', { sort: 'name' }, 'sort'],
      ['a bad acquiredFrom', { acquiredFrom: '2025-13-01' }, 'acquiredFrom'],
      ['acquiredTo not after acquiredFrom', { acquiredFrom: '2025-02-01T00:00:00Z', acquiredTo: '2025-01-01T00:00:00Z' }, 'acquiredTo'],
      ['an empty segment', { segment: '' }, 'segment'],
      ['a repeated parameter', { status: ['active', 'churned'] }, 'status'],
      ['an unknown parameter', { name: 'Ada' }, 'name'],
      ['a cursor the store never issued', { cursor: 'not-a-cursor' }, 'cursor'],
      ['a negative minPosition', { minPosition: '-1' }, 'minPosition'],
    ])('400 for %s', async (_case, query, field) => {
      await badRequest('/customers', query, field);
    });

    it('400 for a cursor made for another sort order, and for a bad X-Min-Position header', async () => {
      const page = await api.http().get('/customers').query({ sort: '-revenueTotal', limit: 2 }).expect(200);
      const refused = await badRequest('/customers', { sort: 'acquiredAt', cursor: page.body.nextCursor }, 'cursor');
      expect(refused.errors[0].message).toContain('another sort order');
      await badRequest('/customers', {}, 'X-Min-Position', { 'X-Min-Position': 'soon' });
    });
  });

  describe('GET /customers/{id}/timeline', () => {
    const contact = (topic: string, occurredAt: string) => ({ channel: 'email', direction: 'inbound', topic, occurredAt });

    it('lists every event with a summary, by business time then position', async () => {
      await write(api, '/customers', acquisition('t-1', { occurredAt: '2025-01-10T09:00:00Z' }));
      await write(api, '/customers/t-1/contacts', contact('second', '2025-01-12T00:00:00Z'));
      const position = await write(api, '/customers/t-1/contacts', contact('first, reported late', '2025-01-11T00:00:00Z'));
      const { body } = await api.http().get('/customers/t-1/timeline').query({ minPosition: position }).expect(200);
      expect(body.customerId).toBe('t-1');
      expect(body.items.map((e: { summary: string }) => e.summary)).toEqual([
        'Acquired via web: Ada Lovelace',
        'Contacted by email (inbound): first, reported late',
        'Contacted by email (inbound): second',
      ]);
      expect(body.items[0]).toEqual({
        eventId: expect.any(String),
        type: 'CustomerAcquired',
        occurredAt: '2025-01-10T09:00:00.000Z',
        position: expect.any(Number),
        revision: 0,
        summary: 'Acquired via web: Ada Lovelace',
        details: expect.objectContaining({ customerId: 't-1', name: 'Ada Lovelace' }),
      });
      const newestFirst = await api.http().get('/customers/t-1/timeline').query({ order: 'desc' }).expect(200);
      expect(newestFirst.body.items.map((e: { position: number }) => e.position)).toEqual(body.items.map((e: { position: number }) => e.position).reverse());
    });

    it('pages stay exact while events arrive between page fetches', async () => {
      await write(api, '/customers', acquisition('t-2', { occurredAt: '2025-01-10T09:00:00Z' }));
      let position = 0;
      for (let day = 11; day <= 20; day++) position = await write(api, '/customers/t-2/contacts', contact(`day ${day}`, `2025-01-${day}T00:00:00Z`));

      type Entry = { occurredAt: string; position: number; summary: string };
      const firstPage = await api.http().get('/customers/t-2/timeline').query({ limit: 4, minPosition: position }).expect(200);
      const page1: Entry[] = firstPage.body.items;
      const cursorEntry = page1.at(-1)!;
      expect(cursorEntry.occurredAt).toBe('2025-01-13T00:00:00.000Z');

      // Before the cursor (passed, not shown later), at the cursor's instant but recorded later (after it), and later.
      await write(api, '/customers/t-2/contacts', contact('late, before cursor', '2025-01-11T12:00:00Z'));
      await write(api, '/customers/t-2/contacts', contact('same instant as cursor', '2025-01-13T00:00:00Z'));
      position = await write(api, '/customers/t-2/contacts', contact('newest', '2025-01-25T00:00:00Z'));

      const seen: Entry[] = [...page1];
      let cursor: string | null = firstPage.body.nextCursor;
      let appended = false;
      while (cursor !== null) {
        const response = await api.http().get('/customers/t-2/timeline').query({ limit: 4, cursor, minPosition: position }).expect(200);
        seen.push(...response.body.items);
        cursor = response.body.nextCursor;
        if (seen.length > 100) throw new Error('the cursor does not advance: more than 100 entries for a handful of events');
        if (!appended) {
          // Another arrival in the middle of paging, after everything read so far.
          position = await write(api, '/customers/t-2/contacts', contact('arrived mid-paging', '2025-01-30T00:00:00Z'));
          appended = true;
        }
      }

      const order = (e: Entry) => `${e.occurredAt}|${String(e.position).padStart(16, '0')}`;
      const keys = seen.map(order);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(keys).size).toBe(keys.length);
      const topics = seen.map((e) => e.summary.replace('Contacted by email (inbound): ', ''));
      expect(topics).not.toContain('late, before cursor');
      expect(topics).toEqual(expect.arrayContaining(['same instant as cursor', 'newest', 'arrived mid-paging']));

      // Nothing after the cursor was skipped: everything the timeline now holds after it was seen.
      const everything: Entry[] = (await api.http().get('/customers/t-2/timeline').query({ limit: 1000, minPosition: position }).expect(200)).body.items;
      expect(everything.filter((e) => order(e) > order(cursorEntry)).map(order)).toEqual(keys.filter((k) => k > order(cursorEntry)));
      expect(everything.map((e) => e.summary)).toContain('Contacted by email (inbound): late, before cursor');
    });

    it('404 for an unknown customer, 400 for bad paging', async () => {
      const { body } = await api.http().get('/customers/nobody/timeline').expect(404).expect('content-type', PROBLEM_JSON);
      expect(body).toMatchObject({ type: '/problems/not-found', detail: 'customer nobody is not known' });
      await badRequest('/customers/t-1/timeline', { limit: '-5' }, 'limit');
      await badRequest('/customers/t-1/timeline', { order: 'newest' }, 'order');
      await badRequest('/customers/t-1/timeline', { cursor: 'eyJ4IjoxfQ' }, 'cursor');
      const listCursor = (await api.http().get('/customers').query({ limit: 1 }).expect(200)).body.nextCursor;
      await badRequest('/customers/t-1/timeline', { cursor: listCursor }, 'cursor');
    });
  });

  it('documents the queries in the OpenAPI document, with their parameters and problem answers', async () => {
    const { body } = await api.http().get('/docs-json').expect(200);
    const list = body.paths['/customers'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'segment', 'keyAccount', 'acquiredFrom', 'acquiredTo', 'sort', 'limit', 'cursor', 'minPosition', 'X-Min-Position']),
    );
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '503']));
    expect(Object.keys(body.paths['/customers/{customerId}'].get.responses)).toEqual(expect.arrayContaining(['200', '304', '404', '503']));
    expect(body.paths['/customers/{customerId}/timeline'].get).toBeDefined();
    expect(body.paths['/analytics/complaints'].get).toBeDefined();
    expect(body.paths['/projections'].get).toBeDefined();
  });
});
