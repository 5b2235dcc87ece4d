import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ConcurrencyConflictError, RuleViolationError } from '@lifeline/customers/application';
import { RuleViolation } from '@lifeline/customers/domain';
import { AppendTooLargeError } from '@lifeline/event-store/port';
import { IdempotencyKeyReusedError, MAX_LISTED_FIELD_ERRORS, ProblemError, problemFor, RequestValidationError } from './problem-details';

describe('problemFor', () => {
  it.each([
    ['customer_not_found', 404],
    ['complaint_not_found', 404],
    ['customer_already_exists', 409],
    ['complaint_not_open', 409],
    ['unsupported_currency', 422],
  ] as const)('answers rule %s with %i and names the rule', (rule, status) => {
    expect(problemFor(new RuleViolationError(new RuleViolation(rule, 'because')))).toMatchObject({ status, rule, detail: 'because', type: '/problems/rule-violation' });
  });

  it('answers an unresolvable concurrency conflict with 409 and a hint to retry', () => {
    expect(problemFor(new ConcurrencyConflictError('customer-c-1', 11))).toMatchObject({ status: 409, type: '/problems/concurrency-conflict', detail: expect.stringContaining('retry') });
  });

  it('answers events over the event store append limit with 413, saying nothing was written and without the stream name', () => {
    const problem = problemFor(new AppendTooLargeError('customer-c-1', 1_200_000, 1_048_576));
    expect(problem).toMatchObject({ status: 413, type: '/problems/events-too-large', detail: expect.stringContaining('nothing was written') });
    expect(JSON.stringify(problem)).not.toContain('customer-c-1');
  });

  it('lists validation errors per field', () => {
    const errors = [{ field: 'name', message: 'name must be a string' }];
    expect(problemFor(new RequestValidationError(errors))).toMatchObject({ status: 400, errors });
  });

  it('lists a field error once however often a validator reports it', () => {
    const twice = { field: 'email', message: 'email must be an email' };
    const problem = problemFor(new RequestValidationError([twice, { field: 'name', message: 'name should not be empty' }, twice]));
    expect(problem.errors).toEqual([twice, { field: 'name', message: 'name should not be empty' }]);
    expect(problem.detail).toBe('email: email must be an email; name: name should not be empty');
  });

  it(`lists at most ${MAX_LISTED_FIELD_ERRORS} field errors and counts the rest`, () => {
    const errors = Array.from({ length: 1000 }, (_, i) => ({ field: `k${i}`, message: 'unknown' }));
    const problem = problemFor(new RequestValidationError(errors));
    expect(problem.errors).toEqual(errors.slice(0, MAX_LISTED_FIELD_ERRORS));
    expect(problem.moreErrors).toBe(1000 - MAX_LISTED_FIELD_ERRORS);
    expect(JSON.stringify(problem).length).toBeLessThan(2_000);
  });

  it('says nothing about an unexpected error but that it happened', () => {
    const problem = problemFor(new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/lifeline/events.db'));
    expect(problem).toMatchObject({ status: 500, type: '/problems/internal-error' });
    expect(JSON.stringify(problem)).not.toMatch(/SQLITE|events\.db/);
  });

  it('does not echo the message of a 5xx HttpException either', () => {
    expect(JSON.stringify(problemFor(new HttpException('pool exhausted on db-7', 503)))).not.toContain('db-7');
  });

  it("keeps a 4xx HttpException's own message as the detail (it is written for the caller)", () => {
    expect(problemFor(new BadRequestException('the date must be ISO 8601'))).toMatchObject({ type: 'about:blank', status: 400, title: 'Bad Request', detail: 'the date must be ISO 8601' });
    expect(problemFor(new HttpException({ message: ['a is missing', 'b is missing'] }, 422))).toMatchObject({ status: 422, detail: 'a is missing; b is missing' });
    expect(problemFor(new HttpException('plain text', 409))).toMatchObject({ status: 409, title: 'Conflict', detail: 'plain text' });
  });

  it('reads malformed JSON from the body parser as its own problem type', () => {
    const parserError = new BadRequestException('Unexpected end of JSON input', { cause: new SyntaxError('Unexpected end of JSON input') });
    expect(problemFor(parserError)).toMatchObject({ status: 400, type: '/problems/malformed-json' });
  });

  it('titles each kind of refusal for a person, and types it for a program', () => {
    expect(problemFor(new RequestValidationError([{ field: 'name', message: 'bad' }]))).toMatchObject({ type: '/problems/validation-error', title: 'The request is invalid' });
    expect(problemFor(new RuleViolationError(new RuleViolation('customer_not_found', 'no')))).toMatchObject({ title: 'The command breaks a business rule' });
    expect(problemFor(new ConcurrencyConflictError('customer-c-1', 3))).toMatchObject({ title: 'The customer kept changing under concurrent writes' });
    expect(problemFor(new AppendTooLargeError('customer-c-1', 2_000_000, 1_048_576))).toMatchObject({ title: 'The events are too large to store', detail: expect.stringContaining('(1048576 bytes)') });
  });

  it('answers a reused Idempotency-Key with 422, naming the key', () => {
    expect(problemFor(new IdempotencyKeyReusedError('k-77'))).toEqual({
      type: '/problems/idempotency-key-reused',
      title: 'The Idempotency-Key belongs to another request',
      status: 422,
      detail: expect.stringContaining('"k-77"'),
    });
  });

  it('cuts field names and messages that echo hostile input, and says how many errors it left out', () => {
    const long = 'x'.repeat(5_000);
    const problem = problemFor(new RequestValidationError([{ field: long, message: long }]));
    expect(problem.errors).toEqual([{ field: 'x'.repeat(300), message: 'x'.repeat(300) }]);
    expect(problem).not.toHaveProperty('moreErrors');
    expect(problem.detail).toBe(`${'x'.repeat(300)}: ${'x'.repeat(300)}`);

    const many = Array.from({ length: MAX_LISTED_FIELD_ERRORS + 3 }, (_, i) => ({ field: `f${i}`, message: 'unknown' }));
    expect(problemFor(new RequestValidationError(many)).detail).toMatch(/; f19: unknown; and 3 more$/);
    expect(problemFor(new RequestValidationError(many.slice(0, MAX_LISTED_FIELD_ERRORS)))).not.toHaveProperty('moreErrors');
  });

  it('answers a capability\'s own problem exactly as it describes it, extensions included', () => {
    const own = { type: '/problems/model-not-fitted', title: 'No model yet', status: 404, detail: 'fit one first', fitEndpoint: '/analytics/clv/model' };
    expect(problemFor(new ProblemError(own))).toEqual(own);
    expect(problemFor(new HttpException('wrapped', 400, { cause: { problem: own } }))).toEqual(own);
  });

  it.each([
    ['encoding.unsupported', 415, '/problems/unsupported-content-encoding', 'Content-Encoding must be gzip, deflate, br or identity'],
    ['charset.unsupported', 415, '/problems/unsupported-media-type', 'request bodies must be UTF-8'],
    ['request.aborted', 400, '/problems/malformed-request', 'the request body ended early'],
    ['request.size.invalid', 400, '/problems/malformed-request', 'the request body does not match its Content-Length'],
  ])('reads the body parser\'s %s as %i %s', (parserType, status, type, detail) => {
    expect(problemFor(new HttpException('parser', status, { cause: Object.assign(new Error('parser'), { type: parserType }) }))).toEqual({ type, detail, status, title: expect.any(String) });
  });

  it('reads a body that does not decompress, a bad %-escape, an oversized body and an unknown route each as its own problem', () => {
    expect(problemFor(new HttpException('zlib', 400, { cause: Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' }) }))).toEqual({
      type: '/problems/malformed-request',
      title: 'Bad Request',
      status: 400,
      detail: 'the body does not decompress as its Content-Encoding says',
    });
    expect(problemFor(new HttpException('x', 400, { cause: Object.assign(new Error('other'), { code: 'ECONNRESET' }) }))).toMatchObject({ type: 'about:blank' });
    expect(problemFor(new BadRequestException('Failed to decode param', { cause: new URIError('URI malformed') }))).toEqual({
      type: '/problems/malformed-url',
      title: 'The request URL is malformed',
      status: 400,
      detail: 'the URL holds a bad %-escape',
    });
    expect(problemFor(new PayloadTooLargeException('request entity too large'))).toEqual({ type: '/problems/payload-too-large', title: 'Payload Too Large', status: 413, detail: 'the request body is larger than 1 MB' });
    expect(problemFor(new NotFoundException('Cannot GET /nope'))).toEqual({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'no such resource' });
    // A URIError or SyntaxError means a malformed URL or body only on a 400.
    expect(problemFor(new HttpException('teapot', 418, { cause: new SyntaxError('x') }))).toMatchObject({ type: 'about:blank', status: 418 });
    expect(problemFor(new HttpException('conflict', 409, { cause: new URIError('x') }))).toMatchObject({ type: 'about:blank', status: 409 });
  });

  it('titles a status Node has no name for "Error", and a 5xx by its name alone', () => {
    expect(problemFor(new HttpException('odd', 499))).toEqual({ type: 'about:blank', title: 'Error', status: 499, detail: 'odd' });
    expect(problemFor(new HttpException('pool exhausted on db-7', 502))).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'Bad Gateway' });
  });
});
