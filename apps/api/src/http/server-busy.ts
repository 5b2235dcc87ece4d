import { HttpStatus } from '@nestjs/common';
import { ProblemError } from './problem-details';

/**
 * The server is at a bound it keeps to stay responsive (analytics worker queue, open SSE
 * streams): 503 problem+json with Retry-After. Nothing is wrong with the request; ask again later.
 */
export class ServerBusyError extends ProblemError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ type: '/problems/server-busy', title: 'The server is busy; retry later', status: HttpStatus.SERVICE_UNAVAILABLE, detail: `${detail}; retry after ${retryAfterSeconds} s` });
    this.name = 'ServerBusyError';
  }
}
