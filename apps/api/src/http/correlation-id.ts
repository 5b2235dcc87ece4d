import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
/** Visible ASCII, so it can be echoed in a header and logged safely. */
const ACCEPTABLE_CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;
const CORRELATION_ID = Symbol('correlationId');

type WithCorrelationId = Request & { [CORRELATION_ID]?: string };

/**
 * Takes the caller's X-Correlation-Id (or makes one up when absent or unusable), echoes it
 * in the response and keeps it on the request for event metadata, logs and problems.
 */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header(CORRELATION_ID_HEADER);
  const correlationId = given !== undefined && ACCEPTABLE_CORRELATION_ID.test(given) ? given : randomUUID();
  (request as WithCorrelationId)[CORRELATION_ID] = correlationId;
  response.setHeader(CORRELATION_ID_HEADER, correlationId);
  next();
}

export function correlationIdOf(request: Request): string | undefined {
  return (request as WithCorrelationId)[CORRELATION_ID];
}
