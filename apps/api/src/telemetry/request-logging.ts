import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { principalOf } from '../auth/request-principal';
import { correlationIdOf } from '../http/correlation-id';

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
      error !== undefined || response.statusCode >= 500 ? 'error' : 'info',
    customSuccessMessage: (request: IncomingMessage, response: ServerResponse) => `${request.method} ${request.url} ${response.statusCode}`,
    customErrorMessage: (request: IncomingMessage, response: ServerResponse) => `${request.method} ${request.url} ${response.statusCode}`,
  });
}
