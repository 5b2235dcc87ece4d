import fc from 'fast-check';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

/**
 * Generated POST bodies, near-valid and hostile: every answer is a documented status, every
 * refusal is problem+json, and a refused command writes nothing.
 */
const COMMANDS: ReadonlyArray<{ path: string; fields: Record<string, fc.Arbitrary<unknown>> }> = [
  { path: '/customers', fields: { customerId: fc.constant('c-f'), name: fc.constant('Ada'), email: fc.constant('a@b.example'), segment: fc.constant('smb'), acquisitionChannel: fc.constant('web'), keyAccount: fc.boolean(), accountManager: fc.constant('j'), occurredAt: fc.constant('2025-01-10T09:00:00Z') } },
  { path: '/customers/c-1/contacts', fields: { channel: fc.constant('phone'), direction: fc.constant('inbound'), topic: fc.constant('hi'), note: fc.constant('a\nb'), occurredAt: fc.constant('2025-02-01T09:00:00Z') } },
  { path: '/customers/c-1/complaints', fields: { category: fc.constant('billing'), severity: fc.constant('low'), channel: fc.constant('email'), description: fc.constant('late'), occurredAt: fc.constant('2025-02-01T09:00:00Z') } },
  { path: '/customers/c-1/complaints/k-1/resolution', fields: { resolution: fc.constant('done'), satisfaction: fc.integer({ min: 0, max: 6 }) } },
  { path: '/customers/c-1/purchases', fields: { orderId: fc.constant('o-1'), amount: fc.constant('19.99'), currency: fc.constant('EUR'), occurredAt: fc.constant('2025-02-01T09:00:00Z') } },
  { path: '/customers/c-1/churn', fields: { reason: fc.constant('price'), occurredAt: fc.constant('2025-03-01T09:00:00Z') } },
  { path: '/customers/c-1/reactivation', fields: { channel: fc.constant('web') } },
  { path: '/customers/c-1/consents', fields: { purpose: fc.constantFrom('marketing', 'research'), channel: fc.constant('email'), granted: fc.boolean(), source: fc.constant('web form'), occurredAt: fc.constant('2025-02-01T09:00:00Z') } },
  { path: '/analytics/clv/model', fields: {} },
];

/** Any UTF-16 text, lone surrogates and controls included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  anyText,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', ' 5', '0x10', '1e3', '0050-01-01T00:00:00Z', '..', '__proto__', 'x'.repeat(6000), -1, 1e308, null),
);

function bodyFor(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const names = Object.keys(fields);
  // A valid body with some fields replaced, dropped or added; or anything JSON at all.
  const nearValid = fc
    .tuple(fc.record(fields), fc.dictionary(fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor'), anyText), hostileValue, { maxKeys: 4 }), fc.subarray(names))
    .map(([valid, replaced, dropped]) => {
      const body: Record<string, unknown> = { ...valid };
      for (const name of dropped) delete body[name];
      for (const [name, value] of Object.entries(replaced)) Object.defineProperty(body, name, { value, enumerable: true, configurable: true, writable: true });
      return body;
    });
  return fc.oneof({ arbitrary: nearValid, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 1 });
}

describe('command bodies, fuzzed (fast-check): never a 5xx, refusals are problem+json and write nothing', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
    await api.http().post('/customers').send(acquisition('c-1')).expect(201);
    await api.http().post('/customers/c-1/complaints').send({ complaintId: 'k-1', category: 'billing', severity: 'low', channel: 'email', description: 'x', occurredAt: '2025-02-01T10:00:00Z' }).expect(201);
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it.each(COMMANDS.map((command) => [command.path, command] as const))('POST %s', async (_path, command) => {
    await fc.assert(
      fc.asyncProperty(bodyFor(command.fields), async (body) => {
        const head = await api.eventStore.headPosition();
        const response = await api.http().post(command.path).set('Content-Type', 'application/json').send(JSON.stringify(body));
        expect([200, 201, 400, 404, 409, 413, 422]).toContain(response.status);
        if (response.status >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body).toMatchObject({ type: expect.any(String), status: response.status, detail: expect.any(String) });
          expect(await api.eventStore.headPosition()).toBe(head);
        }
      }),
      { numRuns: 60 },
    );
  });
});
