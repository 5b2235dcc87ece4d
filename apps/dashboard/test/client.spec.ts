import { ApiError, httpApi, requestUrl, sharingRequests } from '../src/api/client';

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('dashboard API client', () => {
  it('fills path parameters encoded, and sends only the query parameters that have a value', () => {
    const url = requestUrl('/customers/{customerId}/timeline', { path: { customerId: 'a/b c' }, query: { order: 'desc', limit: 20, cursor: undefined, segment: '' } }, 'http://api.test');
    expect(url.href).toBe('http://api.test/customers/a%2Fb%20c/timeline?order=desc&limit=20');
    expect(() => requestUrl('/customers/{customerId}', {})).toThrow('{customerId}');
  });

  it('answers the JSON body, and turns a problem+json refusal into an ApiError carrying its detail and field errors', async () => {
    const sent: string[] = [];
    const answers = [json(200, { open: 3 }), json(400, { title: 'Bad Request', detail: 'invalid query', errors: [{ field: 'granularity', message: 'must be month or week' }] }, 'application/problem+json')];
    const api = httpApi('http://api.test', async (url) => {
      sent.push(url.href);
      return answers.shift()!;
    });
    expect(await api.get('/analytics/complaints')).toEqual({ open: 3 });
    const refusal = await api.get('/analytics/retention', { query: { granularity: 'month' } }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 400, message: 'invalid query (granularity: must be month or week)' });
    expect(sent).toEqual(['http://api.test/analytics/complaints', 'http://api.test/analytics/retention?granularity=month']);
  });

  it('says the API did not answer when the request fails before any response', async () => {
    const api = httpApi('http://api.test', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.get('/projections')).rejects.toMatchObject({ status: 0, message: 'The API did not answer: Failed to fetch' });
  });

  it('within one load, asks the same question once; a different query is a different question', async () => {
    let calls = 0;
    const api = sharingRequests(httpApi('http://api.test', async () => (calls++, json(200, { calls }))));
    const [a, b] = await Promise.all([api.get('/analytics/churn', { query: { granularity: 'month' } }), api.get('/analytics/churn', { query: { granularity: 'month' } })]);
    expect(a).toBe(b);
    await api.get('/analytics/churn', { query: { granularity: 'month', segment: 'smb' } });
    expect(calls).toBe(2);
  });
});
