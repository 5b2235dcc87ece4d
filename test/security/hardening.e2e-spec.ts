import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';

describe('HTTP hardening', () => {
  describe('with the defaults', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(async () => {
      await api.stop();
      removeDataDir(api.config.dataDir);
    });

    it('sends security headers on API answers, problems included', async () => {
      for (const response of [await api.http().get('/customers'), await api.anonymous().get('/customers'), await api.anonymous().get('/health')]) {
        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'strict-transport-security': expect.stringContaining('max-age='),
        });
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('leaves the dashboard its own stricter policy: no inline styles or scripts', async () => {
      const csp = (await api.anonymous().get('/dashboard').expect(200)).headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
    });

    it('answers no cross-origin request: CORS is off unless origins are configured', async () => {
      const preflight = await api.anonymous().options('/customers').set('Origin', 'https://crm.example.com').set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const read = await api.http().get('/customers').set('Origin', 'https://crm.example.com');
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('keeps a correlation id of a safe shape and replaces any other', async () => {
      expect((await api.http().get('/customers').set('X-Correlation-Id', 'req-42:a/b+c=@d.e_f')).headers['x-correlation-id']).toBe('req-42:a/b+c=@d.e_f');
      for (const hostile of ['<script>alert(1)</script>', 'a b', '"quoted"', "x'; DROP TABLE", 'x'.repeat(129), '{"json":1}']) {
        const echoed = (await api.http().get('/customers').set('X-Correlation-Id', hostile)).headers['x-correlation-id'];
        expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });

  describe('with LIFELINE_CORS_ORIGINS', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi({ env: { LIFELINE_CORS_ORIGINS: 'https://crm.example.com' } });
    });
    afterAll(async () => {
      await api.stop();
      removeDataDir(api.config.dataDir);
    });

    it('lets the listed origin send a bearer credential, and no other origin', async () => {
      const allowed = await api
        .anonymous()
        .options('/customers')
        .set('Origin', 'https://crm.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example.com');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      const other = await api.anonymous().options('/customers').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const read = await api.http().get('/customers').set('Origin', 'https://crm.example.com').expect(200);
      expect(read.headers['access-control-allow-origin']).toBe('https://crm.example.com');
      expect(read.headers['access-control-expose-headers']).toMatch(/X-Correlation-Id/);
    });
  });

  describe('rate limits', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi({ env: { LIFELINE_RATE_LIMIT_PER_MINUTE: '3' } });
    });
    afterAll(async () => {
      await api.stop();
      removeDataDir(api.config.dataDir);
    });

    it('refuses a caller over its limit with 429 problem+json and Retry-After, and only that caller', async () => {
      const busy = await api.createKey('reader');
      const calm = await api.createKey('reader');
      for (let i = 0; i < 3; i++) await api.anonymous().get('/customers').set('Authorization', `Bearer ${busy}`).expect(200);
      const refused = await api.anonymous().get('/customers').set('Authorization', `Bearer ${busy}`).expect(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: '/problems/too-many-requests', status: 429 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      await api.anonymous().get('/customers').set('Authorization', `Bearer ${calm}`).expect(200);
    });

    it('never limits the health probes: an orchestrator polling /health and /health/ready must not see a live server as down', async () => {
      for (let i = 0; i < 10; i++) {
        await api.anonymous().get('/health').expect(200);
        await api.anonymous().get('/health/ready').expect(200);
      }
    });
  });
});
