import { randomUUID } from 'node:crypto';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { competingWriterOn } from '../support/competing-writer';

describe('write side over HTTP: concurrent commands on one customer', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('takes 50 simultaneous contacts, each at its own revision, 1 to 50, none lost', async () => {
    await api.http().post('/customers').send(acquisition('c-busy')).expect(201);

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.http().post('/customers/c-busy/contacts').send({ contactId: `ct-${i}`, channel: 'chat', direction: 'inbound', topic: `question ${i}` }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const revisions = responses.map((r) => r.body.revision as number).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stream = await api.stream('c-busy');
    expect(stream).toHaveLength(51);
    expect(new Set(stream.map((e) => e.data['contactId'])).size).toBe(51);
  });

  it('when another writer wins every retry, gives up with 409 concurrency-conflict (problem+json) and writes nothing of its own', async () => {
    await api.http().post('/customers').send(acquisition('c-contended')).expect(201);
    const rival = competingWriterOn(api.eventStore);
    try {
      const response = await api
        .http()
        .post('/customers/c-contended/contacts')
        .set('X-Correlation-Id', 'contended-1')
        .send({ contactId: 'ct-mine', channel: 'chat', direction: 'inbound', topic: 'mine' })
        .expect(409)
        .expect('content-type', /^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: '/problems/concurrency-conflict',
        status: 409,
        instance: '/customers/c-contended/contacts',
        correlationId: 'contended-1',
      });
      // The first try and every retry met a rival write: 1 + 10 retries.
      expect(rival.rivalWrites()).toBe(11);
    } finally {
      rival.stop();
    }
    const contactIds = (await api.stream('c-contended')).map((e) => e.data['contactId']);
    expect(contactIds).not.toContain('ct-mine');
    expect(contactIds.filter((id) => String(id).startsWith('rival-'))).toHaveLength(11);
  });
});

describe('write side over HTTP: one hot customer does not hold up the rest', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ env: { LIFELINE_RUN_PROJECTOR: 'false' } });
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('while 16 clients write to a customer with 3,000 events, /health and other customers are answered before their queue drains, and the history is read once', async () => {
    await api.http().post('/customers').send(acquisition('c-hot')).expect(201);
    const history = Array.from({ length: 2_999 }, (_, i) => ({
      eventId: randomUUID(),
      type: 'CustomerContacted',
      schemaVersion: 1,
      occurredAt: '2025-02-01T00:00:00.000Z',
      data: { customerId: 'c-hot', contactId: `old-${i}`, channel: 'email', direction: 'outbound', topic: 'newsletter' },
      metadata: {},
    }));
    await api.eventStore.appendToStream('customer-c-hot', history, { expectedRevision: 0 });

    // Hold the hot customer's appends, so its 16 commands are provably still in flight below.
    const append = api.eventStore.appendToStream.bind(api.eventStore);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(api.eventStore, 'appendToStream').mockImplementation(async (streamId, events, options) => {
      if (streamId === 'customer-c-hot') await released;
      return append(streamId, events, options);
    });
    const readStream = api.eventStore.readStream.bind(api.eventStore);
    let eventsRead = 0;
    jest.spyOn(api.eventStore, 'readStream').mockImplementation(async (...args) => {
      const events = await readStream(...args);
      eventsRead += events.length;
      return events;
    });
    let settled = 0;
    const hot = Array.from({ length: 16 }, (_, i) =>
      api
        .http()
        .post('/customers/c-hot/contacts')
        .send({ contactId: `ct-${i}`, channel: 'chat', direction: 'inbound', topic: 'order' })
        .then((response) => {
          settled++;
          return response;
        }),
    );

    await api.http().get('/health').expect(200);
    await api.http().post('/customers').send(acquisition('c-calm')).expect(201);
    await api.http().post('/customers/c-calm/contacts').send({ contactId: 'ct-1', channel: 'chat', direction: 'inbound', topic: 'hi' }).expect(201);
    expect(settled).toBe(0);

    release();
    const responses = await Promise.all(hot);
    expect(responses.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(responses.map((r) => r.body.revision as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => 3_000 + i));
    // The history was read once (it arrived behind the API's back), not once per command and retry.
    expect(eventsRead).toBeLessThan(2 * 3_000);
    jest.restoreAllMocks();
    expect(await api.stream('c-hot')).toHaveLength(3_016);
  });
});
