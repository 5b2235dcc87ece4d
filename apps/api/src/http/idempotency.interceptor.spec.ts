import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { RuleViolationError } from '@lifeline/customers/application';
import { RuleViolation } from '@lifeline/customers/domain';
import { IdempotencyRecordTooLargeError, type IdempotencyStore } from '@lifeline/idempotency/port';
import { SqliteIdempotencyStore } from '@lifeline/idempotency/sqlite';
import { openSqliteDatabase } from '@lifeline/sqlite';
import type { Request, Response } from 'express';
import { lastValueFrom, of, Subject, throwError } from 'rxjs';
import { IDEMPOTENT_REPLAY_HEADER, IdempotencyInterceptor } from './idempotency.interceptor';
import { ReplayedProblem } from './problem-details.filter';

function httpContext(key: string | null = 'k-1'): { context: ExecutionContext; response: Response } {
  const headers: Record<string, string> = key === null ? {} : { 'idempotency-key': key };
  const request = { method: 'POST', originalUrl: '/customers/c-1/purchases', body: { amount: 10 }, header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  const response = { statusCode: 201, setHeader: jest.fn() } as unknown as Response;
  const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ExecutionContext;
  return { context, response };
}

describe('IdempotencyInterceptor: remembering is best effort once the command ran (issue 16.5)', () => {
  it.each([
    ['too large to keep', new IdempotencyRecordTooLargeError(1_200_000, 524_288)],
    ['store unavailable', new Error('UNAVAILABLE: no connection')],
  ])('answers what the command answered when the store cannot remember it (%s)', async (_, failure) => {
    const store: IdempotencyStore = { find: jest.fn(async () => undefined), remember: jest.fn(async () => Promise.reject(failure)), close: jest.fn() };
    const ran = jest.fn(() => of({ position: 42 }));
    const { context } = httpContext();
    const answer = await lastValueFrom(new IdempotencyInterceptor(store).intercept(context, { handle: ran } as CallHandler));
    expect(answer).toEqual({ position: 42 });
    expect(ran).toHaveBeenCalledTimes(1);
    expect(store.remember).toHaveBeenCalledTimes(1);
  });
});

describe('IdempotencyInterceptor: what it remembers and who waits', () => {
  /** The real SQLite store (first answer kept), in memory, watched for what it is asked. */
  const realStore = () => {
    const store = new SqliteIdempotencyStore(openSqliteDatabase(':memory:'));
    jest.spyOn(store, 'find');
    jest.spyOn(store, 'remember');
    return store;
  };

  it('without an Idempotency-Key runs the command and never asks the store', async () => {
    const store = realStore();
    const { context } = httpContext(null);
    await expect(lastValueFrom(new IdempotencyInterceptor(store).intercept(context, { handle: () => of({ position: 1 }) }))).resolves.toEqual({ position: 1 });
    expect(store.find).not.toHaveBeenCalled();
    expect(store.remember).not.toHaveBeenCalled();
  });

  it('answers a first refusal as the problem it remembers, not marked as a replay', async () => {
    const store = realStore();
    const { context, response } = httpContext();
    const refused = () => throwError(() => new RuleViolationError(new RuleViolation('purchase_while_churned', 'churned')));
    const first = lastValueFrom(new IdempotencyInterceptor(store).intercept(context, { handle: refused }));
    await expect(first).rejects.toBeInstanceOf(ReplayedProblem);
    await expect(first).rejects.toMatchObject({ status: 409 });
    expect(response.setHeader).not.toHaveBeenCalledWith(IDEMPOTENT_REPLAY_HEADER, 'true');
    await expect(store.find('POST /customers/c-1/purchases', 'k-1')).resolves.toMatchObject({ status: 409 });
  });

  it('lets requests with different keys run side by side; only the same key waits', async () => {
    const store = realStore();
    const interceptor = new IdempotencyInterceptor(store);
    const slow = new Subject<unknown>();
    const first = lastValueFrom(interceptor.intercept(httpContext('k-1').context, { handle: () => slow }));
    const other = jest.fn(() => of({ position: 2 }));
    await expect(lastValueFrom(interceptor.intercept(httpContext('k-2').context, { handle: other }))).resolves.toEqual({ position: 2 });
    const same = jest.fn(() => of({ position: 3 }));
    const retry = lastValueFrom(interceptor.intercept(httpContext('k-1').context, { handle: same }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(same).not.toHaveBeenCalled();
    slow.next({ position: 1 });
    slow.complete();
    await expect(first).resolves.toEqual({ position: 1 });
    // The retry waited, then got the first answer from the store without running again.
    await expect(retry).resolves.toEqual({ position: 1 });
    expect(same).not.toHaveBeenCalled();
  });
});
