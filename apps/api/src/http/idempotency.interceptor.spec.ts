import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { RuleViolationError } from '@lifeline/customers/application';
import { RuleViolation } from '@lifeline/customers/domain';
import { IdempotencyRecordTooLargeError, type IdempotencyRecord, type IdempotencyStore } from '@lifeline/idempotency/port';
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
  /** A store that keeps what it is given, as the real ones do. */
  const keepingStore = (): IdempotencyStore & { records: Map<string, IdempotencyRecord> } => {
    const records = new Map<string, IdempotencyRecord>();
    return {
      records,
      find: jest.fn(async (scope: string, key: string) => records.get(`${scope}|${key}`)),
      remember: jest.fn(async (record: IdempotencyRecord) => {
        records.set(`${record.scope}|${record.key}`, record);
        return record;
      }),
      close: jest.fn(),
    };
  };

  it('without an Idempotency-Key runs the command and never asks the store', async () => {
    const store = keepingStore();
    const { context } = httpContext(null);
    await expect(lastValueFrom(new IdempotencyInterceptor(store).intercept(context, { handle: () => of({ position: 1 }) }))).resolves.toEqual({ position: 1 });
    expect(store.find).not.toHaveBeenCalled();
    expect(store.remember).not.toHaveBeenCalled();
  });

  it('answers a first refusal as the problem it remembers, not marked as a replay', async () => {
    const store = keepingStore();
    const { context, response } = httpContext();
    const refused = () => throwError(() => new RuleViolationError(new RuleViolation('purchase_while_churned', 'churned')));
    const first = lastValueFrom(new IdempotencyInterceptor(store).intercept(context, { handle: refused }));
    await expect(first).rejects.toBeInstanceOf(ReplayedProblem);
    await expect(first).rejects.toMatchObject({ status: 409 });
    expect(response.setHeader).not.toHaveBeenCalledWith(IDEMPOTENT_REPLAY_HEADER, 'true');
    expect(store.records.size).toBe(1);
  });

  it('lets requests with different keys run side by side; only the same key waits', async () => {
    const store = keepingStore();
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
