import { type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LifelineConfig } from '@lifeline/config';
import { AppModule } from '../app.module';
import { ServiceLifecycle } from '../health/service-lifecycle';
import { LOGGER } from '../telemetry/logger';
import { PinoNestLogger } from '../telemetry/nest-logger';
import { requestLogging } from '../telemetry/request-logging';
import { applyHttpHardening } from '../hardening/http-hardening';
import { correlationIdMiddleware } from './correlation-id';
import { answerClientErrorsAsProblems } from './hostile-input/client-errors';
import { jsonBody } from './hostile-input/json-body';
import { requestTargetGuard } from './hostile-input/request-target';
import { buildOpenApiDocument, serveOpenApi } from './openapi';

export interface HttpAppOptions {
  /** Nest's own messages; by default they join the JSON log (LOG_LEVEL). */
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * The HTTP app, configured but not listening: main.ts listens, tests hand it to supertest.
 * Filters, pipes and interceptors live in AppModule; what needs the express instance is here.
 */
export async function createHttpApp(config: LifelineConfig, options: HttpAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // A start-up failure (store unreachable, store in another currency) reaches the caller, which
    // says it in one line; Nest's default would log a stack trace and exit on its own.
    abortOnError: false,
    // Buffered until the JSON logger is in place; not flushed to the console on a failed start.
    ...(options.logger !== undefined ? { logger: options.logger } : { bufferLogs: true, autoFlushLogs: false }),
  });
  if (options.logger === undefined) {
    app.useLogger(app.get(PinoNestLogger));
    app.flushLogs();
  }
  applyHttpHardening(app, config);
  app.use(correlationIdMiddleware);
  app.use(requestLogging(app.get(LOGGER)));
  app.use(app.get(ServiceLifecycle).middleware);
  // Hostile input is refused here, before routing and DTO transformation (see hostile-input/).
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.use(requestTargetGuard(() => (document ??= buildOpenApiDocument(app))));
  app.use(jsonBody());
  answerClientErrorsAsProblems(app.getHttpServer());
  app.disable('x-powered-by');
  serveOpenApi(app);
  return app;
}
