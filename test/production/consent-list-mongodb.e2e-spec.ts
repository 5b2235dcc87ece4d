/**
 * GET /customers?contactableFor= with the MongoDB read store (FerretDB from scripts/services in
 * CI, or any MongoDB): the same filter, combined with the others, sorted and paged, as on SQLite
 * (test/write-side/consents.e2e-spec.ts). The API runs on a fresh database, dropped afterwards.
 */
import { MongoClient } from 'mongodb';
import { v4 as uuid } from 'uuid';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { allPages, write } from '../read-side/read-side-client';
import { realServerFor } from './real-servers';

const server = realServerFor('MONGO_URL');
const ids = (pages: { customerId: string }[][]) => pages.flat().map((item) => item.customerId);
const consent = (body: Record<string, unknown>) => ({ purpose: 'marketing', channel: 'email', granted: true, occurredAt: '2025-03-01T10:00:00Z', ...body });

function withDatabase(url: string, dbName: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${dbName}`;
  return parsed.toString();
}

const suite = server.kind === 'environment' ? describe : describe.skip;
const label = server.kind === 'environment' ? 'on the server in MONGO_URL' : 'skipped: needs MONGO_URL (scripts/services up)';

suite(`the consent list filter with the MongoDB read store (${label})`, () => {
  const mongoUrl = server.kind === 'environment' ? withDatabase(server.address, `lifeline_consent_${uuid().slice(0, 8)}`) : '';
  let api: RunningApi;
  let minPosition = 0;

  beforeAll(async () => {
    // Protected mode: with the MongoDB read store the keys live in that (fresh) database, where the harness puts none.
    api = await startApi({ auth: 'protected', env: { LIFELINE_READ_STORE: 'mongodb', MONGO_URL: mongoUrl } });
    for (const [i, id] of ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'].entries()) {
      minPosition = await write(api, '/customers', acquisition(id, { occurredAt: `2025-01-0${i + 1}T09:00:00Z`, segment: i % 2 ? 'smb' : 'enterprise' }));
    }
    minPosition = await write(api, '/customers/m-1/consents', consent({}));
    minPosition = await write(api, '/customers/m-1/consents', consent({ channel: 'post' }));
    minPosition = await write(api, '/customers/m-2/consents', consent({}));
    minPosition = await write(api, '/customers/m-2/consents', consent({ granted: false, occurredAt: '2025-03-10T10:00:00Z' }));
    minPosition = await write(api, '/customers/m-3/consents', consent({ channel: 'phone' }));
    minPosition = await write(api, '/customers/m-5/consents', consent({}));
    minPosition = await write(api, '/customers/m-5/churn', { reason: 'price', occurredAt: '2025-03-05T00:00:00Z' });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    if (api) removeDataDir(api.config.dataDir);
    const client = new MongoClient(mongoUrl);
    try {
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('lists who may be contacted for the purpose, on any channel or the one asked for', async () => {
    expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', minPosition }))).toEqual(['m-1', 'm-3', 'm-5']);
    expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', channel: 'email', minPosition }))).toEqual(['m-1', 'm-5']);
    expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', channel: 'sms', minPosition }))).toEqual([]);
    expect((await api.http().get('/customers/m-2').query({ minPosition }).expect(200)).body.consents.marketing.email).toMatchObject({ granted: false });
  });

  it('combines with the other filters, sorts and pages by cursor', async () => {
    expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', status: 'active', minPosition }))).toEqual(['m-1', 'm-3']);
    expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', segment: 'enterprise', minPosition }))).toEqual(['m-1', 'm-3', 'm-5']);
    const pages = await allPages<{ customerId: string }>(api, '/customers', { contactableFor: 'marketing', sort: '-acquiredAt', limit: 2, minPosition });
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(ids(pages)).toEqual(['m-5', 'm-3', 'm-1']);
  });
});
