import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('write side over HTTP: the commands', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('takes a customer through its whole lifecycle, each command answering 201 with revision and position', async () => {
    const acquired = await api
      .http()
      .post('/customers')
      .send(acquisition('c-life', { email: 'ada@example.com', segment: 'smb', keyAccount: true, accountManager: 'j.berger' }))
      .expect(201);
    expect(acquired.body).toEqual({ customerId: 'c-life', revision: 0, position: expect.any(Number) });

    const contacted = await api
      .http()
      .post('/customers/c-life/contacts')
      .send({ channel: 'phone', direction: 'inbound', topic: 'invoice question', agent: 'm.weiss', occurredAt: '2025-02-01T10:15:00Z' })
      .expect(201);
    expect(contacted.body).toEqual({ customerId: 'c-life', revision: 1, position: expect.any(Number), contactId: expect.stringMatching(UUID) });

    const filed = await api
      .http()
      .post('/customers/c-life/complaints')
      .send({ complaintId: 'k-3', category: 'billing', severity: 'high', channel: 'email', description: 'charged twice', occurredAt: '2025-02-03T08:00:00Z' })
      .expect(201);
    expect(filed.body).toMatchObject({ revision: 2, complaintId: 'k-3' });

    const resolved = await api
      .http()
      .post('/customers/c-life/complaints/k-3/resolution')
      .send({ resolution: 'refunded', satisfaction: 4, occurredAt: '2025-02-04T16:30:00+02:00' })
      .expect(201);
    expect(resolved.body).toEqual({ customerId: 'c-life', revision: 3, position: expect.any(Number) });

    const purchased = await api
      .http()
      .post('/customers/c-life/purchases')
      .send({ amount: '19.99', currency: 'EUR', occurredAt: '2025-02-05T11:00:00Z' })
      .expect(201);
    expect(purchased.body).toMatchObject({ revision: 4, orderId: expect.stringMatching(UUID) });

    await api.http().post('/customers/c-life/churn').send({ reason: 'competitor', occurredAt: '2025-03-01T00:00:00Z' }).expect(201);
    const reactivated = await api.http().post('/customers/c-life/reactivation').send({ channel: 'email', occurredAt: '2025-04-01T00:00:00Z' }).expect(201);
    expect(reactivated.body.revision).toBe(6);

    const stream = await api.stream('c-life');
    expect(stream.map((e) => e.type)).toEqual([
      'CustomerAcquired',
      'CustomerContacted',
      'ComplaintFiled',
      'ComplaintResolved',
      'PurchaseRecorded',
      'CustomerChurned',
      'CustomerReactivated',
    ]);
    expect(stream.at(-1)!.position).toBe(reactivated.body.position);
    expect(stream[0]!.data).toEqual({
      customerId: 'c-life',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      segment: 'smb',
      acquisitionChannel: 'web',
      keyAccount: true,
      accountManager: 'j.berger',
    });
    expect(stream[1]!.data).toMatchObject({ contactId: contacted.body.contactId, agent: 'm.weiss' });
    expect(stream[3]).toMatchObject({ occurredAt: '2025-02-04T14:30:00.000Z', data: { satisfaction: 4 } });
    expect(stream[4]!.data).toEqual({ customerId: 'c-life', orderId: purchased.body.orderId, amount: 1999, currency: 'EUR' });
    expect(stream[6]!.data).toEqual({ customerId: 'c-life', channel: 'email' });
  });

  it('generates a customer id when none is given', async () => {
    const { body } = await api.http().post('/customers').send({ name: 'Grace', acquisitionChannel: 'referral' }).expect(201);
    expect(body.customerId).toMatch(UUID);
    const [acquired] = await api.stream(body.customerId);
    expect(acquired!.data).toMatchObject({ name: 'Grace', keyAccount: false });
  });

  it('dates an event at arrival when occurredAt is left out', async () => {
    const before = Date.now();
    const { body } = await api.http().post('/customers').send({ name: 'Now', acquisitionChannel: 'web' }).expect(201);
    const [acquired] = await api.stream(body.customerId);
    expect(Date.parse(acquired!.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(acquired!.occurredAt)).toBeLessThanOrEqual(Date.now());
  });

  it('echoes the caller’s X-Correlation-Id and puts it in the event metadata with the actor', async () => {
    const response = await api.http().post('/customers').set('X-Correlation-Id', 'req-42').send(acquisition('c-corr')).expect(201);
    expect(response.headers['x-correlation-id']).toBe('req-42');
    const [acquired] = await api.stream('c-corr');
    expect(acquired!.metadata).toMatchObject({ correlationId: 'req-42', actor: 'api' });
  });

  it('generates a correlation id when none is given, and uses the same one in the events', async () => {
    const response = await api.http().post('/customers').send(acquisition('c-corr-2')).expect(201);
    const correlationId = response.headers['x-correlation-id'];
    expect(correlationId).toMatch(UUID);
    const [acquired] = await api.stream('c-corr-2');
    expect(acquired!.metadata.correlationId).toBe(correlationId);
  });

  it('answers GET /health with 200 when the event store answers', async () => {
    const { body } = await api.http().get('/health').expect(200);
    expect(body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
  });

  it('serves an OpenAPI document with every command, its body schema and problem responses', async () => {
    const { body: doc } = await api.http().get('/docs-json').expect(200);
    // The read side, analytics and feed add their own paths (their suites check them); here: every command.
    const commandPaths = [
      '/customers',
      '/customers/{customerId}/churn',
      '/customers/{customerId}/complaints',
      '/customers/{customerId}/complaints/{complaintId}/resolution',
      '/customers/{customerId}/contacts',
      '/customers/{customerId}/purchases',
      '/customers/{customerId}/reactivation',
    ];
    for (const path of commandPaths) expect(doc.paths[path]?.post).toBeDefined();
    expect(doc.paths['/health']?.get).toBeDefined();
    const acquire = doc.paths['/customers'].post;
    expect(Object.keys(acquire.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '413', '500']));
    expect(acquire.responses['409'].content['application/problem+json']).toBeDefined();
    expect(acquire.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Idempotency-Key', 'X-Correlation-Id']));
    const schemas = doc.components.schemas;
    expect(schemas.AcquireCustomerRequestDto.required.sort()).toEqual(['acquisitionChannel', 'name']);
    expect(schemas.AcquireCustomerRequestDto.properties.acquisitionChannel.enum).toEqual(['web', 'referral', 'sales', 'partner', 'social', 'event', 'other']);
    expect(schemas.RecordPurchaseRequestDto.required.sort()).toEqual(['amount', 'currency']);
    expect(schemas.PurchaseRecordedAnswerDto.required.sort()).toEqual(['customerId', 'orderId', 'position', 'revision']);
    expect(schemas.ProblemDetailsDto.required.sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    await api.http().get('/docs').expect(200).expect('content-type', /html/);
  });
});
