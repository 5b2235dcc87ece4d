import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LIFELINE_RUNTIME, type LifelineRuntime } from '@lifeline/composition';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { rebuild } from '@lifeline/projections/runtime';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

// Distinctive values: found in a file's bytes only if they were written there.
const NAME = 'Zyxwerasa Quolmbert';
const EMAIL = 'zq.erasure-probe@nowhere.example';
const NOTE = 'Qwfp erasure note: prefers calls after 5pm';
const DESCRIPTION = 'Qwfp erasure complaint: charged twice';
const RESOLUTION = 'Qwfp erasure resolution: refunded';
const SECRETS = [NAME, EMAIL, NOTE, DESCRIPTION, RESOLUTION];
const OTHER_NAME = 'Ottokar Keepsake';

/** Every file under the data folder (WAL and shared-memory files included), with its bytes. */
function filesOf(dir: string): { file: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesOf(path) : [{ file: entry, bytes: readFileSync(path) }];
  });
}

/** Which files hold which of the values, as UTF-8 (how SQLite and JSON store text). */
function plaintextFound(dir: string, values: readonly string[]): string[] {
  return filesOf(dir).flatMap(({ file, bytes }) => values.filter((value) => bytes.includes(Buffer.from(value, 'utf8'))).map((value) => `${file}: ${value}`));
}

