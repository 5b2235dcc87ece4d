import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
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
 * One JSON line per finished request: method, url, status, duration and correlation id
 * (set by correlationIdMiddleware, which must run first). Headers and bodies stay out:
 * they may carry personal data.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    // Evaluated again when the answer is logged, by when the AuthGuard has named the caller.
    customProps: (request: IncomingMessage) => ({ correlationId: correlationIdOf(request as Request), principal: principalOf(request as Request)?.name }),
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }),
      res: (response: { statusCode: number }) => ({ status: response.statusCode }),
    },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      requestLogLevel(response.statusCode, (response as ServerResponse & { locals?: Record<string, unknown> }).locals?.[SERVICE_STOPPING] === true, error),
    customSuccessMessage: (request: IncomingMessage, response: ServerResponse) => `${request.method} ${request.url} ${response.statusCode}`,
    customErrorMessage: (request: IncomingMessage, response: ServerResponse) => `${request.method} ${request.url} ${response.statusCode}`,
  });
}
