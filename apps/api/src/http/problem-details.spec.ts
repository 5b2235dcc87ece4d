import { BadRequestException, HttpException } from '@nestjs/common';
import { ConcurrencyConflictError, RuleViolationError } from '@lifeline/customers/application';
import { RuleViolation } from '@lifeline/customers/domain';
import { AppendTooLargeError } from '@lifeline/event-store/port';
import { MAX_LISTED_FIELD_ERRORS, problemFor, RequestValidationError } from './problem-details';

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
});
