import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { principalOf } from '../auth/request-principal';
import { correlationIdOf } from '../http/correlation-id';

/** Set on `response.locals` for requests answered while the service shuts down. */
export const SERVICE_STOPPING = 'serviceStopping';

/**
 * Errors are for operators to act on: a 5xx is, but a 503 while shutting down (refused
 * commands, readiness saying so) is the shutdown working, and any other 503 (not ready yet,
 * read model behind) is a passing state.
 */
export function requestLogLevel(status: number, stopping: boolean, error?: Error): 'info' | 'warn' | 'error' {
  if (status === 503) return stopping ? 'info' : 'warn';
  return error !== undefined || status >= 500 ? 'error' : 'info';
}

/**
 * One JSON line per finished request: method, url, status, duration, correlation id and
 * caller (set by correlationIdMiddleware, which must run first; the AuthGuard names the
 * caller before the answer is logged). Headers and bodies stay out: they may carry
 * personal data. The fields are passed to the one logger per request, once, when the answer
 * is finished (pino-http made two or three child loggers per request, serialising their
 * bindings each time: a twentieth of the API's CPU under load, profiled in docs/benchmarks.md).
 */
export function requestLogging(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = Date.now();
    let logged = false;
    const onDone = (): void => {
      if (logged) return;
      logged = true;
      response.removeListener('finish', onDone);
      response.removeListener('close', onDone);
      const status = response.statusCode;
      // Closed before the answer was sent: the client went away (or the socket failed).
      const error = response.writableFinished ? undefined : new Error('request aborted');
      const level = requestLogLevel(status, (response.locals as Record<string, unknown> | undefined)?.[SERVICE_STOPPING] === true, error);
      const fields = {
        req: { method: request.method, url: request.originalUrl },
        correlationId: correlationIdOf(request),
        principal: principalOf(request)?.name,
        res: { status },
        durationMs: Date.now() - started,
        ...((error !== undefined || status >= 500) && { err: { message: error?.message ?? `failed with status code ${status}` } }),
      };
      logger[level](fields, `${request.method} ${request.originalUrl} ${status}`);
    };
    response.on('finish', onDone);
    response.on('close', onDone);
    next();
  };
}
