import { acquisition, removeDataDir, startApi, temporaryDataDir, type RunningApi } from '../support/api-harness';
import { competingWriterOn } from '../support/competing-writer';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '@lifeline/idempotency/port';

const contact = { channel: 'email', direction: 'outbound', topic: 'renewal offer' };

describe('write side over HTTP: Idempotency-Key', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
    await api.http().post('/customers').send(acquisition('c-1')).expect(201);
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('answers a retry with the same key and body as the first time, and writes nothing', async () => {
    const first = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'retry-1').send(contact).expect(201);
    const retry = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'retry-1').send(contact).expect(201);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const stream = await api.stream('c-1');
    expect(stream.filter((e) => e.type === 'CustomerContacted')).toHaveLength(1);
  });

  it('takes the same JSON with its keys in another order as the same body', async () => {
    const first = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'retry-2').send({ topic: 't', channel: 'phone', direction: 'inbound' }).expect(201);
    const retry = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'retry-2').send({ direction: 'inbound', channel: 'phone', topic: 't' }).expect(201);
    expect(retry.body).toEqual(first.body);
  });

  it('refuses the same key with another body (422) and writes nothing', async () => {
    await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'retry-3').send(contact).expect(201);
    const head = await api.eventStore.headPosition();

    const { body } = await api
      .http()
      .post('/customers/c-1/contacts')
      .set('Idempotency-Key', 'retry-3')
      .send({ ...contact, topic: 'something else' })
      .expect(422)
      .expect('content-type', /^application\/problem\+json/);
    expect(body).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422, detail: expect.stringContaining('retry-3') });
    expect(await api.eventStore.headPosition()).toBe(head);
  });

  it('keeps the same key on another endpoint or customer apart', async () => {
    await api.http().post('/customers').set('Idempotency-Key', 'shared').send(acquisition('c-2')).expect(201);
    const a = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'shared').send(contact).expect(201);
    const b = await api.http().post('/customers/c-2/contacts').set('Idempotency-Key', 'shared').send(contact).expect(201);
    expect(a.body.customerId).toBe('c-1');
    expect(b.body).toMatchObject({ customerId: 'c-2', revision: 1 });
  });

  it('replays a rule refusal as it was first answered, even once the rule would pass', async () => {
    const path = '/customers/c-1/complaints/k-later/resolution';
    const first = await api.http().post(path).set('Idempotency-Key', 'resolve-1').send({ resolution: 'done' }).expect(404);
    await api.http().post('/customers/c-1/complaints').send({ complaintId: 'k-later', category: 'other', severity: 'low', channel: 'web', description: 'x' }).expect(201);

    const retry = await api.http().post(path).set('Idempotency-Key', 'resolve-1').send({ resolution: 'done' }).expect(404).expect('content-type', /^application\/problem\+json/);
    expect(retry.body).toEqual(first.body);
    // A new key is a new request.
    await api.http().post(path).set('Idempotency-Key', 'resolve-2').send({ resolution: 'done' }).expect(201);
  });

  it('does not remember a validation error: the corrected request may reuse the key', async () => {
    await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'fix-me').send({ ...contact, channel: 'pigeon' }).expect(400);
    await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'fix-me').send(contact).expect(201);
  });

  it('does not remember a concurrency conflict (409): a retry with the key runs the command and writes it once', async () => {
    const request = { ...contact, contactId: 'ct-conflicted' };
    const rival = competingWriterOn(api.eventStore);
    try {
      const refused = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'conflicted').send(request).expect(409);
      expect(refused.body.type).toBe('/problems/concurrency-conflict');
    } finally {
      rival.stop();
    }
    const retry = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'conflicted').send(request).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'conflicted').send(request).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(retry.body);
    expect((await api.stream('c-1')).filter((e) => e.data['contactId'] === 'ct-conflicted')).toHaveLength(1);
  });

  it('does not remember a server error (500): a retry with the key runs the command and writes it once', async () => {
    const request = { ...contact, contactId: 'ct-after-fault' };
    const fault = jest.spyOn(api.eventStore, 'appendToStream').mockRejectedValueOnce(new Error('disk I/O error'));
    try {
      const failed = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'faulted').send(request).expect(500);
      expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(failed.body.status).toBe(500);
    } finally {
      fault.mockRestore();
    }
    const retry = await api.http().post('/customers/c-1/contacts').set('Idempotency-Key', 'faulted').send(request).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect((await api.stream('c-1')).filter((e) => e.data['contactId'] === 'ct-after-fault')).toHaveLength(1);
  });

  it('two simultaneous requests with one key write one event and get one answer, the later one marked replayed', async () => {
    // A generated contact id: were the two run as separate commands they would write two contacts.
    const request = { channel: 'phone', direction: 'inbound', topic: 'twice at once' };
    // Each look-up of remembered answers waits (up to 300 ms) for the other request's look-up:
    // the two requests overlap wherever the code lets them.
    const store = api.app.get<IdempotencyStore>(IDEMPOTENCY_STORE);
    const find = store.find.bind(store);
    let arrived: (() => void) | undefined;
    const slowFind = jest.spyOn(store, 'find').mockImplementation(async (scope, key) => {
      if (arrived) {
        arrived();
        arrived = undefined;
      } else {
        await new Promise<void>((resolve) => {
          arrived = resolve;
          setTimeout(resolve, 300);
        });
        arrived = undefined;
      }
      return find(scope, key);
    });
    try {
      await simultaneousRounds(request);
    } finally {
      slowFind.mockRestore();
    }
  });

  async function simultaneousRounds(request: Record<string, string>) {
    for (let round = 0; round < 3; round++) {
      const key = `simultaneous-${round}`;
      const [a, b] = await Promise.all([
        api.http().post('/customers/c-1/contacts').set('Idempotency-Key', key).send(request),
        api.http().post('/customers/c-1/contacts').set('Idempotency-Key', key).send(request),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter((h) => h === 'true')).toHaveLength(1);
      const written = (await api.stream('c-1')).filter((e) => e.data['contactId'] === a.body.contactId);
      expect(written).toHaveLength(1);
    }
  }

  it('derives a generated id from the key, so the replay names the same contact', async () => {
    const first = await api.http().post('/customers').set('Idempotency-Key', 'new-customer').send({ name: 'Gen', acquisitionChannel: 'web' }).expect(201);
    const retry = await api.http().post('/customers').set('Idempotency-Key', 'new-customer').send({ name: 'Gen', acquisitionChannel: 'web' }).expect(201);
    expect(retry.body.customerId).toBe(first.body.customerId);
    expect(await api.stream(first.body.customerId)).toHaveLength(1);
  });
});

