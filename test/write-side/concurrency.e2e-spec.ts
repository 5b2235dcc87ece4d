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
