import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlationIdOf } from './correlation-id';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/** How long a client that got 503 read-model-behind should wait before asking again. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * The client asked to see a position (`minPosition`) that a read model it needs has not
 * applied within the wait bound. Nothing is wrong; the answer would just be stale.
 */
export class ReadModelBehindError extends Error {
  constructor(
    readonly minPosition: number,
    /** The lowest checkpoint among the read models the query reads. */
    readonly checkpoint: number,
    readonly waitedMs: number,
  ) {
    super(`the read model has applied the event log up to position ${checkpoint}, not yet ${minPosition} (waited ${waitedMs} ms)`);
    this.name = 'ReadModelBehindError';
  }
}

/** A query named something the read models do not know (customer id). */
export class ReadModelNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadModelNotFoundError';
  }
}

/**
 * The read side's own problems, scoped to its controllers (everything else falls through
 * to the global ProblemDetailsFilter): 503 with Retry-After for a read model that is behind,
 * 404 naming the unknown resource.
 */
@Catch(ReadModelBehindError, ReadModelNotFoundError)
export class ReadSideProblemFilter implements ExceptionFilter {
  catch(error: ReadModelBehindError | ReadModelNotFoundError, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const envelope = { instance: request.originalUrl, correlationId: correlationIdOf(request) };
    if (error instanceof ReadModelBehindError) {
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: '/problems/read-model-behind',
            title: 'The read model has not caught up with your write yet',
            status: HttpStatus.SERVICE_UNAVAILABLE,
            detail: `${error.message}; retry after ${RETRY_AFTER_SECONDS} s`,
            minPosition: error.minPosition,
            checkpoint: error.checkpoint,
            ...envelope,
          }),
        );
      return;
    }
    response
      .status(HttpStatus.NOT_FOUND)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ type: '/problems/not-found', title: 'Not Found', status: HttpStatus.NOT_FOUND, detail: error.message, ...envelope }));
  }
}