describe('write side over HTTP: a restart on the same data directory', () => {
  const dataDir = temporaryDataDir();
  afterAll(() => removeDataDir(dataDir));

  it('keeps the events and the remembered answers', async () => {
    const before = await startApi({ dataDir });
    await before.http().post('/customers').send(acquisition('c-r')).expect(201);
    const first = await before.http().post('/customers/c-r/purchases').set('Idempotency-Key', 'order-1').send({ amount: '42.50', currency: 'EUR' }).expect(201);
    await before.stop();

    const after = await startApi({ dataDir });
    try {
      const retry = await after.http().post('/customers/c-r/purchases').set('Idempotency-Key', 'order-1').send({ amount: '42.50', currency: 'EUR' }).expect(201);
      expect(retry.body).toEqual(first.body);
      await after.http().post('/customers/c-r/purchases').set('Idempotency-Key', 'order-1').send({ amount: '1.00', currency: 'EUR' }).expect(422);

      const next = await after.http().post('/customers/c-r/churn').send({ reason: 'moved' }).expect(201);
      expect(next.body.revision).toBe(2);
      const stream = await after.stream('c-r');
      expect(stream.map((e) => e.type)).toEqual(['CustomerAcquired', 'PurchaseRecorded', 'CustomerChurned']);
      expect(stream[1]!.data).toMatchObject({ orderId: first.body.orderId, amount: 4250 });
    } finally {
      await after.stop();
    }
  });
});
