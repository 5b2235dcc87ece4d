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
import { serveOpenApi } from './openapi';

export const MAX_BODY_SIZE = '1mb';

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
    ...(options.logger !== undefined ? { logger: options.logger } : { bufferLogs: true }),
  });
  if (options.logger === undefined) app.useLogger(app.get(PinoNestLogger));
  applyHttpHardening(app, config);
  app.use(correlationIdMiddleware);
  app.use(requestLogging(app.get(LOGGER)));
  app.use(app.get(ServiceLifecycle).middleware);
  app.useBodyParser('json', { limit: MAX_BODY_SIZE });
  app.disable('x-powered-by');
  serveOpenApi(app);
  return app;
}
