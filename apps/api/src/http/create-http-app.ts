import { type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LifelineConfig } from '@lifeline/config';
import { AppModule } from '../app.module';
import { correlationIdMiddleware } from './correlation-id';
import { serveOpenApi } from './openapi';

export const MAX_BODY_SIZE = '1mb';

export interface HttpAppOptions {
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * The HTTP app, configured but not listening: main.ts listens, tests hand it to supertest.
 * Filters, pipes and interceptors live in AppModule; what needs the express instance is here.
 */
export async function createHttpApp(config: LifelineConfig, options: HttpAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  app.use(correlationIdMiddleware);
  app.useBodyParser('json', { limit: MAX_BODY_SIZE });
  app.disable('x-powered-by');
  serveOpenApi(app);
  return app;
}
