import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { RuleViolationError } from '@lifeline/customers/application';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '@lifeline/idempotency/port';
import type { Request, Response } from 'express';
import { catchError, defer, finalize, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { correlationIdOf } from './correlation-id';
import { idempotencyKeyOf, idempotencyScopeOf, requestHashOf } from './idempotency';
import { ReplayedProblem } from './problem-details.filter';
import { IdempotencyKeyReusedError, problemFor } from './problem-details';

export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

/**
 * `Idempotency-Key` for commands: the first answer to (endpoint, key) is remembered, and a
 * retry with the same body gets it again (same status and body) without running the
 * command; a retry with another body is refused (422).
 *
 * Remembered: successes and rule violations (the command ran and the rules answered).
 * Not remembered: validation errors, concurrency conflicts and server errors, where
 * nothing ran to completion and a retry may well succeed.
 *
 * Remembering is best effort once the command ran: if the store cannot keep the answer (too
 * large for an EventStoreDB append, store unavailable), the client still gets the answer the
 * command produced, and a retry runs the command again (its events have key-derived ids).
 *
 * Requests with the same (endpoint, key) that arrive together in this process run one after
 * the other, so the later one is answered from the store as a replay. Across processes the
 * event ids derived from the key still keep it to one write.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('idempotency');
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  /** Waits for the request in flight with the same key, if any; `done` lets the next one in. */
  private queue(slot: string): { turn: Promise<void>; done: () => void } {
    const previous = this.inFlight.get(slot) ?? Promise.resolve();
    let release!: () => void;
    const finished = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => finished);
    this.inFlight.set(slot, tail);
    return {
      turn: previous,
      done: () => {
        release();
        if (this.inFlight.get(slot) === tail) this.inFlight.delete(slot);
      },
    };
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();

    const scope = idempotencyScopeOf(request);
    const requestHash = requestHashOf(request.body);
    const remember = async (status: number, body: unknown) => {
      try {
        return await this.store.remember({ scope, key, requestHash, status, body, createdAt: new Date().toISOString() });
      } catch (error) {
        // The command already ran: failing the request now would report a failure for a write that happened.
        this.logger.warn(`[${correlationIdOf(request)}] answer not remembered for its Idempotency-Key: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        return { requestHash, status, body };
      }
    };
    // A concurrent request with the same key may have been remembered first: answer as it did.
    const answer = (record: { requestHash: string; status: number; body: unknown }, replayed: boolean) => {
      if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key);
      if (replayed) response.setHeader(IDEMPOTENT_REPLAY_HEADER, 'true');
      if (record.status >= 400) throw new ReplayedProblem(record.status, record.body);
      return record.body;
    };

    return defer(() => {
      const { turn, done } = this.queue(`${scope}\n${key}`);
      return from(turn.then(() => this.store.find(scope, key))).pipe(
        mergeMap((earlier) => {
          if (earlier) return of(answer(earlier, true));
          return next.handle().pipe(
            mergeMap(async (body) => {
              const stored = await remember(response.statusCode, body);
              return answer(stored, false);
            }),
            catchError((error: unknown) => {
              if (!(error instanceof RuleViolationError)) return throwError(() => error);
              const problem = { ...problemFor(error), instance: request.originalUrl, correlationId: correlationIdOf(request) };
              return from(remember(problem.status, problem)).pipe(mergeMap((stored) => of(answer(stored, false))));
            }),
          );
        }),
        finalize(done),
      );
    });
  }
}
