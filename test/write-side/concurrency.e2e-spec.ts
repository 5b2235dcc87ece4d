import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

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
});