describe('POST /customers/{id}/erasure (GDPR Art. 17, crypto-shredding)', () => {
  let api: RunningApi;
  let position = 0;
  const track = (response: { body: { position?: number } }) => {
    position = Math.max(position, response.body.position ?? 0);
    return response;
  };
  const analytics = async () => {
    const paths = ['/analytics/revenue', '/analytics/churn', '/analytics/retention', '/analytics/survival', '/analytics/complaints', '/analytics/rfm'];
    await api.http().get('/customers/c-erase').query({ minPosition: position }).expect(200);
    // Everything but the time of the answer.
    const withoutAsOf = (body: Record<string, unknown>) => JSON.parse(JSON.stringify(body, (key, value: unknown) => (key === 'asOf' ? undefined : value)));
    return Object.fromEntries(await Promise.all(paths.map(async (path) => [path, withoutAsOf((await api.http().get(path).expect(200)).body)])));
  };

  beforeAll(async () => {
    api = await startApi();
    const http = () => api.http();
    track(await http().post('/customers').set('Idempotency-Key', 'erasure-acq-1').send(acquisition('c-erase', { name: NAME, email: EMAIL, accountManager: 'Qwfp Manager' })).expect(201));
    track(await http().post('/customers').send(acquisition('c-keep', { name: OTHER_NAME, email: 'ok@keep.example' })).expect(201));
    track(await http().post('/customers/c-erase/contacts').send({ contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'renewal', agent: 'Qwfp Agent', note: NOTE, occurredAt: '2025-02-01T10:00:00Z' }).expect(201));
    track(await http().post('/customers/c-erase/complaints').send({ complaintId: 'k-1', category: 'billing', severity: 'high', channel: 'email', description: DESCRIPTION, occurredAt: '2025-03-01T10:00:00Z' }).expect(201));
    track(await http().post('/customers/c-erase/complaints/k-1/resolution').send({ resolution: RESOLUTION, satisfaction: 4, occurredAt: '2025-03-03T10:00:00Z' }).expect(201));
    for (const [i, day] of ['2025-03-02', '2025-05-02', '2025-08-02'].entries()) {
      track(await http().post('/customers/c-erase/purchases').send({ orderId: `o-${i}`, amount: '19.99', currency: 'EUR', occurredAt: `${day}T10:00:00Z` }).expect(201));
    }
    track(await http().post('/customers/c-erase/churn').send({ reason: 'price', occurredAt: '2025-09-01T10:00:00Z' }).expect(201));
    track(await http().post('/customers/c-keep/purchases').send({ orderId: 'o-k', amount: '5.00', currency: 'EUR', occurredAt: '2025-04-01T10:00:00Z' }).expect(201));
    // Both churned: no customer is censored at "now", so survival answers do not move with the clock between two calls.
    track(await http().post('/customers/c-keep/churn').send({ reason: 'moved', occurredAt: '2025-10-01T10:00:00Z' }).expect(201));
    await http().get('/customers/c-erase').query({ minPosition: position }).expect(200);
  });
  afterAll(async () => {
    await api?.stop();
    if (api) removeDataDir(api.config.dataDir);
  });

  it('before erasure: the event store holds ciphertext only, every reader and the export get plaintext', async () => {
    // The scan sees what is there: the read models hold the name in plain.
    expect(plaintextFound(api.config.dataDir, [NAME]).some((hit) => hit.startsWith('read.db'))).toBe(true);
    // The event log never did: no personal value of either customer in events.db or its WAL.
    const inEventStore = plaintextFound(api.config.dataDir, [...SECRETS, OTHER_NAME]).filter((hit) => hit.startsWith('events.db'));
    expect(inEventStore).toEqual([]);

    const exported = (await api.http().get('/customers/c-erase/personal-data').expect(200)).body;
    expect(exported.personalData.map((value: { field: string; value: unknown }) => [value.field, value.value])).toEqual([
      ['name', NAME],
      ['email', EMAIL],
      ['accountManager', 'Qwfp Manager'],
      ['note', NOTE],
      ['agent', 'Qwfp Agent'],
      ['description', DESCRIPTION],
      ['resolution', RESOLUTION],
    ]);
    expect((await api.http().get('/customers/c-erase').expect(200)).body).toMatchObject({ name: NAME, email: EMAIL });
    const feed = (await api.http().get('/feed/events').expect(200)).body;
    expect(JSON.stringify(feed)).toContain(NAME);
  });

  it('erases: no byte of the name, e-mail or texts is left in any file of the data folder; analytics unchanged', async () => {
    const before = await analytics();
    const profileBefore = (await api.http().get('/customers/c-erase').expect(200)).body;

    const erased = (await api.http().post('/customers/c-erase/erasure').expect(200)).body;
    expect(erased).toMatchObject({ customerId: 'c-erase', alreadyErased: false, readModelsScrubbed: true, position: expect.any(Number) });
    track({ body: erased });

    const hits = plaintextFound(api.config.dataDir, SECRETS);
    expect(hits).toEqual([]);
    // The other customer is untouched (and readable).
    expect((await api.http().get('/customers/c-keep').expect(200)).body).toMatchObject({ name: OTHER_NAME });

    const profile = (await api.http().get('/customers/c-erase').query({ minPosition: position }).expect(200)).body;
    expect(profile).toMatchObject({ name: null, email: null, accountManager: null, erased: true });
    expect(profile.revenueTotal).toBe(profileBefore.revenueTotal);
    expect(profile.purchases).toBe(3);
    expect(profile.lastEventAt).toBe(profileBefore.lastEventAt);
    expect(await analytics()).toEqual(before);

    const timeline = JSON.stringify((await api.http().get('/customers/c-erase/timeline').query({ minPosition: position }).expect(200)).body);
    for (const value of SECRETS) expect(timeline).not.toContain(value);
    expect(timeline).toContain('Acquired via web: [erased]');

    const feed = (await api.http().get('/feed/events').expect(200)).body;
    const feedText = JSON.stringify(feed);
    for (const value of SECRETS) expect(feedText).not.toContain(value);
    expect(feedText).toContain(OTHER_NAME);
    expect(feedText).toContain('CustomerErased');

    const exported = (await api.http().get('/customers/c-erase/personal-data').expect(200)).body;
    expect(exported.personalData).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain(NAME);
    expect(exported.events[0].data).toMatchObject({ name: null, email: null, accountManager: null });
    expect(exported.events[0].metadata).toMatchObject({ erased: true });
  });

  it('is idempotent: erasing again answers the first erasure and writes nothing', async () => {
    const head = await api.eventStore.headPosition();
    const again = (await api.http().post('/customers/c-erase/erasure').expect(200)).body;
    expect(again).toMatchObject({ customerId: 'c-erase', alreadyErased: true });
    expect(again.position).toBeUndefined();
    expect(await api.eventStore.headPosition()).toBe(head);
    await api.http().post('/customers/nobody/erasure').expect(404);
    const reader = await api.createKey('writer');
    await api.anonymous().post('/customers/c-keep/erasure').set('Authorization', `Bearer ${reader}`).expect(403);
  });

  it('after erasure: personal data is refused, purchases, churn and reactivation are still recorded', async () => {
    const refused = await api.http().post('/customers/c-erase/contacts').send({ channel: 'phone', direction: 'inbound', topic: 'x', note: 'new text' }).expect(409);
    expect(refused.body).toMatchObject({ rule: 'customer_erased' });
    await api.http().post('/customers/c-erase/complaints').send({ category: 'billing', severity: 'low', channel: 'email', description: 'again' }).expect(409);
    track(await api.http().post('/customers/c-erase/reactivation').send({}).expect(201));
    track(await api.http().post('/customers/c-erase/purchases').send({ orderId: 'o-after', amount: '1.00', currency: 'EUR' }).expect(201));
    const profile = (await api.http().get('/customers/c-erase').query({ minPosition: position }).expect(200)).body;
    expect(profile).toMatchObject({ name: null, erased: true, purchases: 4, status: 'active' });
  });

  it('a rebuild from zero gives the documents the incremental projector wrote, and leaves no byte behind', async () => {
    const runtime = api.app.get<LifelineRuntime>(LIFELINE_RUNTIME);
    await runtime.projector.waitForPosition(position, 10_000);
    const snapshot = async () => {
      const all: Record<string, unknown[]> = {};
      for (const projection of ALL_PROJECTIONS) {
        const docs: unknown[] = [];
        for await (const doc of runtime.readStore.scan(projection.name)) docs.push(doc);
        all[projection.name] = docs;
      }
      return all;
    };
    const incremental = await snapshot();
    for (const projection of ALL_PROJECTIONS) await rebuild(projection, { eventStore: runtime.eventStore, readStore: runtime.readStore });
    expect(await snapshot()).toEqual(incremental);
    await runtime.readStore.discardDeletedContent!();
    expect(plaintextFound(api.config.dataDir, SECRETS)).toEqual([]);
  });
});
