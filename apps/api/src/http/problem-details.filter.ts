import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlationIdOf } from './correlation-id';
import { PROBLEM_CONTENT_TYPE, problemFor, type ProblemDetails } from './problem-details';
import { ServerBusyError } from './server-busy';

/**
 * Answers a stored problem verbatim: the replay of a remembered Idempotency-Key answer
 * that was a refusal (status and body exactly as the first time).
 */
export class ReplayedProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('replayed problem');
  }
}

/** Every error leaves as RFC 9457 application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;

    if (error instanceof ReplayedProblem) {
      response.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(error.body));
      return;
    }
    const problem: ProblemDetails = { ...problemFor(error), instance: request.originalUrl, correlationId: correlationIdOf(request) };
    // 503 is a known passing state (read model behind, shutting down), not a fault to investigate.
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR && problem.status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error(`${request.method} ${request.originalUrl} [${problem.correlationId}] failed`, error instanceof Error ? error.stack : String(error));
    }
    if (error instanceof ServerBusyError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
