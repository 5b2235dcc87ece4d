/**
 * Consent over HTTP (issue 11, item 7): POST /customers/{id}/consents records ConsentGiven /
 * ConsentWithdrawn per purpose and channel; the profile shows the current consents, the
 * timeline and the feed the events; GET /customers?contactableFor= lists who may be contacted;
 * an outbound contact for a purpose on a withdrawn channel is refused.
 */
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { allPages, PROBLEM_JSON, write } from '../read-side/read-side-client';

const consent = (body: Record<string, unknown>) => ({ purpose: 'marketing', channel: 'email', granted: true, occurredAt: '2025-03-01T10:00:00Z', ...body });
const outbound = (body: Record<string, unknown> = {}) => ({ channel: 'email', direction: 'outbound', topic: 'summer offer', purpose: 'marketing', occurredAt: '2025-04-01T10:00:00Z', ...body });
const ids = (pages: { customerId: string }[][]) => pages.flat().map((item) => item.customerId);

describe('consents over HTTP', () => {
  let api: RunningApi;
  let minPosition = 0;

  beforeAll(async () => {
    api = await startApi();
    // k-1: marketing by email and post; k-2: by email, then withdrew it; k-3: by phone only (and churned);
    // k-4: research by email only; k-5: withdrew all marketing without ever giving it; k-6: nothing recorded.
    for (const [i, id] of ['k-1', 'k-2', 'k-3', 'k-4', 'k-5', 'k-6'].entries()) {
      minPosition = await write(api, '/customers', acquisition(id, { occurredAt: `2025-01-0${i + 1}T09:00:00Z`, segment: i % 2 ? 'smb' : 'enterprise' }));
    }
    minPosition = await write(api, '/customers/k-1/consents', consent({ source: 'web form: newsletter sign-up' }));
    minPosition = await write(api, '/customers/k-1/consents', consent({ channel: 'post', occurredAt: '2025-03-02T10:00:00Z' }));
    minPosition = await write(api, '/customers/k-2/consents', consent({}));
    minPosition = await write(api, '/customers/k-2/consents', consent({ granted: false, occurredAt: '2025-03-10T10:00:00Z', source: 'unsubscribe link' }));
    minPosition = await write(api, '/customers/k-3/consents', consent({ channel: 'phone' }));
    minPosition = await write(api, '/customers/k-3/churn', { reason: 'price', occurredAt: '2025-03-05T00:00:00Z' });
    minPosition = await write(api, '/customers/k-4/consents', consent({ purpose: 'research' }));
    minPosition = await write(api, '/customers/k-5/consents', { purpose: 'marketing', granted: false, occurredAt: '2025-03-01T10:00:00Z' });
  }, 60_000);
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  describe('POST /customers/{id}/consents', () => {
    it('writes one versioned event per changed channel, with the caller as principal', async () => {
      const events = await api.stream('k-1');
      expect(events.slice(1).map((e) => [e.type, e.schemaVersion, e.occurredAt, e.data])).toEqual([
        ['ConsentGiven', 1, '2025-03-01T10:00:00.000Z', { customerId: 'k-1', purpose: 'marketing', channel: 'email', source: 'web form: newsletter sign-up' }],
        ['ConsentGiven', 1, '2025-03-02T10:00:00.000Z', { customerId: 'k-1', purpose: 'marketing', channel: 'post' }],
      ]);
      expect(events[1]!.metadata.principal).toMatch(/^key:test-admin-/);
      const withdrawnAll = await api.stream('k-5');
      expect(withdrawnAll.slice(1).map((e) => [e.type, e.data.channel])).toEqual([
        ['ConsentWithdrawn', 'email'],
        ['ConsentWithdrawn', 'phone'],
        ['ConsentWithdrawn', 'sms'],
        ['ConsentWithdrawn', 'post'],
      ]);
    });

    it('answers how many events it recorded; giving a consent that stands again writes nothing', async () => {
      await write(api, '/customers', acquisition('r-1'));
      const first = (await api.http().post('/customers/r-1/consents').send(consent({ purpose: 'service' })).expect(201)).body;
      expect(first).toEqual({ customerId: 'r-1', revision: 1, position: expect.any(Number), recorded: 1 });
      const again = (await api.http().post('/customers/r-1/consents').send(consent({ purpose: 'service', occurredAt: '2025-03-09T00:00:00Z', source: 'again' })).expect(201)).body;
      expect(again).toEqual({ ...first, recorded: 0 });
      expect(await api.stream('r-1')).toHaveLength(2);
    });

    it('refuses an unknown customer (404) and a change dated before the current consent (409), writing nothing', async () => {
      const unknown = await api.http().post('/customers/nobody/consents').send(consent({})).expect(404).expect('content-type', PROBLEM_JSON);
      expect(unknown.body).toMatchObject({ type: '/problems/rule-violation', rule: 'customer_not_found' });
      const before = await api.stream('k-2');
      const late = await api.http().post('/customers/k-2/consents').send(consent({ occurredAt: '2025-03-05T00:00:00Z' })).expect(409).expect('content-type', PROBLEM_JSON);
      expect(late.body).toMatchObject({ type: '/problems/rule-violation', status: 409, rule: 'consent_change_before_current' });
      expect(await api.stream('k-2')).toHaveLength(before.length);
    });

    it.each([
      ['an unknown purpose', consent({ purpose: 'spam' }), 'purpose'],
      ['an unknown channel', consent({ channel: 'pigeon' }), 'channel'],
      ['granted not a boolean', consent({ granted: 'yes' }), 'granted'],
      ['granted missing', { purpose: 'marketing', channel: 'email' }, 'granted'],
      ['a source too long', consent({ source: 'x'.repeat(201) }), 'source'],
      ['a bad business time', consent({ occurredAt: 'yesterday' }), 'occurredAt'],
      ['an unknown field', consent({ grantedBy: 'me' }), 'grantedBy'],
    ])('answers 400 problem+json for %s, naming the field, writing nothing', async (_case, body, field) => {
      const before = await api.stream('k-6');
      const response = await api.http().post('/customers/k-6/consents').send(body).expect(400).expect('content-type', PROBLEM_JSON);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await api.stream('k-6')).toHaveLength(before.length);
    });

    it('needs the writer role', async () => {
      const reader = await api.createKey('reader');
      await api.anonymous().post('/customers/r-1/consents').set('Authorization', `Bearer ${reader}`).send(consent({ purpose: 'service' })).expect(403);
      const writer = await api.createKey('writer');
      await api.anonymous().post('/customers/r-1/consents').set('Authorization', `Bearer ${writer}`).send(consent({ purpose: 'service', channel: 'sms' })).expect(201);
    });
  });

  describe('the profile, the timeline and the feed', () => {
    it('GET /customers/{id} shows the current consent per purpose and channel, since when and from where', async () => {
      const { body } = await api.http().get('/customers/k-2').query({ minPosition }).expect(200);
      expect(body.consents).toEqual({ marketing: { email: { granted: false, since: '2025-03-10T10:00:00.000Z', source: 'unsubscribe link' } } });
      const k1 = (await api.http().get('/customers/k-1').query({ minPosition }).expect(200)).body;
      expect(k1.consents).toEqual({
        marketing: {
          email: { granted: true, since: '2025-03-01T10:00:00.000Z', source: 'web form: newsletter sign-up' },
          post: { granted: true, since: '2025-03-02T10:00:00.000Z', source: null },
        },
      });
      expect(k1).not.toHaveProperty('consentedChannels');
      expect((await api.http().get('/customers/k-6').query({ minPosition }).expect(200)).body.consents).toEqual({});
    });

    it('the timeline lists the consent events', async () => {
      const { body } = await api.http().get('/customers/k-2/timeline').query({ minPosition }).expect(200);
      expect(body.items.map((e: { type: string; summary: string }) => [e.type, e.summary])).toEqual([
        ['CustomerAcquired', 'Acquired via web: Ada Lovelace (segment smb)'],
        ['ConsentGiven', 'Consent given: marketing by email'],
        ['ConsentWithdrawn', 'Consent withdrawn: marketing by email'],
      ]);
    });

    it('the feed carries them as CloudEvents like every customer event', async () => {
      const { body } = await api.http().get('/feed/events').query({ after: 0, limit: 1000 }).expect(200);
      const k2 = body.events.filter((e: { subject: string }) => e.subject === 'k-2');
      expect(k2.map((e: { type: string }) => e.type)).toEqual([
        'com.lifeline.customer.CustomerAcquired.v1',
        'com.lifeline.customer.ConsentGiven.v1',
        'com.lifeline.customer.ConsentWithdrawn.v1',
      ]);
      expect(k2[2].data).toEqual({ customerId: 'k-2', purpose: 'marketing', channel: 'email', source: 'unsubscribe link' });
    });
  });

  describe('GET /customers?contactableFor=', () => {
    it('lists the customers with consent given for the purpose, on any channel or on the one asked for', async () => {
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', minPosition }))).toEqual(['k-1', 'k-3']);
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', channel: 'email', minPosition }))).toEqual(['k-1']);
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', channel: 'post', minPosition }))).toEqual(['k-1']);
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', channel: 'sms', minPosition }))).toEqual([]);
      expect(ids(await allPages(api, '/customers', { contactableFor: 'research', minPosition }))).toEqual(['k-4']);
    });

    it('combines with the other filters, sorts and pages by cursor', async () => {
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', status: 'active', minPosition }))).toEqual(['k-1']);
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', status: 'churned', minPosition }))).toEqual(['k-3']);
      expect(ids(await allPages(api, '/customers', { contactableFor: 'marketing', segment: 'enterprise', minPosition }))).toEqual(['k-1', 'k-3']);
      const pages = await allPages<{ customerId: string }>(api, '/customers', { contactableFor: 'marketing', sort: '-acquiredAt', limit: 1, minPosition });
      expect(pages.map((page) => page.length)).toEqual([1, 1]);
      expect(ids(pages)).toEqual(['k-3', 'k-1']);
    });

    it('refuses an unknown purpose or channel, and a channel without a purpose, with a problem', async () => {
      const purpose = await api.http().get('/customers').query({ contactableFor: 'spam' }).expect(400).expect('content-type', PROBLEM_JSON);
      expect(purpose.body.errors).toEqual([{ field: 'contactableFor', message: expect.stringContaining('marketing') }]);
      const channel = await api.http().get('/customers').query({ contactableFor: 'marketing', channel: 'fax' }).expect(400).expect('content-type', PROBLEM_JSON);
      expect(channel.body.errors).toEqual([{ field: 'channel', message: expect.stringContaining('email') }]);
      const alone = await api.http().get('/customers').query({ channel: 'email' }).expect(400).expect('content-type', PROBLEM_JSON);
      expect(alone.body.errors).toEqual([{ field: 'channel', message: expect.stringContaining('contactableFor') }]);
    });
  });

  describe('contacts and consent', () => {
    it('refuses an outbound marketing contact on a withdrawn channel with a rule violation, writing nothing', async () => {
      const before = await api.stream('k-2');
      const refused = await api.http().post('/customers/k-2/contacts').send(outbound()).expect(409).expect('content-type', PROBLEM_JSON);
      expect(refused.body).toMatchObject({ type: '/problems/rule-violation', status: 409, rule: 'consent_withdrawn', detail: expect.stringContaining('marketing') });
      // An objection recorded without any consent given before refuses too; a letter falls under post.
      await api.http().post('/customers/k-5/contacts').send(outbound({ channel: 'letter' })).expect(409);
      expect(await api.stream('k-2')).toHaveLength(before.length);
    });

    it('records the contact when the customer started it, when it has no purpose, on another channel, or dated before the withdrawal', async () => {
      await api.http().post('/customers/k-2/contacts').send(outbound({ direction: 'inbound' })).expect(201);
      await api.http().post('/customers/k-2/contacts').send(outbound({ purpose: undefined, topic: 'invoice question' })).expect(201);
      await api.http().post('/customers/k-2/contacts').send(outbound({ channel: 'phone' })).expect(201);
      await api.http().post('/customers/k-2/contacts').send(outbound({ occurredAt: '2025-03-05T00:00:00Z' })).expect(201);
      const contacts = (await api.stream('k-2')).filter((e) => e.type === 'CustomerContacted');
      expect(contacts.map((e) => e.data.purpose)).toEqual(['marketing', undefined, 'marketing', 'marketing']);
    });

    it('refuses an unknown contact purpose with 400', async () => {
      const response = await api.http().post('/customers/k-1/contacts').send(outbound({ purpose: 'spam' })).expect(400).expect('content-type', PROBLEM_JSON);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    });
  });
});
