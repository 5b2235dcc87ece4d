import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

describe('GET /customers/{id}/personal-data (Art. 15/20)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
    await api.http().post('/customers').send(acquisition('c-pd', { email: 'ada@example.org', accountManager: 'j.berger' })).expect(201);
    await api.http().post('/customers/c-pd/contacts').send({ channel: 'phone', direction: 'inbound', topic: 'renewal', agent: 'm.weiss', note: 'prefers calls after 5pm', occurredAt: '2025-02-01T10:00:00Z' }).expect(201);
    await api.http().post('/customers/c-pd/complaints').send({ complaintId: 'k-1', category: 'billing', severity: 'high', channel: 'email', description: 'charged twice in March', occurredAt: '2025-03-01T10:00:00Z' }).expect(201);
    await api.http().post('/customers/c-pd/purchases').send({ amount: '19.99', currency: 'EUR', occurredAt: '2025-03-02T10:00:00Z' }).expect(201);
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('returns every personal value and every event of the customer, with metadata', async () => {
    const exported = (await api.http().get('/customers/c-pd/personal-data').expect(200).expect('cache-control', 'no-store')).body;
    const stream = await api.stream('c-pd');
    expect(exported.customerId).toBe('c-pd');
    expect(exported.events.map((event: { eventId: string }) => event.eventId)).toEqual(stream.map((event) => event.eventId));
    expect(exported.events[0].metadata).toMatchObject({ principal: expect.stringMatching(/^key:test-admin-/) });
    expect(exported.personalData.map((value: { field: string; value: unknown }) => [value.field, value.value])).toEqual([
      ['name', 'Ada Lovelace'],
      ['email', 'ada@example.org'],
      ['accountManager', 'j.berger'],
      ['note', 'prefers calls after 5pm'],
      ['agent', 'm.weiss'],
      ['description', 'charged twice in March'],
    ]);
  });

  it('is for admins only, and 404 for an unknown customer', async () => {
    const reader = await api.createKey('reader');
    await api.anonymous().get('/customers/c-pd/personal-data').set('Authorization', `Bearer ${reader}`).expect(403);
    const missing = await api.http().get('/customers/nobody/personal-data').expect(404);
    expect(missing.body).toMatchObject({ type: '/problems/not-found', detail: 'customer nobody is not known' });
  });
});
