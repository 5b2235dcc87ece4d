import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MAX_LISTED_FIELD_ERRORS } from '../../apps/api/src/http/problem-details';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

const PROBLEM_JSON = /^application\/problem\+json/;

/** Sends raw bytes and reads the whole answer (for what supertest cannot send). */
function rawExchange(url: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('hostile input over HTTP: always a 4xx problem+json, bounded in time and size, nothing written', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
    await api.http().post('/customers').send(acquisition('c-1')).expect(201);
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  async function refused(send: () => PromiseLike<{ status: number; headers: Record<string, string>; body: unknown; text: string }>, status: number, type: string) {
    const head = await api.eventStore.headPosition();
    const started = Date.now();
    const response = await send();
    expect({ status: response.status, contentType: response.headers['content-type'] }).toEqual({ status, contentType: expect.stringMatching(PROBLEM_JSON) });
    expect(response.body).toMatchObject({ type, status });
    expect(response.text.length).toBeLessThan(16_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await api.eventStore.headPosition()).toBe(head);
    return response.body as { errors?: { field: string; message: string }[]; moreErrors?: number; detail: string };
  }

  const COMMAND_PATHS = ['/customers', '/customers/c-1/contacts', '/customers/c-1/complaints', '/customers/c-1/complaints/k-1/resolution', '/customers/c-1/purchases', '/customers/c-1/churn', '/customers/c-1/reactivation', '/analytics/clv/model'];

  describe('body shape, before it is parsed', () => {
    it.each(COMMAND_PATHS)('JSON nested 3,000 deep to %s', async (path) => {
      const deep = `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`;
      await refused(() => api.http().post(path).set('Content-Type', 'application/json').send(deep), 400, '/problems/body-too-complex');
    });

    it('80,000 unknown keys (1 MB): refused at once with a small answer', async () => {
      const keys = Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`k${i}`, 1]));
      await refused(() => api.http().post('/customers').send(keys), 400, '/problems/body-too-complex');
    });

    it('400,000 numbers in an array', async () => {
      const numbers = `{"name":[${Array.from({ length: 400_000 }, () => '1').join(',')}]}`;
      await refused(() => api.http().post('/customers').set('Content-Type', 'application/json').send(numbers), 400, '/problems/body-too-complex');
    });

    it(`many bad fields: at most ${MAX_LISTED_FIELD_ERRORS} listed, and how many more`, async () => {
      const keys = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 1]));
      const body = await refused(() => api.http().post('/customers').send({ ...acquisition('c-many'), ...keys }), 400, '/problems/validation-error');
      expect(body.errors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
      expect(body.moreErrors).toBe(500 - MAX_LISTED_FIELD_ERRORS);
      expect(body.detail).toMatch(/and 480 more$/);
    });
  });

  describe('media type and encoding', () => {
    it.each([
      ['text/plain (a cross-site form)', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['JSON in another charset', 'application/json; charset=latin1'],
    ])('%s is 415', async (_case, contentType) => {
      await refused(() => api.http().post('/customers/c-1/reactivation').set('Content-Type', contentType).send('{}'), 415, '/problems/unsupported-media-type');
    });

    it('no Content-Type is 415', async () => {
      const answer = await rawExchange(api.url, 'POST /customers/c-1/churn HTTP/1.1\r\nHost: x\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{"reason":"price"}');
      expect(answer).toMatch(/^HTTP\/1.1 415/);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
    });

    it('application/json with charset=utf-8 is taken', async () => {
      await api.http().post('/customers').set('Content-Type', 'application/json; charset=UTF-8').send(JSON.stringify(acquisition('c-utf8'))).expect(201);
    });

    it('a gzip body is taken, a made-up Content-Encoding is 415', async () => {
      const gzipped = gzipSync(JSON.stringify(acquisition('c-gzip')));
      const credentials = Object.entries(api.authorization).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      const head = `POST /customers HTTP/1.1\r\nHost: x\r\n${credentials}Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipped.length}\r\nConnection: close\r\n\r\n`;
      expect(await rawExchange(api.url, Buffer.concat([Buffer.from(head), gzipped]))).toMatch(/^HTTP\/1.1 201/);
      await refused(
        () => api.http().post('/customers').set('Content-Type', 'application/json').set('Content-Encoding', 'rot13').send(JSON.stringify(acquisition('c-rot'))),
        415,
        '/problems/unsupported-content-encoding',
      );
    });
  });

  describe('text', () => {
    it.each([
      ['a lone surrogate in email', { email: 'a\ud800@example.com' }, 'email'],
      ['a lone surrogate in name', { name: 'Ada \udc00' }, 'name'],
      ['NUL in name', { name: 'Ada\u0000' }, 'name'],
      ['a C1 control in segment', { segment: 'smb\u0085' }, 'segment'],
      ['a line break in name', { name: 'Ada\nLovelace' }, 'name'],
      ['a prototype key', JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>, '__proto__'],
      ['a constructor key', { constructor: 1 }, 'constructor'],
    ])('%s is 400 naming the field', async (_case, overrides, field) => {
      const body = await refused(() => api.http().post('/customers').send({ ...acquisition('c-text'), ...overrides }), 400, '/problems/validation-error');
      expect(body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    });

    it('line breaks and tabs are free text in a complaint description (and nowhere else)', async () => {
      await api.http().post('/customers/c-1/complaints').send({ category: 'billing', severity: 'low', channel: 'email', description: 'line one\n\tline two\r\n' }).expect(201);
      await refused(
        () => api.http().post('/customers/c-1/complaints').send({ category: 'billing', severity: 'low', channel: 'email', description: 'bell\u0007' }),
        400,
        '/problems/validation-error',
      );
    });
  });

  describe('ids, dates and money', () => {
    it.each(['.', '..', '...', '__proto__', 'constructor', 'prototype'])('customer id %p is 400 in the body and in the path', async (id) => {
      await refused(() => api.http().post('/customers').send(acquisition(id)), 400, '/problems/validation-error');
      // Dots escaped, so no client or proxy folds them into the path.
      await refused(() => api.http().post(`/customers/${id.replace(/\./g, '%2E')}/churn`).send({ reason: 'price' }), 400, '/problems/validation-error');
    });

    it('ids with dots inside are fine', async () => {
      await api.http().post('/customers').send(acquisition('c.1.a')).expect(201);
    });

    it.each(['0050-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '1900-01-01T00:30:00+01:00', '2201-01-01T00:00:00Z', '2025-01-01T10:00:00+24:00', '2025-01-01T24:00:00Z'])('date %p is 400', async (occurredAt) => {
      await refused(() => api.http().post('/customers').send(acquisition('c-date', { occurredAt })), 400, '/problems/validation-error');
    });

    it('1900-01-01 and leap days are business times', async () => {
      await api.http().post('/customers').send(acquisition('c-1900', { occurredAt: '1900-01-01T00:00:00Z' })).expect(201);
      await api.http().post('/customers/c-1900/contacts').send({ channel: 'phone', direction: 'inbound', topic: 'leap', occurredAt: '2024-02-29T12:00:00Z' }).expect(201);
      await refused(() => api.http().post('/customers/c-1900/contacts').send({ channel: 'phone', direction: 'inbound', topic: 'no leap', occurredAt: '1900-02-29T12:00:00Z' }), 400, '/problems/validation-error');
    });

    it.each([' 5', '5 ', '1000000000', '1234567890123.45', '\u0661'])('amount %p is 400', async (amount) => {
      await refused(() => api.http().post('/customers/c-1/purchases').send({ amount, currency: 'EUR' }), 400, '/problems/validation-error');
    });

    it('the largest purchase is taken, and totals stay exact in minor units', async () => {
      await api.http().post('/customers/c-1/purchases').send({ amount: '999999999.99', currency: 'EUR' }).expect(201);
      const { body } = await api.http().post('/customers/c-1/purchases').send({ amount: '0.01', currency: 'EUR' }).expect(201);
      const profile = await api.http().get('/customers/c-1').query({ minPosition: body.position }).expect(200);
      expect(profile.body.revenueTotal).toBe(100_000_000_000);
    });
  });

  describe('query strings', () => {
    it.each([
      ['a prototype name', '/customers?__proto__=x', '__proto__'],
      ['a hexadecimal number', '/analytics/clv?top=0x10', 'top'],
      ['a number with a leading space', '/customers?limit=%201', 'limit'],
      ['a feed position with a space', '/feed/events?after=%201', 'after'],
      ['an unknown parameter', '/analytics/retention?granularty=week', 'granularty'],
      ['a parameter where none are taken', '/projections?verbose=1', 'verbose'],
      ['a control character', '/customers?segment=a%00b', 'segment'],
    ])('%s is 400 naming it', async (_case, path, field) => {
      const body = await refused(() => api.http().get(path), 400, '/problems/validation-error');
      expect(body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringContaining(field) }]));
    });

    it('a repeated parameter says so', async () => {
      const body = await refused(() => api.http().get('/customers?status=active&status=churned'), 400, '/problems/validation-error');
      expect(body.errors).toEqual([{ field: 'status', message: 'status is given 2 times; give each query parameter once' }]);
    });

    it.each([
      ['in the query', '/customers?segment=%E0%A4%A'],
      ['in the path', '/customers/%E0%A4%A'],
      ['a lone surrogate', '/customers?segment=%ED%A0%80'],
    ])('a bad %%-escape %s is 400 malformed-url', async (_case, path) => {
      await refused(() => api.http().get(path), 400, '/problems/malformed-url');
    });
  });

  describe('oversized request heads', () => {
    it('a URL over 8 KB is 414', async () => {
      await refused(() => api.http().get(`/customers?segment=${'x'.repeat(9_000)}`), 414, '/problems/uri-too-long');
    });

    it('a URL over the 16 KB head limit is 414 problem+json from the server itself', async () => {
      const answer = await rawExchange(api.url, `GET /customers?segment=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1.1 414/);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ type: '/problems/uri-too-long', status: 414 });
    });

    it('headers over 16 KB are 431 problem+json', async () => {
      const answer = await rawExchange(api.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1.1 431/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ type: '/problems/headers-too-large', status: 431 });
    });
  });
});
