import { HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { ProblemError } from '../http/problem-details';
import { principalOf } from './request-principal';

/**
 * Rate limits per caller (the principal the AuthGuard found, which runs first), so one
 * service's burst does not starve the others; callers without one (public routes) per address.
 * The throttler sets Retry-After; the refusal is a problem like every other.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = principalOf(request as unknown as Request);
    return principal?.name ?? `ip:${String((request as unknown as Request).ip)}`;
  }

  /**
   * The same key as the throttler's (route, throttler, caller), without its SHA-256 per
   * request: the key stays in this process's memory (SlidingWindowThrottlerStorage) and holds
   * a principal's name or an address, nothing secret.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ProblemError({
      type: '/problems/too-many-requests',
      title: 'Too Many Requests',
      status: HttpStatus.TOO_MANY_REQUESTS,
      detail: `more than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s from this caller; retry after ${detail.timeToBlockExpire} s`,
    });
  }
}
