/** GET /customers?rfmSegment=: the customers in one RFM segment now, with the list's other filters, sort and paging. */
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { allPages, PROBLEM_JSON, write } from './read-side-client';

/**
 * Ten buyers and one customer without a purchase. Hand-scored (docs/analytics.md, quintiles of
 * the rank, ties share the lower score; n = 10):
 * - h-1..h-5 bought once on 2025-01-01: F = 1 (b = 0), and their last purchase is the oldest, R = 1
 *   (b = 0) → hibernating.
 * - k-1..k-5 bought three times, last on 2025-04-12: F = ⌊5·5/10⌋+1 = 3, R = 3 → need_attention.
 * Scores depend only on ranks, so "now" (whenever the test runs) gives the same segments.
 */
const HIBERNATING = ['h-1', 'h-2', 'h-3', 'h-4', 'h-5'];
const NEED_ATTENTION = ['k-1', 'k-2', 'k-3', 'k-4', 'k-5'];
const SMB = new Set(['h-1', 'h-2', 'h-4', 'k-1', 'k-3', 'n-1']);

const ids = (pages: { customerId: string }[][]) => pages.flat().map((item) => item.customerId);

describe('GET /customers?rfmSegment=', () => {
  let api: RunningApi;
  let minPosition = 0;

  beforeAll(async () => {
    api = await startApi();
    for (const [i, id] of [...HIBERNATING, ...NEED_ATTENTION, 'n-1'].entries()) {
      minPosition = await write(api, '/customers', acquisition(id, { segment: SMB.has(id) ? 'smb' : 'enterprise', occurredAt: `2024-12-${String(i + 1).padStart(2, '0')}T09:00:00Z` }));
    }
    for (const id of HIBERNATING) minPosition = await write(api, `/customers/${id}/purchases`, { amount: '20.00', currency: 'EUR', occurredAt: '2025-01-01T10:00:00Z' });
    for (const id of NEED_ATTENTION) {
      for (const day of ['10', '11', '12']) minPosition = await write(api, `/customers/${id}/purchases`, { amount: '15.00', currency: 'EUR', occurredAt: `2025-04-${day}T10:00:00Z` });
    }
  }, 60_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('lists exactly the segment the RFM analytics names, and none for an empty segment', async () => {
    expect(ids(await allPages(api, '/customers', { rfmSegment: 'hibernating', minPosition }))).toEqual(HIBERNATING);
    expect(ids(await allPages(api, '/customers', { rfmSegment: 'need_attention', minPosition }))).toEqual(NEED_ATTENTION);
    expect(ids(await allPages(api, '/customers', { rfmSegment: 'champions', minPosition }))).toEqual([]);
    // The same members as the analytics answer (asked after the lists waited for minPosition).
    const rfm = (await api.http().get('/analytics/rfm').query({ segment: 'hibernating' }).expect(200)).body;
    expect(rfm.members.map((m: { customerId: string }) => m.customerId).sort()).toEqual(HIBERNATING);
  });

  it('combines with the other filters, sorts and pages by cursor', async () => {
    const smbHibernating = await allPages<{ customerId: string; segment: string }>(api, '/customers', { rfmSegment: 'hibernating', segment: 'smb', minPosition });
    expect(ids(smbHibernating)).toEqual(['h-1', 'h-2', 'h-4']);

    // Acquired in reverse id order within need_attention: k-5 last; two per page.
    const pages = await allPages<{ customerId: string }>(api, '/customers', { rfmSegment: 'need_attention', sort: '-acquiredAt', limit: 2, minPosition });
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(ids(pages)).toEqual(['k-5', 'k-4', 'k-3', 'k-2', 'k-1']);
  });

  it('refuses an unknown segment name with a problem', async () => {
    const response = await api.http().get('/customers').query({ rfmSegment: 'whales' }).expect(400).expect('content-type', PROBLEM_JSON);
    expect(response.body.errors).toEqual([{ field: 'rfmSegment', message: expect.stringContaining('rfmSegment') }]);
  });
});
