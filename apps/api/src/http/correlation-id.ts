import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
/** W3C Trace Context: `00-<trace-id>-<parent-id>-<flags>`; its trace id serves when no X-Correlation-Id is sent. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
/**
 * Letters, digits and `-_.:/+=@` (UUIDs, ULIDs, trace ids, base64): safe to echo in a header,
 * to log and to store in event metadata. Anything else is replaced, not cleaned.
 */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:\/+=@-]{1,128}$/;
const CORRELATION_ID = Symbol('correlationId');

type WithCorrelationId = Request & { [CORRELATION_ID]?: string };

/**
 * Takes the caller's X-Correlation-Id, else the trace id of a W3C `traceparent`, else makes
 * one up; echoes it in the response and keeps it on the request for event metadata, logs
 * and problems.
 */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header(CORRELATION_ID_HEADER);
  const traceId = TRACEPARENT.exec(request.header('traceparent')?.trim().toLowerCase() ?? '')?.[1];
  const correlationId = given !== undefined && ACCEPTABLE_CORRELATION_ID.test(given) ? given : (traceId ?? randomUUID());
  (request as WithCorrelationId)[CORRELATION_ID] = correlationId;
  response.setHeader(CORRELATION_ID_HEADER, correlationId);
  next();
}

export function correlationIdOf(request: Request): string | undefined {
  return (request as WithCorrelationId)[CORRELATION_ID];
}
