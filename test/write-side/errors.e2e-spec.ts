import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('write side over HTTP: errors are application/problem+json', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
    await api.http().post('/customers').send(acquisition('c-1')).expect(201);
    await api.http().post('/customers/c-1/complaints').send({ complaintId: 'k-1', category: 'billing', severity: 'low', channel: 'email', description: 'late invoice', occurredAt: '2025-02-01T10:00:00Z' }).expect(201);
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  /** Posts, checks the problem's envelope (status, content type, instance), returns its body. */
  async function problem(path: string, body: unknown, status: number) {
    const response = await api.http().post(path).send(body as object).expect(status).expect('content-type', PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), instance: path });
    return response.body;
  }

  describe('400 for bad input, naming each bad field, writing nothing', () => {
    const validContact = { channel: 'phone', direction: 'inbound', topic: 'hello' };
    const validPurchase = { amount: '10.00', currency: 'EUR' };

    it.each([
      ['an unknown field', '/customers', { ...acquisition('c-x'), vip: true }, 'vip'],
      ['a missing required field', '/customers', { customerId: 'c-x', acquisitionChannel: 'web' }, 'name'],
      ['a wrong type', '/customers', acquisition('c-x', { name: 42 }), 'name'],
      ['a string for a boolean', '/customers', acquisition('c-x', { keyAccount: 'yes' }), 'keyAccount'],
      ['null for an optional field', '/customers', acquisition('c-x', { email: null }), 'email'],
      ['a bad e-mail', '/customers', acquisition('c-x', { email: 'not-an-address' }), 'email'],
      ['a bad enum value', '/customers', acquisition('c-x', { acquisitionChannel: 'tv' }), 'acquisitionChannel'],
      ['a bad customer id in the body', '/customers', acquisition('c x/1'), 'customerId'],
      ['a date that does not exist', '/customers', acquisition('c-x', { occurredAt: '2025-02-30T10:00:00Z' }), 'occurredAt'],
      ['a date without a zone', '/customers', acquisition('c-x', { occurredAt: '2025-01-10T09:00:00' }), 'occurredAt'],
      ['not a date', '/customers', acquisition('c-x', { occurredAt: 'yesterday' }), 'occurredAt'],
      ['a bad contact direction', '/customers/c-1/contacts', { ...validContact, direction: 'sideways' }, 'direction'],
      ['an empty topic', '/customers/c-1/contacts', { ...validContact, topic: '' }, 'topic'],
      ['a bad complaint severity', '/customers/c-1/complaints', { category: 'billing', severity: 'urgent', channel: 'email', description: 'x' }, 'severity'],
      ['a satisfaction outside 1..5', '/customers/c-1/complaints/k-1/resolution', { resolution: 'done', satisfaction: 6 }, 'satisfaction'],
      ['a fractional satisfaction', '/customers/c-1/complaints/k-1/resolution', { resolution: 'done', satisfaction: 4.5 }, 'satisfaction'],
      ['amount "1.999" (3 decimals)', '/customers/c-1/purchases', { ...validPurchase, amount: '1.999' }, 'amount'],
      ['amount "0"', '/customers/c-1/purchases', { ...validPurchase, amount: '0' }, 'amount'],
      ['amount "-1"', '/customers/c-1/purchases', { ...validPurchase, amount: '-1' }, 'amount'],
      ['amount "abc"', '/customers/c-1/purchases', { ...validPurchase, amount: 'abc' }, 'amount'],
      ['amount as a number', '/customers/c-1/purchases', { ...validPurchase, amount: 19.99 }, 'amount'],
      ['a lower-case currency', '/customers/c-1/purchases', { ...validPurchase, currency: 'eur' }, 'currency'],
      ['a bad churn reason', '/customers/c-1/churn', { reason: 'bored' }, 'reason'],
      ['a non-string reactivation channel', '/customers/c-1/reactivation', { channel: 7 }, 'channel'],
    ])('%s', async (_case, path, body, field) => {
      const head = await api.eventStore.headPosition();
      const refused = await problem(path, body, 400);
      expect(refused.type).toBe('/problems/validation-error');
      expect(refused.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringContaining(field) }]));
      expect(await api.eventStore.headPosition()).toBe(head);
    });

    it('lists every bad field at once', async () => {
      const refused = await problem('/customers', { name: '', acquisitionChannel: 'tv', extra: 1 }, 400);
      expect(refused.errors.map((e: { field: string }) => e.field).sort()).toEqual(['acquisitionChannel', 'extra', 'name']);
    });

    it.each([
      ['a customer id with a space', '/customers/bad%20id/contacts', 'customerId'],
      ['a customer id longer than 64 characters', `/customers/${'x'.repeat(65)}/churn`, 'customerId'],
      ['a complaint id with a bad character', '/customers/c-1/complaints/k%241/resolution', 'complaintId'],
    ])('a bad path id: %s', async (_case, path, field) => {
      const { body } = await api.http().post(path).send({ reason: 'price', resolution: 'x' }).expect(400).expect('content-type', PROBLEM_JSON);
      expect(body.errors).toEqual([{ field, message: expect.stringContaining('64 characters') }]);
    });

    it('malformed JSON', async () => {
      const { body } = await api.http().post('/customers').set('Content-Type', 'application/json').send('{"name": "Ada",').expect(400).expect('content-type', PROBLEM_JSON);
      expect(body).toMatchObject({ type: '/problems/malformed-json', status: 400 });
    });

    it('a JSON array instead of an object', async () => {
      await api.http().post('/customers').send([acquisition('c-arr')]).expect(400).expect('content-type', PROBLEM_JSON);
      expect(await api.stream('c-arr')).toEqual([]);
    });

    it('an unusable Idempotency-Key', async () => {
      const { body } = await api.http().post('/customers').set('Idempotency-Key', 'k'.repeat(256)).send(acquisition('c-key')).expect(400);
      expect(body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      expect(await api.stream('c-key')).toEqual([]);
    });
  });

  it('413 for a body over 1 MB', async () => {
    const huge = acquisition('c-huge', { name: 'x'.repeat(1024 * 1024) });
    const { body } = await api.http().post('/customers').send(huge).expect(413).expect('content-type', PROBLEM_JSON);
    expect(body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(await api.stream('c-huge')).toEqual([]);
  });

  describe('404 for what does not exist', () => {
    it('an unknown customer', async () => {
      const refused = await problem('/customers/nobody/contacts', { channel: 'phone', direction: 'inbound', topic: 'hi' }, 404);
      expect(refused).toMatchObject({ type: '/problems/rule-violation', rule: 'customer_not_found' });
      expect(await api.stream('nobody')).toEqual([]);
    });

    it('an unknown complaint', async () => {
      const refused = await problem('/customers/c-1/complaints/k-404/resolution', { resolution: 'done' }, 404);
      expect(refused.rule).toBe('complaint_not_found');
    });

    it('an unknown route', async () => {
      const { body } = await api.http().post('/customers/c-1/teleport').send({}).expect(404).expect('content-type', PROBLEM_JSON);
      // Express's "Cannot POST …" is not passed on: the problem is the API's own.
      expect(body).toMatchObject({ type: '/problems/not-found', status: 404, detail: 'no such resource' });
    });
  });

  describe('409 for a rule violation, naming the rule, writing nothing', () => {
    it('acquiring an existing customer', async () => {
      const refused = await problem('/customers', acquisition('c-1'), 409);
      expect(refused).toMatchObject({ type: '/problems/rule-violation', rule: 'customer_already_exists', detail: 'customer c-1 already exists' });
      expect(await api.stream('c-1')).toHaveLength(2);
    });

    it('a business time too far in the future', async () => {
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
      const refused = await problem('/customers/c-1/contacts', { channel: 'phone', direction: 'inbound', topic: 'hi', occurredAt: tomorrow }, 409);
      expect(refused.rule).toBe('occurred_in_future');
    });

    it('a contact dated before the acquisition', async () => {
      const refused = await problem('/customers/c-1/contacts', { channel: 'phone', direction: 'inbound', topic: 'hi', occurredAt: '2024-01-01T00:00:00Z' }, 409);
      expect(refused.rule).toBe('occurred_before_acquisition');
    });

    it('churning a churned customer', async () => {
      await api.http().post('/customers').send(acquisition('c-churn')).expect(201);
      await api.http().post('/customers/c-churn/churn').send({ reason: 'price' }).expect(201);
      const refused = await problem('/customers/c-churn/churn', { reason: 'price' }, 409);
      expect(refused.rule).toBe('customer_not_active');
    });
  });

  it('422 for a currency other than the configured one', async () => {
    const refused = await problem('/customers/c-1/purchases', { amount: '5.00', currency: 'USD' }, 422);
    expect(refused).toMatchObject({ rule: 'unsupported_currency', detail: expect.stringContaining('EUR') });
  });

  it('500 without internals for an unexpected failure', async () => {
    // An event this build cannot read (written by a newer one): the command cannot be decided.
    await api.eventStore.appendToStream(
      'customer-c-future',
      [{ eventId: crypto.randomUUID(), type: 'CustomerTeleported', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00Z', data: {}, metadata: {} }],
      { expectedRevision: 'no_stream' },
    );
    const failed = await problem('/customers/c-future/churn', { reason: 'price' }, 500);
    expect(failed).toMatchObject({ type: '/problems/internal-error', correlationId: expect.any(String) });
    expect(JSON.stringify(failed)).not.toMatch(/Teleported|stack|\.ts:|UnknownEventError/);
  });
});
