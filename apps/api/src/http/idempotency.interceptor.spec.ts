import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { IdempotencyRecordTooLargeError, type IdempotencyStore } from '@lifeline/idempotency/port';
import type { Request, Response } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { IdempotencyInterceptor } from './idempotency.interceptor';

function httpContext(): { context: ExecutionContext; response: Response } {
  const headers: Record<string, string> = { 'idempotency-key': 'k-1' };
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
