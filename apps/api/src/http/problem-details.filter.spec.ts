import { BadRequestException, HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlationIdMiddleware } from './correlation-id';
import { ProblemDetailsFilter, ReplayedProblem } from './problem-details.filter';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem-details';
import { ServerBusyError } from './server-busy';

/** What the filter did to the response: Express's calls, recorded. */
interface Answer {
  status?: number;
  type?: string;
  body?: unknown;
  headers: Record<string, string>;
}

function exchange(options: { headersSent?: boolean; correlationId?: string } = {}) {
  const headers: Record<string, string> = options.correlationId ? { 'x-correlation-id': options.correlationId } : {};
  const request = { method: 'POST', originalUrl: '/customers/c-1/contacts?x=1', header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  const answer: Answer = { headers: {} };
  const response = {
    headersSent: options.headersSent ?? false,
    setHeader(name: string, value: string) {
      answer.headers[name] = value;
      return this;
    },
    status(code: number) {
      answer.status = code;
      return this;
    },
    type(contentType: string) {
      answer.type = contentType;
      return this;
    },
    send(body: string) {
      answer.body = JSON.parse(body);
      return this;
    },
  } as unknown as Response;
  correlationIdMiddleware(request, response, () => undefined);
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, answer };
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('answers problem+json with the request as the instance and its correlation id, and does not log a refusal', () => {
    const { host, answer } = exchange({ correlationId: 'req-42' });
    filter.catch(new BadRequestException('the date must be ISO 8601'), host);
    expect(answer).toMatchObject({ status: 400, type: PROBLEM_CONTENT_TYPE });
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'the date must be ISO 8601',
      instance: '/customers/c-1/contacts?x=1',
      correlationId: 'req-42',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('logs an unexpected error with the method, URL and correlation id, and tells the caller nothing of it', () => {
    const { host, answer } = exchange({ correlationId: 'req-43' });
    filter.catch(new Error('SQLITE_CORRUPT in /var/lib/lifeline/events.db'), host);
    expect(answer).toMatchObject({ status: 500, type: PROBLEM_CONTENT_TYPE, body: { type: '/problems/internal-error', correlationId: 'req-43' } });
    expect(JSON.stringify(answer.body)).not.toContain('SQLITE');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0][0]).toBe('POST /customers/c-1/contacts?x=1 [req-43] failed');
    expect(logged.mock.calls[0][1]).toContain('SQLITE_CORRUPT');
  });

  it('does not log a 503 (a passing state, not a fault) and sends Retry-After when the server is busy', () => {
    const { host, answer } = exchange();
    filter.catch(new ServerBusyError('the analytics queue is full', 7), host);
    expect(answer).toMatchObject({ status: HttpStatus.SERVICE_UNAVAILABLE, headers: { 'Retry-After': '7' }, body: { type: '/problems/server-busy' } });
    expect(logged).not.toHaveBeenCalled();

    const other = exchange();
    filter.catch(new ProblemError({ type: '/problems/read-model-behind', title: 'Behind', status: 503, detail: 'later' }), other.host);
    expect(other.answer.status).toBe(503);
    expect(other.answer.headers['Retry-After']).toBeUndefined();
    expect(logged).not.toHaveBeenCalled();
  });

  it('replays a remembered refusal verbatim: its status and body, nothing added', () => {
    const { host, answer } = exchange({ correlationId: 'req-now' });
    const first = { type: '/problems/rule-violation', title: 'The command breaks a business rule', status: 409, detail: 'churned', instance: '/first', correlationId: 'req-then' };
    filter.catch(new ReplayedProblem(409, first), host);
    expect(answer).toMatchObject({ status: 409, type: PROBLEM_CONTENT_TYPE, body: first });
  });

  it('leaves a response alone once its headers are sent (a stream that failed half-way)', () => {
    const { host, answer } = exchange({ headersSent: true });
    filter.catch(new Error('broken pipe'), host);
    expect(answer).toEqual({ headers: { 'X-Correlation-Id': expect.any(String) } });
  });
});
